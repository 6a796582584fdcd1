package wire

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Property tests: random values of every test message survive each format that can carry
// them, typed and dynamic. CBOR gives the value back exactly; JSON does unless a float is
// NaN or infinite (serde_json writes null, which no float field takes back); form gives it
// back with form's known losses (formLossy).

// valueGen makes random values of a plan's types with reflect.
type valueGen struct {
	r     *rand.Rand
	depth int
}

var genStrings = []string{"", " ", "a b", "a&b=c+d%e", "[x]", "]", "[", "k[0]", "%5B", "+", "é", "日本語", "🎉", "line\nbreak", "tab\t", "\"q\"", "\\", "\x00", "x=y&z"}

func (g *valueGen) str() string {
	if g.r.IntN(3) == 0 {
		return genStrings[g.r.IntN(len(genStrings))]
	}
	var b strings.Builder
	for range g.r.IntN(8) {
		b.WriteString(genStrings[g.r.IntN(len(genStrings))])
	}
	return b.String()
}

func (g *valueGen) bits(n int) uint64 {
	switch g.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return 1<<(n-1) - 1 // max signed
	case 2:
		return 1 << (n - 1) // min signed, as bits
	case 3:
		return 1<<n - 1 // max unsigned, or -1
	}
	return g.r.Uint64() >> (64 - n)
}

func (g *valueGen) float(bits int) float64 {
	switch g.r.IntN(10) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1 - 2*g.r.IntN(2))
	case 2:
		return math.Copysign(0, -1)
	case 3:
		return 0.1
	case 4:
		return 5e-324
	case 5:
		return float64(g.r.IntN(2000) - 1000)
	}
	if bits == 32 {
		return float64(math.Float32frombits(g.r.Uint32()))
	}
	return math.Float64frombits(g.r.Uint64())
}

func (g *valueGen) message(p *msgPlan, rv reflect.Value) {
	g.depth++
	defer func() { g.depth-- }()
	for i := range p.fields {
		fp := &p.fields[i]
		fv := rv.Field(fieldByOffset(rv.Type(), fp.offset))
		if fp.oneof == nil {
			g.value(fp.codec, fv)
			continue
		}
		if vi := g.r.IntN(len(fp.oneof.variants) + 1); vi < len(fp.oneof.variants) {
			v := &fp.oneof.variants[vi]
			w := reflect.New(v.wrapper).Elem()
			g.value(v.codec, w.Field(0))
			fv.Set(w)
		}
	}
}

func (g *valueGen) value(c *codec, rv reflect.Value) {
	deep := g.depth >= 2
	switch c.kind {
	case KindString:
		rv.SetString(g.str())
	case KindEnum:
		rv.SetString(c.enum.desc.Values[g.r.IntN(len(c.enum.desc.Values))])
	case KindBool:
		rv.SetBool(g.r.IntN(2) == 0)
	case KindInt32:
		rv.SetInt(int64(int32(g.bits(32))))
	case KindInt64:
		rv.SetInt(int64(g.bits(64)))
	case KindUint32:
		rv.SetUint(g.bits(32))
	case KindUint64:
		rv.SetUint(g.bits(64))
	case KindFloat32:
		rv.SetFloat(g.float(32))
	case KindFloat64:
		rv.SetFloat(g.float(64))
	case KindBytes:
		b := make([]byte, g.r.IntN(6))
		for i := range b {
			b[i] = byte(g.r.IntN(256))
		}
		rv.SetBytes(b)
	case KindTimestamp:
		sec := g.r.Int64N(253402300799+62135596800) - 62135596800
		ns := [...]int{0, 123_000_000, 123_456_000, 123_456_789}[g.r.IntN(4)]
		rv.Set(reflect.ValueOf(time.Unix(sec, int64(ns)).UTC()))
	case KindMessage:
		if c.boxed {
			np := reflect.New(c.msg.rtype)
			g.message(c.msg, np.Elem())
			rv.Set(np)
			return
		}
		g.message(c.msg, rv)
	case KindOptional:
		if deep || g.r.IntN(2) == 0 {
			return
		}
		np := reflect.New(c.elem.rtype)
		g.value(c.elem, np.Elem())
		rv.Set(np)
	case KindList:
		if deep {
			return
		}
		n := g.r.IntN(4)
		s := reflect.MakeSlice(c.rtype, n, n)
		for i := range n {
			g.value(c.elem, s.Index(i))
		}
		rv.Set(s)
	case KindMap:
		if deep {
			return
		}
		m := reflect.MakeMap(c.rtype)
		for range g.r.IntN(4) {
			k := reflect.New(c.key.rtype).Elem()
			g.value(c.key, k)
			v := reflect.New(c.elem.rtype).Elem()
			g.value(c.elem, v)
			m.SetMapIndex(k, v)
		}
		rv.Set(m)
	case KindJSONValue:
		if v := g.anyValue(0); v != nil {
			rv.Set(reflect.ValueOf(v))
		}
	case KindJSONObject:
		rv.Set(reflect.ValueOf(g.object(0)))
	}
}

