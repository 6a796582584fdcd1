package wire

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"
)

// The form encoder writes what serde_qs 0.15's to_string writes: fields in declaration
// order, nested keys as a[b][0] with literal brackets, each key segment and value
// percent-encoded, None and empty collections left out.

type formEncoder struct {
	buf   []byte
	key   []byte // the current key: its segments, each escaped, bracketed after the first
	depth int    // segments in key
	pairs int
}

// formEncoders keeps encoders, and so the buffers their keys are built in, between calls.
var formEncoders = sync.Pool{New: func() any { return new(formEncoder) }}

func appendForm(dst []byte, p *msgPlan, ptr unsafe.Pointer) ([]byte, error) {
	if p.jsonOnly != "" {
		return dst, encodeErr(jsonOnlyErr(p, "form encoding"))
	}
	e := formEncoders.Get().(*formEncoder)
	defer func() {
		e.buf = nil
		formEncoders.Put(e)
	}()
	e.buf, e.key, e.depth, e.pairs = dst, e.key[:0], 0, 0
	var err error
	switch {
	case p.unit:
	case p.transparent:
		// serde_qs writes a struct, or what a transparent message stands for when that is
		// a struct; a bare list or scalar has no key to go under.
		f := &p.fields[0]
		if f.codec == nil || f.codec.kind != KindMessage {
			return dst, encodeErr("form encoding needs a struct at the top level, and " + p.desc.Name + " stands for a " + kindOf(f))
		}
		err = e.value(f.codec, unsafe.Add(ptr, f.offset))
	default:
		err = e.message(p, ptr)
	}
	return e.buf, err
}

func kindOf(f *fieldPlan) string {
	if f.oneof != nil {
		return "oneof"
	}
	return f.codec.kind.String()
}

func (e *formEncoder) push(seg []byte) int {
	mark := len(e.key)
	if e.depth > 0 {
		e.key = append(e.key, '[')
		e.key = append(e.key, seg...)
		e.key = append(e.key, ']')
	} else {
		e.key = append(e.key, seg...)
	}
	e.depth++
	return mark
}

func (e *formEncoder) pop(mark int) {
	e.key = e.key[:mark]
	e.depth--
}

// start writes "&key=" (no "&" before the first pair); the value follows.
func (e *formEncoder) start() {
	if e.pairs > 0 {
		e.buf = append(e.buf, '&')
	}
	e.pairs++
	e.buf = append(e.buf, e.key...)
	e.buf = append(e.buf, '=')
}

func (e *formEncoder) message(p *msgPlan, ptr unsafe.Pointer) error {
	for i := range p.fields {
		f := &p.fields[i]
		mark := e.push(f.formKey)
		var err error
		if f.oneof != nil {
			err = e.oneof(f.oneof, unsafe.Add(ptr, f.offset))
		} else {
			err = e.value(f.codec, unsafe.Add(ptr, f.offset))
		}
		e.pop(mark)
		if err != nil {
			return inField(err, f.name)
		}
	}
	return nil
}

func (e *formEncoder) oneof(o *oneofPlan, ptr unsafe.Pointer) error {
	v, vp, err := o.get(ptr)
	if v == nil {
		return err
	}
	mark := e.push(v.formKey)
	err = e.value(v.codec, vp)
	e.pop(mark)
	if err != nil {
		return inField(err, v.name)
	}
	return nil
}

