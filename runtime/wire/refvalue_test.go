package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Test helpers that turn the reference's serde_json values into Go values of a plan's
// types, independently of the codecs under test: they walk the plan with reflect and read
// the JSON with encoding/json.

// refConv builds Go values from reference JSON. serde_json writes NaN and infinities as
// null, so a null in a float field is read back from the case's form url, which spells it.
type refConv struct {
	urlPairs map[string]string
}

func newRefConv(rawURL string) *refConv {
	c := &refConv{urlPairs: map[string]string{}}
	for _, kv := range strings.Split(rawURL, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if uv, err := url.QueryUnescape(v); err == nil {
			c.urlPairs[k] = uv
		}
	}
	return c
}

func decodeRefJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// build returns a pointer to a new value of m's Go type holding raw.
func (c *refConv) build(m *Message, raw any) (any, error) {
	p, err := m.getPlan()
	if err != nil {
		return nil, err
	}
	rv := reflect.New(p.rtype)
	if err := c.message(p, rv.Elem(), raw, ""); err != nil {
		return nil, err
	}
	return rv.Interface(), nil
}

func fieldByOffset(t reflect.Type, off uintptr) int {
	for i := range t.NumField() {
		if t.Field(i).Offset == off {
			return i
		}
	}
	panic(fmt.Sprintf("no field at offset %d in %v", off, t))
}

func childKey(key, seg string) string {
	if key == "" {
		return seg
	}
	return key + "[" + seg + "]"
}

