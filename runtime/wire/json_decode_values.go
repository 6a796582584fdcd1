package wire

import (
	"math"
	"strconv"
	"unsafe"
)

// The JSON decoder's values: exact integers, floats as serde_json reads them, bytes as an
// array of numbers or a string, lists, maps and their keys.

func (d *jsonDecoder) integer(c *codec, ptr unsafe.Pointer) error {
	if ch := d.peek(); ch != '-' && !isDigit(ch) {
		return d.invalidType(expecting(c))
	}
	a, b, isInt, err := d.number()
	if err != nil {
		return err
	}
	tok := d.data[a:b]
	neg := tok[0] == '-'
	digits := tok[btoi(neg):]
	mag, msg := parseRustUint(digits, math.MaxUint64)
	// serde_json reads -0, fractions, exponents and integers beyond 64 bits as floats.
	if !isInt || msg != "" || (neg && mag == 0) {
		return decodeErr("invalid type: floating point `" + d.s[a:b] + "`, expected " + expecting(c))
	}
	out := func() error {
		return decodeErr("invalid value: integer `" + d.s[a:b] + "`, expected " + expecting(c))
	}
	switch c.kind {
	case KindInt32:
		if (!neg && mag > math.MaxInt32) || (neg && mag > 1<<31) {
			return out()
		}
		*(*int32)(ptr) = int32(signed(neg, mag))
	case KindInt64:
		if (!neg && mag > math.MaxInt64) || (neg && mag > 1<<63) {
			return out()
		}
		*(*int64)(ptr) = signed(neg, mag)
	case KindUint32:
		if neg || mag > math.MaxUint32 {
			return out()
		}
		*(*uint32)(ptr) = uint32(mag)
	default:
		if neg {
			return out()
		}
		*(*uint64)(ptr) = mag
	}
	return nil
}

func signed(neg bool, mag uint64) int64 {
	if neg {
		return int64(-mag)
	}
	return int64(mag)
}

func (d *jsonDecoder) float(c *codec, ptr unsafe.Pointer) error {
	if ch := d.peek(); ch != '-' && !isDigit(ch) {
		return d.invalidType(expecting(c))
	}
	a, b, _, err := d.number()
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(d.s[a:b], 64)
	if err != nil {
		return d.syntax("number out of range")
	}
	if c.kind == KindFloat32 {
		*(*float32)(ptr) = float32(f) // serde_json parses an f64 and narrows it
	} else {
		*(*float64)(ptr) = f
	}
	return nil
}

// byteCodec reads one element of a bytes array; the range check to u8 follows.
var byteCodec = &codec{kind: KindUint32}

// bytes reads serde_bytes's JSON forms: an array of numbers 0-255, or a string, whose
// UTF-8 bytes (escapes decoded) are the value, as serde_json hands serde_bytes a string's
// bytes (SPEC 4.2). A string is held to MaxStringLen as the array is.
func (d *jsonDecoder) bytes(c *codec, ptr unsafe.Pointer) error {
	switch d.peek() {
	case '"':
		a, b, esc, err := d.scanString()
		if err != nil {
			return err
		}
		if esc {
			*(*[]byte)(ptr) = append([]byte{}, d.buf...)
		} else {
			*(*[]byte)(ptr) = append([]byte{}, d.data[a:b]...)
		}
		return nil
	case '[':
	default:
		return d.invalidType("byte array")
	}
	if err := d.enter(); err != nil {
		return err
	}
	var out []byte
	for i := 0; ; i++ {
		more, err := d.nextElem(i)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		var x uint32
		if err := d.integer(byteCodec, unsafe.Pointer(&x)); err != nil {
			return atIndex(err, i)
		}
		if x > 255 {
			return atIndex(decodeErr("invalid value: integer `"+itoa(int(x))+"`, expected u8"), i)
		}
		if len(out) >= d.lim.MaxStringLen {
			return limitErr("bytes too long", "MaxStringLen", d.lim.MaxStringLen)
		}
		out = append(out, byte(x))
	}
	d.depth--
	if out == nil {
		out = []byte{}
	}
	*(*[]byte)(ptr) = out
	return nil
}

func (d *jsonDecoder) list(c *codec, ptr unsafe.Pointer) error {
	if d.peek() != '[' {
		return d.invalidType("a sequence")
	}
	if err := d.enter(); err != nil {
		return err
	}
	for i := 0; ; i++ {
		more, err := d.nextElem(i)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if err := d.count(1); err != nil {
			return err
		}
		if err := d.value(c.elem, c.appendSlot(ptr)); err != nil {
			return atIndex(err, i)
		}
	}
	d.depth--
	return nil
}

func (d *jsonDecoder) mapValue(c *codec, ptr unsafe.Pointer) error {
	if d.peek() != '{' {
		return d.invalidType("a map")
	}
	if err := d.enter(); err != nil {
		return err
	}
	var mb mapBuilder
	for i := 0; ; i++ {
		more, err := d.nextKey(i)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if i == 0 {
			mb = c.newMapBuilder(ptr, 0)
		}
		if err := d.count(1); err != nil {
			return err
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		if err := jsonKey(c.key.kind, mb.kp, key); err != nil {
			return atKey(err, quoteKey(key))
		}
		if err := d.colon(); err != nil {
			return err
		}
		if err := d.value(c.elem, mb.vp); err != nil {
			return atKey(err, quoteKey(key))
		}
		if !mb.add() {
			return atKey(decodeErr("duplicate key"), quoteKey(key))
		}
	}
	d.depth--
	if mb.c != nil {
		mb.done()
	}
	return nil
}

// jsonKey parses a JSON object key into a map key of the given kind: serde_json parses
// integer keys with Rust's str::parse.
func jsonKey(kind Kind, p unsafe.Pointer, key string) error {
	var msg string
	switch kind {
	case KindString:
		*(*string)(p) = key
	case KindBool:
		switch key {
		case "true":
			*(*bool)(p) = true
		case "false":
			*(*bool)(p) = false
		default:
			msg = msgBool
		}
	case KindInt32:
		var v int64
		v, msg = parseRustInt([]byte(key), math.MinInt32, math.MaxInt32)
		*(*int32)(p) = int32(v)
	case KindInt64:
		*(*int64)(p), msg = parseRustInt([]byte(key), math.MinInt64, math.MaxInt64)
	case KindUint32:
		var v uint64
		v, msg = parseRustUint([]byte(key), math.MaxUint32)
		*(*uint32)(p) = uint32(v)
	case KindUint64:
		*(*uint64)(p), msg = parseRustUint([]byte(key), math.MaxUint64)
	}
	if msg != "" {
		return decodeErr(msg)
	}
	return nil
}