func (e *formEncoder) value(c *codec, ptr unsafe.Pointer) error {
	switch c.kind {
	case KindString:
		s := *(*string)(ptr)
		if !utf8.ValidString(s) {
			return encodeErr("string is not valid UTF-8")
		}
		e.start()
		e.buf = appendFormEscaped(e.buf, s)
	case KindBytes:
		e.start()
		e.buf = appendFormEscaped(e.buf, *(*[]byte)(ptr))
	case KindEnum:
		i := c.enum.lookup(*(*string)(ptr))
		if i < 0 {
			return badEnum(c.enum, *(*string)(ptr))
		}
		e.start()
		e.buf = append(e.buf, c.enum.form[i]...)
	case KindBool, KindInt32, KindInt64, KindUint32, KindUint64, KindFloat32, KindFloat64:
		e.start()
		e.buf = appendFormScalar(e.buf, c.kind, ptr)
	case KindTimestamp:
		var tmp [40]byte
		ts, err := appendTimestamp(tmp[:0], *(*time.Time)(ptr))
		if err != nil {
			return err
		}
		e.start()
		e.buf = appendFormEscaped(e.buf, ts)
	case KindMessage:
		mp := c.msg
		ptr = c.msgAt(ptr)
		if mp.transparent {
			f := &mp.fields[0]
			if f.oneof != nil {
				return e.oneof(f.oneof, unsafe.Add(ptr, f.offset))
			}
			return e.value(f.codec, unsafe.Add(ptr, f.offset))
		}
		return e.message(mp, ptr)
	case KindOptional:
		if np := *(*unsafe.Pointer)(ptr); np != nil {
			return e.value(c.elem, np)
		}
	case KindList:
		h := (*sliceHeader)(ptr)
		var num [20]byte
		for i := 0; i < h.len; i++ {
			mark := e.push(strconv.AppendInt(num[:0], int64(i), 10))
			err := e.value(c.elem, unsafe.Add(h.data, uintptr(i)*c.elem.size))
			e.pop(mark)
			if err != nil {
				return atIndex(err, i)
			}
		}
	case KindMap:
		return e.mapValue(c, ptr)
	default:
		return encodeErr(c.kind.String() + " cannot be carried by form encoding")
	}
	return nil
}

func (e *formEncoder) mapValue(c *codec, ptr unsafe.Pointer) error {
	ents := c.sortedEntries(ptr)
	if ents == nil {
		return nil
	}
	defer c.release(ents)
	var buf [64]byte
	seg := buf[:0]
	for i := range ents.n {
		kp := ents.key(i)
		if c.key.kind == KindString {
			s := *(*string)(kp)
			if !utf8.ValidString(s) {
				return atKey(encodeErr("map key is not valid UTF-8"), quoteKey(s))
			}
			seg = appendFormEscaped(seg[:0], s)
		} else {
			seg = appendFormScalar(seg[:0], c.key.kind, kp)
		}
		mark := e.push(seg)
		err := e.value(c.elem, ents.val(i))
		e.pop(mark)
		if err != nil {
			return atKey(err, keyPathString(c.key.kind, kp))
		}
	}
	return nil
}

// appendFormScalar writes a bool or number as Rust's Display (to_string) does.
func appendFormScalar(dst []byte, k Kind, ptr unsafe.Pointer) []byte {
	switch k {
	case KindBool:
		return strconv.AppendBool(dst, *(*bool)(ptr))
	case KindInt32:
		return strconv.AppendInt(dst, int64(*(*int32)(ptr)), 10)
	case KindInt64:
		return strconv.AppendInt(dst, *(*int64)(ptr), 10)
	case KindUint32:
		return strconv.AppendUint(dst, uint64(*(*uint32)(ptr)), 10)
	case KindUint64:
		return strconv.AppendUint(dst, *(*uint64)(ptr), 10)
	case KindFloat32:
		return appendRustFloat(dst, float64(*(*float32)(ptr)), 32)
	case KindFloat64:
		return appendRustFloat(dst, *(*float64)(ptr), 64)
	}
	return dst
}

// keyPathString spells a map key for an error path.
func keyPathString(k Kind, ptr unsafe.Pointer) string {
	if k == KindString {
		return quoteKey(*(*string)(ptr))
	}
	return string(appendFormScalar(nil, k, ptr))
}

func badEnum(e *enumPlan, got string) *EncodeError {
	return badEnumValue(e.desc, got)
}

// formSafe marks the bytes serde_qs leaves unescaped: ASCII letters and digits and * - . _
// (space becomes "+").
var formSafe = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['*'], t['-'], t['.'], t['_'] = true, true, true, true
	return t
}()

// appendFormEscaped percent-encodes s as serde_qs does, with uppercase hex.
func appendFormEscaped[T ~string | ~[]byte](dst []byte, s T) []byte {
	const hex = "0123456789ABCDEF"
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if formSafe[c] {
			continue
		}
		dst = append(dst, s[start:i]...)
		if c == ' ' {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	return append(dst, s[start:]...)
}