func (c *refConv) message(p *msgPlan, dst reflect.Value, raw any, key string) error {
	if p.transparent || p.unit {
		return fmt.Errorf("refConv: %s: transparent and unit messages are not in the vectors", p.desc.Name)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: want an object, got %T", key, raw)
	}
	for i := range p.fields {
		fp := &p.fields[i]
		fv := dst.Field(fieldByOffset(dst.Type(), fp.offset))
		val, present := obj[fp.name]
		if !present {
			continue
		}
		k := childKey(key, fp.name)
		var err error
		if fp.oneof != nil {
			err = c.oneof(fp.oneof, fv, val, k)
		} else {
			err = c.value(fp.codec, fv, val, k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *refConv) oneof(o *oneofPlan, dst reflect.Value, raw any, key string) error {
	if raw == nil {
		return nil
	}
	obj := raw.(map[string]any)
	for name, val := range obj {
		for i := range o.variants {
			v := &o.variants[i]
			if v.name != name {
				continue
			}
			w := reflect.New(v.wrapper).Elem()
			if err := c.value(v.codec, w.Field(0), val, childKey(key, name)); err != nil {
				return err
			}
			dst.Set(w)
			return nil
		}
		return fmt.Errorf("%s: no variant %q", key, name)
	}
	return nil
}

func (c *refConv) value(cd *codec, dst reflect.Value, raw any, key string) error {
	switch cd.kind {
	case KindString, KindEnum:
		dst.SetString(raw.(string))
	case KindBool:
		dst.SetBool(raw.(bool))
	case KindInt32, KindInt64:
		n, err := strconv.ParseInt(string(raw.(json.Number)), 10, 64)
		if err != nil {
			return err
		}
		dst.SetInt(n)
	case KindUint32, KindUint64:
		n, err := strconv.ParseUint(string(raw.(json.Number)), 10, 64)
		if err != nil {
			return err
		}
		dst.SetUint(n)
	case KindFloat32, KindFloat64:
		if raw == nil {
			switch c.urlPairs[key] {
			case "NaN":
				dst.SetFloat(math.NaN())
			case "inf":
				dst.SetFloat(math.Inf(1))
			case "-inf":
				dst.SetFloat(math.Inf(-1))
			default:
				return fmt.Errorf("%s: null float with no non-finite value in the url", key)
			}
			return nil
		}
		bits := 64
		if cd.kind == KindFloat32 {
			bits = 32
		}
		f, err := strconv.ParseFloat(string(raw.(json.Number)), bits)
		if err != nil {
			return err
		}
		dst.SetFloat(f)
	case KindBytes:
		arr := raw.([]any)
		b := make([]byte, len(arr))
		for i, x := range arr {
			n, _ := strconv.Atoi(string(x.(json.Number)))
			b[i] = byte(n)
		}
		dst.SetBytes(b)
	case KindTimestamp:
		t, err := time.Parse(time.RFC3339Nano, raw.(string))
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(t.UTC()))
	case KindMessage:
		if cd.boxed {
			np := reflect.New(cd.msg.rtype)
			if err := c.message(cd.msg, np.Elem(), raw, key); err != nil {
				return err
			}
			dst.Set(np)
			return nil
		}
		return c.message(cd.msg, dst, raw, key)
	case KindOptional:
		if raw == nil {
			return nil
		}
		np := reflect.New(cd.elem.rtype)
		if err := c.value(cd.elem, np.Elem(), raw, key); err != nil {
			return err
		}
		dst.Set(np)
	case KindList:
		arr := raw.([]any)
		s := reflect.MakeSlice(cd.rtype, len(arr), len(arr))
		for i, el := range arr {
			if err := c.value(cd.elem, s.Index(i), el, childKey(key, strconv.Itoa(i))); err != nil {
				return err
			}
		}
		dst.Set(s)
	case KindMap:
		obj := raw.(map[string]any)
		m := reflect.MakeMapWithSize(cd.rtype, len(obj))
		for k, v := range obj {
			kv := reflect.New(cd.key.rtype).Elem()
			switch cd.key.kind {
			case KindString:
				kv.SetString(k)
			case KindBool:
				kv.SetBool(k == "true")
			case KindInt32, KindInt64:
				n, err := strconv.ParseInt(k, 10, 64)
				if err != nil {
					return err
				}
				kv.SetInt(n)
			default:
				n, err := strconv.ParseUint(k, 10, 64)
				if err != nil {
					return err
				}
				kv.SetUint(n)
			}
			vv := reflect.New(cd.elem.rtype).Elem()
			if err := c.value(cd.elem, vv, v, childKey(key, k)); err != nil {
				return err
			}
			m.SetMapIndex(kv, vv)
		}
		dst.Set(m)
	default:
		return fmt.Errorf("%s: refConv does not build %v", key, cd.kind)
	}
	return nil
}

// formLossy returns what a form round trip gives back for the value at v (a pointer to
// m's type): form cannot tell Some("") from None (SPEC 4.1), so empty optional strings
// and bytes become None. Empty lists and maps are equated by the comparison options.
func formLossy(m *Message, v any) any {
	p, _ := m.getPlan()
	out := reflect.New(p.rtype)
	out.Elem().Set(reflect.ValueOf(v).Elem())
	lossyMessage(p, out.Elem())
	return out.Interface()
}

func lossyMessage(p *msgPlan, v reflect.Value) {
	for i := range p.fields {
		fp := &p.fields[i]
		fv := v.Field(fieldByOffset(v.Type(), fp.offset))
		if fp.codec != nil {
			lossyValue(fp.codec, fv)
			continue
		}
		if fv.IsNil() {
			continue
		}
		w := reflect.New(fv.Elem().Type()).Elem()
		w.Set(fv.Elem())
		for j := range fp.oneof.variants {
			vp := &fp.oneof.variants[j]
			if vp.wrapper != w.Type() {
				continue
			}
			if formEmpty(vp.codec, w.Field(0)) {
				fv.SetZero() // a variant whose value writes nothing comes back as none
				break
			}
			lossyValue(vp.codec, w.Field(0))
			fv.Set(w)
		}
	}
}

func lossyValue(c *codec, v reflect.Value) {
	switch c.kind {
	case KindOptional:
		if v.IsNil() {
			return
		}
		if e := v.Elem(); formEmpty(c.elem, e) || ((c.elem.kind == KindString || c.elem.kind == KindBytes) && e.Len() == 0) {
			v.SetZero()
			return
		}
		np := reflect.New(c.elem.rtype)
		np.Elem().Set(v.Elem())
		lossyValue(c.elem, np.Elem())
		v.Set(np)
	case KindMessage:
		if !c.boxed {
			lossyMessage(c.msg, v)
			return
		}
		if !v.IsNil() {
			np := reflect.New(c.msg.rtype)
			np.Elem().Set(v.Elem().Elem())
			lossyMessage(c.msg, np.Elem())
			v.Set(np)
		}
	case KindList:
		if v.Len() > 0 {
			s := reflect.MakeSlice(c.rtype, v.Len(), v.Len())
			reflect.Copy(s, v)
			for i := range s.Len() {
				lossyValue(c.elem, s.Index(i))
			}
			v.Set(s)
		}
	}
}

// formEmpty reports a value that a form body holds no pair for.
func formEmpty(c *codec, v reflect.Value) bool {
	switch c.kind {
	case KindOptional:
		return v.IsNil() || formEmpty(c.elem, v.Elem())
	case KindList, KindMap:
		return v.Len() == 0
	case KindMessage:
		p := c.msg
		if c.boxed {
			if v.IsNil() {
				return true
			}
			v = v.Elem().Elem()
		}
		if p.unit {
			return true
		}
		for i := range p.fields {
			fp := &p.fields[i]
			fv := v.Field(fieldByOffset(v.Type(), fp.offset))
			if fp.codec != nil {
				if !formEmpty(fp.codec, fv) {
					return false
				}
				continue
			}
			if fv.IsNil() {
				continue
			}
			for j := range fp.oneof.variants {
				vp := &fp.oneof.variants[j]
				if vp.wrapper == fv.Elem().Type() && !formEmpty(vp.codec, fv.Elem().Field(0)) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// cmpOpts compares decoded values: NaN equals NaN and -0 differs from 0 (bit equality),
// nil and empty slices and maps are the same (decoders leave empty collections nil).
var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
	}),
	cmp.Comparer(func(a, b float32) bool {
		return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
	}),
	cmpopts.EquateEmpty(),
}

// jsonEqual compares two JSON texts by value, numbers exactly.
func jsonEqual(a, b []byte) (bool, error) {
	va, err := decodeRefJSON(a)
	if err != nil {
		return false, err
	}
	vb, err := decodeRefJSON(b)
	if err != nil {
		return false, err
	}
	return cmp.Equal(va, vb, cmp.Comparer(func(x, y json.Number) bool {
		rx, okx := new(big.Rat).SetString(string(x))
		ry, oky := new(big.Rat).SetString(string(y))
		return okx && oky && rx.Cmp(ry) == 0
	})), nil
}
