package wire

import (
	"encoding/binary"
	"math"
	"time"
	"unicode/utf8"
	"unsafe"
)

// The CBOR encoder writes what ciborium 0.2.2 writes for serde's data model: definite
// lengths, a struct as a map with text keys in declaration order (None as null, so every
// field is present), integers and lengths in their shortest head, floats in the shortest
// width that holds them exactly, bytes as a byte string, an enum as its name, a oneof as a
// one-entry map, and no tags.

// Major types, already shifted into the high bits of the initial byte.
const (
	majorUint   byte = 0 << 5
	majorNeg    byte = 1 << 5
	majorBytes  byte = 2 << 5
	majorText   byte = 3 << 5
	majorArray  byte = 4 << 5
	majorMap    byte = 5 << 5
	majorTag    byte = 6 << 5
	majorSimple byte = 7 << 5
)

// Simple values and float heads of major type 7.
const (
	cborFalse     byte = 0xf4
	cborTrue      byte = 0xf5
	cborNull      byte = 0xf6
	cborUndefined byte = 0xf7
	cborFloat16   byte = 0xf9
	cborFloat32   byte = 0xfa
	cborFloat64   byte = 0xfb
)

func appendCBORHead(dst []byte, major byte, n uint64) []byte {
	switch {
	case n < 24:
		return append(dst, major|byte(n))
	case n <= math.MaxUint8:
		return append(dst, major|24, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, major|25), uint16(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, major|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(dst, major|27), n)
}

func appendCBORText(dst []byte, s string) []byte {
	return append(appendCBORHead(dst, majorText, uint64(len(s))), s...)
}

func appendCBORInt(dst []byte, v int64) []byte {
	if v >= 0 {
		return appendCBORHead(dst, majorUint, uint64(v))
	}
	return appendCBORHead(dst, majorNeg, ^uint64(v)) // -1 - v
}

// appendCBORFloat writes f in the shortest of half, single and double precision that
// holds it exactly, as ciborium does; every NaN is the half-precision quiet NaN.
func appendCBORFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) {
		return append(dst, cborFloat16, 0x7e, 0x00)
	}
	if h, ok := float16Bits(f); ok {
		return binary.BigEndian.AppendUint16(append(dst, cborFloat16), h)
	}
	if f32 := float32(f); math.Float64bits(float64(f32)) == math.Float64bits(f) {
		return binary.BigEndian.AppendUint32(append(dst, cborFloat32), math.Float32bits(f32))
	}
	return binary.BigEndian.AppendUint64(append(dst, cborFloat64), math.Float64bits(f))
}

type cborEncoder struct {
	buf   []byte
	depth int
}

func appendCBOR(dst []byte, p *msgPlan, ptr unsafe.Pointer) ([]byte, error) {
	if p.jsonOnly != "" {
		return dst, encodeErr(jsonOnlyErr(p, "CBOR"))
	}
	e := cborEncoder{buf: dst}
	err := e.message(p, ptr)
	return e.buf, err
}

func (e *cborEncoder) message(p *msgPlan, ptr unsafe.Pointer) error {
	if e.depth++; e.depth > maxEncodeDepth {
		return tooDeep()
	}
	defer func() { e.depth-- }()
	switch {
	case p.unit:
		e.buf = append(e.buf, cborNull)
		return nil
	case p.transparent:
		return e.field(&p.fields[0], ptr)
	}
	e.buf = append(e.buf, p.cborHead...)
	for i := range p.fields {
		f := &p.fields[i]
		e.buf = append(e.buf, f.cborKey...)
		if err := e.field(f, ptr); err != nil {
			return inField(err, f.name)
		}
	}
	return nil
}