func (g *valueGen) anyValue(depth int) any {
	switch n := g.r.IntN(9); {
	case n == 0:
		return nil
	case n == 1:
		return g.r.IntN(2) == 0
	case n == 2:
		return g.str()
	case n == 3:
		return int64(g.bits(64))
	case n == 4:
		return uint64(math.MaxInt64) + 1 + g.r.Uint64N(math.MaxInt64)
	case n == 5:
		if f := g.float(64); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
		return 1.5
	case n == 6 && depth < 3:
		out := []any{}
		for range g.r.IntN(3) {
			out = append(out, g.anyValue(depth+1))
		}
		return out
	case depth < 3:
		return g.object(depth + 1)
	}
	return "leaf"
}

func (g *valueGen) object(depth int) map[string]any {
	out := map[string]any{}
	for range g.r.IntN(3) {
		out[g.str()] = g.anyValue(depth)
	}
	return out
}

func (g *valueGen) random(m *Message) any {
	p, err := m.getPlan()
	if err != nil {
		panic(err)
	}
	rv := reflect.New(p.rtype)
	g.message(p, rv.Elem())
	return rv.Interface()
}

// nonFinite reports whether a value holds a NaN or infinite float, which JSON loses.
func nonFinite(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return math.IsNaN(f) || math.IsInf(f, 0)
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && nonFinite(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if nonFinite(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if nonFinite(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if nonFinite(it.Value()) {
				return true
			}
		}
	}
	return false
}

type format struct {
	name string
	enc  func(*Message, any) ([]byte, error)
	dec  func(*Message, []byte, any, *Limits) error
}

var (
	formForm = format{"form", MarshalForm, UnmarshalForm}
	formJSON = format{"json", MarshalJSON, UnmarshalJSON}
	formCBOR = format{"cbor", MarshalCBOR, UnmarshalCBOR}
)

func TestRoundTripRandom(t *testing.T) {
	t.Parallel()
	type subject struct {
		name    string
		msg     func(typed bool) *Message
		formats []format
	}
	all := []format{formForm, formJSON, formCBOR}
	subjects := []subject{
		{"Everything", func(typed bool) *Message { return vectorSchema(typed)["Everything"] }, all},
		{"Search", func(typed bool) *Message { return vectorSchema(typed)["Search"] }, all},
		{"Empty", func(typed bool) *Message { return vectorSchema(typed)["Empty"] }, all},
		{"Extras", func(typed bool) *Message { return newExtrasSchema(typed).extras }, all},
		{"Node", func(typed bool) *Message { return newExtrasSchema(typed).node }, all},
		{"TodoList", func(typed bool) *Message { return newExtrasSchema(typed).todoList }, all[1:]},
		{"TitleLen", func(typed bool) *Message { return newExtrasSchema(typed).titleLen }, all[1:]},
		{"JSONBag", func(typed bool) *Message { return newExtrasSchema(typed).jsonBag }, all[1:2]},
	}
	for _, s := range subjects {
		for _, typed := range []bool{true, false} {
			mode := map[bool]string{true: "typed", false: "dynamic"}[typed]
			t.Run(s.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				m := s.msg(typed)
				g := &valueGen{r: rand.New(rand.NewPCG(1, uint64(len(s.name))))}
				for i := range 300 {
					v := g.random(m)
					for _, f := range s.formats {
						checkRoundTrip(t, fmt.Sprintf("%s #%d", f.name, i), m, f, v)
					}
				}
			})
		}
	}
}

func checkRoundTrip(t *testing.T, label string, m *Message, f format, v any) {
	t.Helper()
	data, err := f.enc(m, v)
	if err != nil {
		t.Fatalf("%s: encoding %+v: %v", label, v, err)
	}
	got := m.New()
	err = f.dec(m, data, got, nil)
	want := v
	switch f.name {
	case "form":
		want = formLossy(m, v)
	case "json":
		if nonFinite(reflect.ValueOf(v)) {
			if err == nil {
				t.Errorf("%s: decoding %s with a null float succeeded", label, data)
			}
			return
		}
	}
	if err != nil {
		t.Fatalf("%s: decoding %q: %v", label, data, err)
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Fatalf("%s: %q round trip (-want +got):\n%s", label, data, diff)
	}
}
