package wire

import (
	"errors"
	"strings"
	"sync"
	"unsafe"
)

// The entry points of the three formats share their shape: resolve the plan, check the
// value's type, run the format's walk, and turn the collected error path into Path.

// MarshalForm encodes *v, a value of m's Go type passed by pointer, as a form body or query
// string, byte for byte as serde_qs 0.15's to_string writes it (SPEC 4.1).
func MarshalForm(m *Message, v any) ([]byte, error) {
	return marshal(m, v, "MarshalForm", appendForm)
}

// AppendForm is MarshalForm appending to dst.
func AppendForm(dst []byte, m *Message, v any) ([]byte, error) {
	return appendTo(dst, m, v, "AppendForm", appendForm)
}

// MarshalJSON encodes *v as serde_json writes it (SPEC 4.2), equal to it by value.
func MarshalJSON(m *Message, v any) ([]byte, error) {
	return marshal(m, v, "MarshalJSON", appendJSON)
}

// AppendJSON is MarshalJSON appending to dst.
func AppendJSON(dst []byte, m *Message, v any) ([]byte, error) {
	return appendTo(dst, m, v, "AppendJSON", appendJSON)
}

// MarshalCBOR encodes *v byte for byte as ciborium 0.2.2 writes it (SPEC 4.3).
func MarshalCBOR(m *Message, v any) ([]byte, error) {
	return marshal(m, v, "MarshalCBOR", appendCBOR)
}

// AppendCBOR is MarshalCBOR appending to dst.
func AppendCBOR(dst []byte, m *Message, v any) ([]byte, error) {
	return appendTo(dst, m, v, "AppendCBOR", appendCBOR)
}

// UnmarshalForm decodes a form body or query string (without the "?") into *v, as serde_qs
// Config::new(5, false) does, with SPEC 4.1's deliberate differences. lim may be nil.
//
// Decoding replaces *v: it is zeroed first, and zeroed again when decoding fails, so a
// caller never sees part of a value. Decoded strings share one copy of data, and nothing
// else refers to data, so the caller may reuse it as soon as the call returns.
func UnmarshalForm(m *Message, data []byte, v any, lim *Limits) error {
	return unmarshal(m, data, v, lim, "UnmarshalForm", decodeForm)
}

// UnmarshalJSON decodes a JSON body into *v as serde_json does (SPEC 4.2), with duplicate
// keys rejected. lim may be nil. *v is replaced, and data may be reused after the call,
// as by UnmarshalForm.
func UnmarshalJSON(m *Message, data []byte, v any, lim *Limits) error {
	return unmarshal(m, data, v, lim, "UnmarshalJSON", decodeJSON)
}

// UnmarshalCBOR decodes a CBOR body into *v as ciborium does (SPEC 4.3), refusing
// indefinite lengths, duplicate keys and trailing bytes. lim may be nil. *v is replaced,
// and data may be reused after the call, as by UnmarshalForm.
func UnmarshalCBOR(m *Message, data []byte, v any, lim *Limits) error {
	return unmarshal(m, data, v, lim, "UnmarshalCBOR", decodeCBOR)
}

type encodeFunc func(dst []byte, p *msgPlan, ptr unsafe.Pointer) ([]byte, error)

type decodeFunc func(p *msgPlan, data []byte, ptr unsafe.Pointer, lim Limits) error

// maxPooledBuf keeps one huge value from pinning a huge buffer in the pool.
const maxPooledBuf = 64 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func marshal(m *Message, v any, op string, enc encodeFunc) ([]byte, error) {
	p, ptr, err := resolve(m, v, op)
	if err != nil {
		return nil, err
	}
	bp := bufPool.Get().(*[]byte)
	out, err := enc((*bp)[:0], p, ptr)
	var res []byte
	if err == nil {
		res = make([]byte, len(out))
		copy(res, out)
	}
	if cap(out) <= maxPooledBuf {
		*bp = out[:0]
		bufPool.Put(bp)
	}
	return res, fix(err)
}

func appendTo(dst []byte, m *Message, v any, op string, enc encodeFunc) ([]byte, error) {
	p, ptr, err := resolve(m, v, op)
	if err != nil {
		return dst, err
	}
	out, err := enc(dst, p, ptr)
	if err != nil {
		return dst, fix(err)
	}
	return out, nil
}

func unmarshal(m *Message, data []byte, v any, lim *Limits, op string, dec decodeFunc) error {
	p, ptr, err := resolve(m, v, op)
	if err != nil {
		return err
	}
	l := lim.resolve()
	v0 := valueAt(p.ptrWord, ptr)
	v0.SetZero()
	if err := l.checkSize(len(data)); err != nil {
		return err
	}
	if err := dec(p, data, ptr, l); err != nil {
		v0.SetZero()
		return fix(err)
	}
	return nil
}

func resolve(m *Message, v any, op string) (*msgPlan, unsafe.Pointer, error) {
	if m == nil {
		return nil, nil, errors.New("wire: " + op + ": nil *Message")
	}
	p, err := m.getPlan()
	if err != nil {
		return nil, nil, err
	}
	ptr, err := p.target(v, op)
	if err != nil {
		return nil, nil, err
	}
	return p, ptr, nil
}

// jsonOnlyErr refuses a message that holds a JSON-only kind in a format that cannot carry
// it; the compiler rejects such schemas, so this guards hand-built descriptors.
func jsonOnlyErr(p *msgPlan, format string) string {
	return "field " + p.jsonOnly + " holds google.protobuf.Value or Struct, which " + format + " cannot carry"
}

// expecting words what a value of c's type is, as serde's Visitor::expecting does, for
// "invalid type" errors.
func expecting(c *codec) string {
	if c == byteCodec {
		return "u8"
	}
	switch c.kind {
	case KindString:
		return "a string"
	case KindBool:
		return "a boolean"
	case KindInt32:
		return "i32"
	case KindInt64:
		return "i64"
	case KindUint32:
		return "u32"
	case KindUint64:
		return "u64"
	case KindFloat32:
		return "f32"
	case KindFloat64:
		return "f64"
	case KindBytes:
		return "byte array"
	case KindEnum:
		return "variant identifier"
	case KindTextVariant:
		return "enum " + c.enum.desc.Name[strings.LastIndexByte(c.enum.desc.Name, '.')+1:]
	case KindMessage:
		name := c.msg.desc.Name
		return "struct " + name[strings.LastIndexByte(name, '.')+1:]
	case KindList:
		return "a sequence"
	case KindMap, KindJSONObject:
		return "a map"
	case KindOptional:
		return "option"
	case KindTimestamp:
		return "a formatted date and time string or a unix timestamp"
	case KindJSONValue:
		return "any valid JSON value"
	}
	return c.kind.String()
}
