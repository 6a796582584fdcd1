package wire

import (
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// The CBOR decoder reads what ciborium reads for serde's data model, with the bounds a
// server needs: integers and floats in any width (shortest or not), tags skipped as ciborium
// skips them (bignum tags 2 and 3 read as integers), bytes as a byte string, an array of
// integers or a text string (as serde_bytes takes them), text keys (or byte-string keys)
// for struct fields. It refuses what ciborium would take but a server should not:
// indefinite-length items (ciborium writes none, and they defeat length checks), duplicate
// fields and map keys, trailing bytes, and anything past the Limits. Every length is checked against the bytes left before anything is
// allocated for it.

type cborDecoder struct {
	data  []byte
	s     string // data as one string; decoded text is substrings of it
	pos   int
	depth int
	items int
	lim   Limits
}

var cborDecoders = sync.Pool{New: func() any { return new(cborDecoder) }}

// head is one item's initial byte and argument.
type head struct {
	major byte // shifted, as majorUint...
	info  byte // the low five bits
	arg   uint64
	// bignum is tag 2 or 3 when the item followed such a tag (its value is the magnitude
	// in a byte string), else 0.
	bignum uint64
}

func decodeCBOR(p *msgPlan, data []byte, ptr unsafe.Pointer, lim Limits) error {
	if p.jsonOnly != "" {
		return decodeErr(jsonOnlyErr(p, "CBOR"))
	}
	d := cborDecoders.Get().(*cborDecoder)
	*d = cborDecoder{data: data, s: string(data), lim: lim}
	defer func() {
		*d = cborDecoder{}
		cborDecoders.Put(d)
	}()
	if err := d.message(p, ptr); err != nil {
		return err
	}
	if d.pos != len(d.data) {
		return decodeErr(itoa(len(d.data)-d.pos) + " trailing bytes after the value")
	}
	return nil
}

// errEOF is out of line, as the error constructors are (errors.go).
//
//go:noinline
func errEOF() error { return decodeErr("unexpected end of input") }

// rawHead reads one initial byte and its argument.
func (d *cborDecoder) rawHead() (head, error) {
	if d.pos >= len(d.data) {
		return head{}, errEOF()
	}
	b := d.data[d.pos]
	d.pos++
	h := head{major: b & 0xe0, info: b & 0x1f}
	n := 0
	switch {
	case h.info < 24:
		h.arg = uint64(h.info)
		return h, nil
	case h.info <= 27:
		n = 1 << (h.info - 24)
	case h.info == 31:
		if h.major == majorSimple {
			return h, decodeErr("unexpected break")
		}
		return h, decodeErr("indefinite-length items are not accepted")
	default:
		return h, decodeErr("invalid CBOR: reserved additional information " + itoa(int(h.info)))
	}
	if len(d.data)-d.pos < n {
		return h, errEOF()
	}
	for _, c := range d.data[d.pos : d.pos+n] {
		h.arg = h.arg<<8 | uint64(c)
	}
	d.pos += n
	return h, nil
}

// next reads the head of the next item, skipping tags as ciborium does and remembering a
// bignum tag for the integer decoder.
func (d *cborDecoder) next() (head, error) {
	var tag uint64
	for {
		h, err := d.rawHead()
		if err != nil || h.major != majorTag {
			if tag == 2 || tag == 3 {
				h.bignum = tag
			}
			return h, err
		}
		tag = h.arg
	}
}

// length checks a byte or text length against the input left and MaxStringLen.
func (d *cborDecoder) length(h head) (int, error) {
	if h.arg > uint64(len(d.data)-d.pos) {
		return 0, errEOF()
	}
	if h.arg > uint64(d.lim.MaxStringLen) {
		return 0, limitErr("string too long: "+strconv.FormatUint(h.arg, 10)+" bytes", "MaxStringLen", d.lim.MaxStringLen)
	}
	return int(h.arg), nil
}

// count checks a container's declared length: against MaxCBORLen, against the bytes left
// (each element takes at least per bytes), and, unless it is a struct's map, against
// MaxItems.
func (d *cborDecoder) count(h head, per uint64, isStruct bool) (int, error) {
	if h.arg > uint64(d.lim.MaxCBORLen) {
		return 0, limitErr("CBOR length too large: "+strconv.FormatUint(h.arg, 10), "MaxCBORLen", d.lim.MaxCBORLen)
	}
	if h.arg*per > uint64(len(d.data)-d.pos) {
		return 0, errEOF()
	}
	if isStruct {
		return int(h.arg), nil
	}
	d.items += int(h.arg)
	if d.items > d.lim.MaxItems {
		return 0, limitErr("too many list elements and map entries", "MaxItems", d.lim.MaxItems)
	}
	return int(h.arg), nil
}

func (d *cborDecoder) enter() error {
	d.depth++
	if d.depth > d.lim.MaxCBORDepth {
		return limitErr("CBOR nested too deep", "MaxCBORDepth", d.lim.MaxCBORDepth)
	}
	return nil
}

// text reads the body of a text item as a substring of the input.
func (d *cborDecoder) text(h head) (string, error) {
	n, err := d.length(h)
	if err != nil {
		return "", err
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	if !utf8.ValidString(s) {
		return "", decodeErr("invalid UTF-8")
	}
	return s, nil
}

func (d *cborDecoder) message(p *msgPlan, ptr unsafe.Pointer) error {
	switch {
	case p.unit:
		h, err := d.next()
		if err != nil {
			return err
		}
		if h.major != majorSimple || h.info != cborNull&0x1f {
			return invalidCBOR(h, "unit")
		}
		return nil
	case p.transparent:
		return d.field(&p.fields[0], ptr)
	}
	h, err := d.next()
	if err != nil {
		return err
	}
	if h.major != majorMap {
		return invalidCBOR(h, structName(p))
	}
	n, err := d.count(h, 2, true)
	if err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	var seen bitset
	seen.init(len(p.fields))
	hint := -1
	for range n {
		kh, err := d.next()
		if err != nil {
			return err
		}
		if kh.major != majorText && kh.major != majorBytes {
			return invalidCBOR(kh, "str or bytes")
		}
		kn, err := d.length(kh)
		if err != nil {
			return err
		}
		key := d.data[d.pos : d.pos+kn]
		d.pos += kn
		f := p.find(key, hint)
		if f < 0 {
			if kh.major == majorText && !utf8.Valid(key) {
				return decodeErr("invalid UTF-8")
			}
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		fp := &p.fields[f]
		if seen.has(f) {
			return duplicateField(fp.name)
		}
		seen.set(f)
		hint = f
		if err := d.field(fp, ptr); err != nil {
			return inField(err, fp.name)
		}
	}
	d.depth--
	for f := range p.fields {
		if !seen.has(f) && p.fields[f].required(false) {
			return missingField(p.fields[f].name)
		}
	}
	return nil
}

func (d *cborDecoder) field(f *fieldPlan, ptr unsafe.Pointer) error {
	if f.oneof != nil {
		return d.oneof(f.oneof, unsafe.Add(ptr, f.offset))
	}
	return d.value(f.codec, unsafe.Add(ptr, f.offset))
}

func isNull(h head) bool {
	return h.major == majorSimple && (h.info == cborNull&0x1f || h.info == cborUndefined&0x1f)
}

func (d *cborDecoder) oneof(o *oneofPlan, ptr unsafe.Pointer) error {
	h, err := d.next()
	switch {
	case err != nil:
		return err
	case isNull(h):
		return nil
	case h.major == majorText:
		return decodeErr("invalid type: unit variant, expected newtype variant")
	case h.major != majorMap:
		return invalidCBOR(h, "enum")
	case h.arg != 1:
		return decodeErr("invalid length " + strconv.FormatUint(h.arg, 10) + ", expected a map of one variant and its value")
	}
	if err := d.enter(); err != nil {
		return err
	}
	kh, err := d.next()
	if err != nil {
		return err
	}
	if kh.major != majorText {
		return invalidCBOR(kh, "variant identifier")
	}
	name, err := d.text(kh)
	if err != nil {
		return err
	}
	vi := -1
	for i := range o.names {
		if o.names[i] == name {
			vi = i
		}
	}
	if vi < 0 {
		return unknownVariant(name, o.names)
	}
	v := &o.variants[vi]
	w := v.newVariant()
	if err := d.value(v.codec, w.UnsafePointer()); err != nil {
		return inField(err, v.name)
	}
	d.depth--
	o.setVariant(ptr, w)
	return nil
}

func (d *cborDecoder) value(c *codec, ptr unsafe.Pointer) error {
	start := d.pos
	h, err := d.next()
	if err != nil {
		return err
	}
	switch c.kind {
	case KindString, KindEnum, KindTimestamp:
		if h.major != majorText {
			return invalidCBOR(h, expecting(c))
		}
		s, err := d.text(h)
		if err != nil {
			return err
		}
		return setText(c, ptr, s)
	case KindBool:
		switch {
		case h.major == majorSimple && h.info == cborTrue&0x1f:
			*(*bool)(ptr) = true
		case h.major == majorSimple && h.info == cborFalse&0x1f:
			*(*bool)(ptr) = false
		default:
			return invalidCBOR(h, "a boolean")
		}
	case KindInt32, KindInt64, KindUint32, KindUint64:
		return d.integer(c, ptr, h)
	case KindFloat32, KindFloat64:
		var f float64
		switch {
		case h.major != majorSimple || h.info < 25 || h.info > 27:
			return invalidCBOR(h, expecting(c))
		case h.info == 25:
			f = float16Value(uint16(h.arg))
		case h.info == 26:
			f = float64(math.Float32frombits(uint32(h.arg)))
		default:
			f = math.Float64frombits(h.arg)
		}
		if c.kind == KindFloat32 {
			*(*float32)(ptr) = float32(f)
		} else {
			*(*float64)(ptr) = f
		}
	case KindBytes:
		return d.bytes(ptr, h)
	case KindMessage:
		d.pos = start
		if c.boxed {
			ptr = c.newBoxed(ptr)
		}
		return d.message(c.msg, ptr)
	case KindOptional:
		if isNull(h) {
			return nil
		}
		d.pos = start
		return d.value(c.elem, c.newOptional(ptr))
	case KindList:
		return d.list(c, ptr, h)
	case KindMap:
		return d.mapValue(c, ptr, h)
	case KindTextVariant:
		d.pos = start
		return d.textVariant(c, ptr)
	default:
		return decodeErr(c.kind.String() + " cannot be carried by CBOR")
	}
	return nil
}