func (e *cborEncoder) field(f *fieldPlan, ptr unsafe.Pointer) error {
	if f.oneof == nil {
		return e.value(f.codec, unsafe.Add(ptr, f.offset))
	}
	v, vp, err := f.oneof.get(unsafe.Add(ptr, f.offset))
	if v == nil {
		if err == nil {
			e.buf = append(e.buf, cborNull)
		}
		return err
	}
	e.buf = append(e.buf, majorMap|1)
	e.buf = append(e.buf, v.cborKey...)
	if err := e.value(v.codec, vp); err != nil {
		return inField(err, v.name)
	}
	return nil
}

func (e *cborEncoder) value(c *codec, ptr unsafe.Pointer) error {
	switch c.kind {
	case KindString:
		s := *(*string)(ptr)
		if !utf8.ValidString(s) {
			return encodeErr("string is not valid UTF-8")
		}
		e.buf = appendCBORText(e.buf, s)
	case KindBool:
		if *(*bool)(ptr) {
			e.buf = append(e.buf, cborTrue)
		} else {
			e.buf = append(e.buf, cborFalse)
		}
	case KindInt32:
		e.buf = appendCBORInt(e.buf, int64(*(*int32)(ptr)))
	case KindInt64:
		e.buf = appendCBORInt(e.buf, *(*int64)(ptr))
	case KindUint32:
		e.buf = appendCBORHead(e.buf, majorUint, uint64(*(*uint32)(ptr)))
	case KindUint64:
		e.buf = appendCBORHead(e.buf, majorUint, *(*uint64)(ptr))
	case KindFloat32:
		e.buf = appendCBORFloat(e.buf, float64(*(*float32)(ptr)))
	case KindFloat64:
		e.buf = appendCBORFloat(e.buf, *(*float64)(ptr))
	case KindBytes:
		b := *(*[]byte)(ptr)
		e.buf = append(appendCBORHead(e.buf, majorBytes, uint64(len(b))), b...)
	case KindEnum:
		i := c.enum.lookup(*(*string)(ptr))
		if i < 0 {
			return badEnum(c.enum, *(*string)(ptr))
		}
		e.buf = append(e.buf, c.enum.cbor[i]...)
	case KindTimestamp:
		var tmp [40]byte
		ts, err := appendTimestamp(tmp[:0], *(*time.Time)(ptr))
		if err != nil {
			return err
		}
		e.buf = append(appendCBORHead(e.buf, majorText, uint64(len(ts))), ts...)
	case KindMessage:
		return e.message(c.msg, c.msgAt(ptr))
	case KindOptional:
		np := *(*unsafe.Pointer)(ptr)
		if np == nil {
			e.buf = append(e.buf, cborNull)
			return nil
		}
		return e.value(c.elem, np)
	case KindList:
		h := (*sliceHeader)(ptr)
		e.buf = appendCBORHead(e.buf, majorArray, uint64(h.len))
		for i := 0; i < h.len; i++ {
			if err := e.value(c.elem, unsafe.Add(h.data, uintptr(i)*c.elem.size)); err != nil {
				return atIndex(err, i)
			}
		}
	case KindMap:
		return e.mapValue(c, ptr)
	case KindTextVariant:
		return e.textVariant(c, ptr)
	default:
		return encodeErr(c.kind.String() + " cannot be carried by CBOR")
	}
	return nil
}

func (e *cborEncoder) mapValue(c *codec, ptr unsafe.Pointer) error {
	ents := c.sortedEntries(ptr)
	if ents == nil {
		e.buf = append(e.buf, majorMap)
		return nil
	}
	defer c.release(ents)
	e.buf = appendCBORHead(e.buf, majorMap, uint64(ents.n))
	for i := range ents.n {
		kp := ents.key(i)
		switch c.key.kind {
		case KindString:
			s := *(*string)(kp)
			if !utf8.ValidString(s) {
				return atKey(encodeErr("map key is not valid UTF-8"), quoteKey(s))
			}
			e.buf = appendCBORText(e.buf, s)
		default:
			if err := e.value(c.key, kp); err != nil {
				return err
			}
		}
		if err := e.value(c.elem, ents.val(i)); err != nil {
			return atKey(err, keyPathString(c.key.kind, kp))
		}
	}
	return nil
}
