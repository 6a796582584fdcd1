package wire

import (
	"bytes"
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The CBOR decoder's values: integers (any width, bignum tags), bytes (a byte string, an
// array of integers or a text string), lists and maps, items skipped for unknown fields,
// and the wording of type errors.

func (d *cborDecoder) integer(c *codec, ptr unsafe.Pointer, h head) error {
	neg := h.major == majorNeg
	mag := h.arg // for a negative integer the value is -1 - mag
	switch {
	case h.bignum != 0 && h.major == majorBytes:
		n, err := d.length(h)
		if err != nil {
			return err
		}
		digits := bytes.TrimLeft(d.data[d.pos:d.pos+n], "\x00")
		d.pos += n
		if len(digits) > 8 {
			return decodeErr("integer too large")
		}
		mag, neg = 0, h.bignum == 3
		for _, b := range digits {
			mag = mag<<8 | uint64(b)
		}
	case h.major != majorUint && !neg:
		return invalidCBOR(h, expecting(c))
	}
	out := func() error {
		v := strconv.FormatUint(mag, 10)
		if neg {
			v = "-" + strconv.FormatUint(mag+1, 10)
			if mag == math.MaxUint64 {
				v = "-18446744073709551616"
			}
		}
		return decodeErr("invalid value: integer `" + v + "`, expected " + expecting(c))
	}
	switch c.kind {
	case KindInt32:
		if (!neg && mag > math.MaxInt32) || (neg && mag > math.MaxInt32) {
			return out()
		}
		*(*int32)(ptr) = int32(cborSigned(neg, mag))
	case KindInt64:
		if mag > math.MaxInt64 {
			return decodeErr("integer too large")
		}
		*(*int64)(ptr) = cborSigned(neg, mag)
	case KindUint32:
		if neg {
			return decodeErr("unexpected negative integer")
		}
		if mag > math.MaxUint32 {
			return out()
		}
		*(*uint32)(ptr) = uint32(mag)
	default:
		if neg {
			return decodeErr("unexpected negative integer")
		}
		*(*uint64)(ptr) = mag
	}
	return nil
}

func cborSigned(neg bool, mag uint64) int64 {
	if neg {
		return int64(^mag) // -1 - mag
	}
	return int64(mag)
}

// bytes reads serde_bytes's value: a byte string, an array of integers 0-255, or a text
// string, whose UTF-8 bytes are the value (SPEC 4.3). Each is held to MaxStringLen.
func (d *cborDecoder) bytes(ptr unsafe.Pointer, h head) error {
	switch h.major {
	case majorBytes:
		n, err := d.length(h)
		if err != nil {
			return err
		}
		*(*[]byte)(ptr) = bytes.Clone(d.data[d.pos : d.pos+n : d.pos+n])
		d.pos += n
		return nil
	case majorText:
		s, err := d.text(h)
		if err != nil {
			return err
		}
		*(*[]byte)(ptr) = []byte(s)
		return nil
	case majorArray:
	default:
		return invalidCBOR(h, "byte array")
	}
	if h.arg > uint64(d.lim.MaxStringLen) {
		return limitErr("bytes too long: "+strconv.FormatUint(h.arg, 10)+" bytes", "MaxStringLen", d.lim.MaxStringLen)
	}
	if h.arg > uint64(len(d.data)-d.pos) {
		return errEOF()
	}
	out := make([]byte, h.arg)
	for i := range out {
		eh, err := d.next()
		if err != nil {
			return err
		}
		if eh.major != majorUint {
			return atIndex(invalidCBOR(eh, "u8"), i)
		}
		if eh.arg > 255 {
			return atIndex(decodeErr("invalid value: integer `"+strconv.FormatUint(eh.arg, 10)+"`, expected u8"), i)
		}
		out[i] = byte(eh.arg)
	}
	*(*[]byte)(ptr) = out
	return nil
}

func (d *cborDecoder) list(c *codec, ptr unsafe.Pointer, h head) error {
	if h.major != majorArray {
		return invalidCBOR(h, "a sequence")
	}
	n, err := d.count(h, 1, false)
	if err != nil || n == 0 {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	data := c.makeSlice(ptr, n)
	for i := range n {
		if err := d.value(c.elem, unsafe.Add(data, uintptr(i)*c.elem.size)); err != nil {
			return atIndex(err, i)
		}
	}
	d.depth--
	return nil
}

func (d *cborDecoder) mapValue(c *codec, ptr unsafe.Pointer, h head) error {
	if h.major != majorMap {
		return invalidCBOR(h, "a map")
	}
	n, err := d.count(h, 2, false)
	if err != nil || n == 0 {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	mb := c.newMapBuilder(ptr, n)
	for range n {
		if err := d.value(c.key, mb.kp); err != nil {
			return atKey(err, "key")
		}
		if err := d.value(c.elem, mb.vp); err != nil {
			return atKey(err, keyPathString(c.key.kind, mb.kp))
		}
		if !mb.add() {
			return atKey(decodeErr("duplicate key"), keyPathString(c.key.kind, mb.kp))
		}
	}
	d.depth--
	mb.done()
	return nil
}

// skip reads past one item of any shape, checking it as the decoders would.
func (d *cborDecoder) skip() error {
	h, err := d.rawHead()
	if err != nil {
		return err
	}
	switch h.major {
	case majorBytes, majorText:
		n, err := d.length(h)
		if err != nil {
			return err
		}
		if h.major == majorText && !utf8.Valid(d.data[d.pos:d.pos+n]) {
			return decodeErr("invalid UTF-8")
		}
		d.pos += n
	case majorArray, majorMap, majorTag:
		per, items := uint64(1), h.arg
		switch h.major {
		case majorMap:
			per, items = 2, 2*h.arg
		case majorTag:
			items = 1
		}
		if h.major != majorTag {
			if _, err := d.count(h, per, false); err != nil {
				return err
			}
		}
		if err := d.enter(); err != nil {
			return err
		}
		for range items {
			if err := d.skip(); err != nil {
				return err
			}
		}
		d.depth--
	case majorSimple:
		if h.info == 24 && h.arg < 32 {
			return decodeErr("invalid CBOR: simple value " + strconv.FormatUint(h.arg, 10) + " in two bytes")
		}
	}
	return nil
}

// invalidCBOR words a type mismatch as ciborium (through serde) does.
func invalidCBOR(h head, exp string) error {
	var got string
	switch h.major {
	case majorUint:
		got = "integer `" + strconv.FormatUint(h.arg, 10) + "`"
	case majorNeg:
		got = "integer `-" + strconv.FormatUint(h.arg+1, 10) + "`"
		if h.arg == math.MaxUint64 {
			got = "integer `-18446744073709551616`"
		}
	case majorBytes:
		got = "bytes"
	case majorText:
		got = "string"
	case majorArray:
		got = "sequence"
	case majorMap:
		got = "map"
	case majorTag:
		got = "tag"
	default:
		switch {
		case h.info == cborFalse&0x1f:
			got = "boolean `false`"
		case h.info == cborTrue&0x1f:
			got = "boolean `true`"
		case h.info == cborNull&0x1f:
			got = "null"
		case h.info == cborUndefined&0x1f:
			got = "undefined"
		case h.info == 25:
			got = "floating point `" + strconv.FormatFloat(float16Value(uint16(h.arg)), 'g', -1, 64) + "`"
		case h.info == 26:
			got = "floating point `" + strconv.FormatFloat(float64(math.Float32frombits(uint32(h.arg))), 'g', -1, 64) + "`"
		case h.info == 27:
			got = "floating point `" + strconv.FormatFloat(math.Float64frombits(h.arg), 'g', -1, 64) + "`"
		default:
			got = "simple"
		}
	}
	return decodeErr("invalid type: " + got + ", expected " + exp)
}
