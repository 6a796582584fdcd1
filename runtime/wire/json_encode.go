package wire

import (
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// The JSON encoder writes what serde_json writes: every field, None as null, 64-bit
// integers as exact numbers, NaN and infinities as null, bytes as an array of numbers, map
// entries in key order (a BTreeMap's) with integer and bool keys quoted.

// maxEncodeDepth stops an encoder walking a cycle (a pointer loop, an any holding itself)
// with an error instead of exhausting the stack.
const maxEncodeDepth = 1000

type jsonEncoder struct {
	buf   []byte
	depth int
}

func appendJSON(dst []byte, p *msgPlan, ptr unsafe.Pointer) ([]byte, error) {
	e := jsonEncoder{buf: dst}
	err := e.message(p, ptr)
	return e.buf, err
}

func tooDeep() error {
	return encodeErr("value nested more than " + itoa(maxEncodeDepth) + " levels deep (a cycle?)")
}

func (e *jsonEncoder) message(p *msgPlan, ptr unsafe.Pointer) error {
	if e.depth++; e.depth > maxEncodeDepth {
		return tooDeep()
	}
	defer func() { e.depth-- }()
	switch {
	case p.unit:
		e.buf = append(e.buf, "null"...)
		return nil
	case p.transparent:
		return e.field(&p.fields[0], ptr)
	}
	e.buf = append(e.buf, '{')
	for i := range p.fields {
		f := &p.fields[i]
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, f.jsonKey...)
		if err := e.field(f, ptr); err != nil {
			return inField(err, f.name)
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

func (e *jsonEncoder) field(f *fieldPlan, ptr unsafe.Pointer) error {
	if f.oneof == nil {
		return e.value(f.codec, unsafe.Add(ptr, f.offset))
	}
	v, vp, err := f.oneof.get(unsafe.Add(ptr, f.offset))
	if v == nil {
		if err == nil {
			e.buf = append(e.buf, "null"...)
		}
		return err
	}
	e.buf = append(e.buf, '{')
	e.buf = append(e.buf, v.jsonKey...)
	if err := e.value(v.codec, vp); err != nil {
		return inField(err, v.name)
	}
	e.buf = append(e.buf, '}')
	return nil
}

func (e *jsonEncoder) value(c *codec, ptr unsafe.Pointer) error {
	switch c.kind {
	case KindString:
		s := *(*string)(ptr)
		if !utf8.ValidString(s) {
			return encodeErr("string is not valid UTF-8")
		}
		e.buf = appendJSONString(e.buf, s)
	case KindBool:
		e.buf = strconv.AppendBool(e.buf, *(*bool)(ptr))
	case KindInt32:
		e.buf = strconv.AppendInt(e.buf, int64(*(*int32)(ptr)), 10)
	case KindInt64:
		e.buf = strconv.AppendInt(e.buf, *(*int64)(ptr), 10)
	case KindUint32:
		e.buf = strconv.AppendUint(e.buf, uint64(*(*uint32)(ptr)), 10)
	case KindUint64:
		e.buf = strconv.AppendUint(e.buf, *(*uint64)(ptr), 10)
	case KindFloat32:
		e.float(float64(*(*float32)(ptr)), 32)
	case KindFloat64:
		e.float(*(*float64)(ptr), 64)
	case KindBytes:
		e.buf = appendJSONBytes(e.buf, *(*[]byte)(ptr))
	case KindEnum:
		i := c.enum.lookup(*(*string)(ptr))
		if i < 0 {
			return badEnum(c.enum, *(*string)(ptr))
		}
		e.buf = append(e.buf, c.enum.json[i]...)
	case KindTimestamp:
		e.buf = append(e.buf, '"')
		var err error
		if e.buf, err = appendTimestamp(e.buf, *(*time.Time)(ptr)); err != nil {
			return err
		}
		e.buf = append(e.buf, '"')
	case KindMessage:
		return e.message(c.msg, c.msgAt(ptr))
	case KindOptional:
		np := *(*unsafe.Pointer)(ptr)
		if np == nil {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(c.elem, np)
	case KindList:
		h := (*sliceHeader)(ptr)
		e.buf = append(e.buf, '[')
		for i := 0; i < h.len; i++ {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.value(c.elem, unsafe.Add(h.data, uintptr(i)*c.elem.size)); err != nil {
				return atIndex(err, i)
			}
		}
		e.buf = append(e.buf, ']')
	case KindMap:
		return e.mapValue(c, ptr)
	case KindJSONValue:
		return e.any(*(*any)(ptr))
	case KindJSONObject:
		return e.object(*(*map[string]any)(ptr))
	case KindTextVariant:
		return e.textVariant(c, ptr)
	default:
		return encodeErr("cannot encode a value of kind " + c.kind.String())
	}
	return nil
}

func (e *jsonEncoder) float(f float64, bits int) { e.buf = appendJSONNumber(e.buf, f, bits) }

func (e *jsonEncoder) mapValue(c *codec, ptr unsafe.Pointer) error {
	ents := c.sortedEntries(ptr)
	if ents == nil {
		e.buf = append(e.buf, "{}"...)
		return nil
	}
	defer c.release(ents)
	e.buf = append(e.buf, '{')
	for i := range ents.n {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		kp := ents.key(i)
		if c.key.kind == KindString {
			s := *(*string)(kp)
			if !utf8.ValidString(s) {
				return atKey(encodeErr("map key is not valid UTF-8"), quoteKey(s))
			}
			e.buf = appendJSONString(e.buf, s)
		} else {
			e.buf = append(e.buf, '"')
			e.buf = appendFormScalar(e.buf, c.key.kind, kp)
			e.buf = append(e.buf, '"')
		}
		e.buf = append(e.buf, ':')
		if err := e.value(c.elem, ents.val(i)); err != nil {
			return atKey(err, keyPathString(c.key.kind, kp))
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// jsonEscape gives the escape letter serde_json uses for each ASCII byte: 0 for none, 'u'
// for \u00XX.
var jsonEscape = func() (t [128]byte) {
	for c := range 0x20 {
		t[c] = 'u'
	}
	t['\b'], t['\t'], t['\n'], t['\f'], t['\r'] = 'b', 't', 'n', 'f', 'r'
	t['"'], t['\\'] = '"', '\\'
	return t
}()

// appendJSONString writes s quoted and escaped as serde_json does; s must be valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || jsonEscape[c] == 0 {
			continue
		}
		dst = append(dst, s[start:i]...)
		if esc := jsonEscape[c]; esc == 'u' {
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		} else {
			dst = append(dst, '\\', esc)
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
