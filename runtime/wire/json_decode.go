package wire

import (
	"math"
	"strconv"
	"time"
	"unsafe"
)

// The JSON decoder follows serde_json with serde's derived Deserialize: every field is
// required except optionals and oneofs (missing or null is None), unknown fields are
// skipped, duplicate fields and map keys are refused, integers must be exact and in range,
// floats accept integers, null is no float, and nothing may follow the value.

func decodeJSON(p *msgPlan, data []byte, ptr unsafe.Pointer, lim Limits) error {
	d := jsonDecoders.Get().(*jsonDecoder)
	*d = jsonDecoder{data: data, s: string(data), lim: lim, buf: d.buf[:0]}
	defer func() {
		d.data, d.s = nil, ""
		jsonDecoders.Put(d)
	}()
	if err := d.message(p, ptr); err != nil {
		return err
	}
	if d.peek() != 0 {
		return d.syntax("trailing characters")
	}
	return nil
}

func (d *jsonDecoder) message(p *msgPlan, ptr unsafe.Pointer) error {
	switch {
	case p.unit:
		if d.peek() != 'n' {
			return d.invalidType("unit")
		}
		_, err := d.literal() // only null starts with n
		return err
	case p.transparent:
		return d.field(&p.fields[0], ptr)
	}
	if d.peek() != '{' {
		return d.invalidType(structName(p))
	}
	if err := d.enter(); err != nil {
		return err
	}
	var seen bitset
	seen.init(len(p.fields))
	hint := 0
	for i := 0; ; i++ {
		more, err := d.nextKey(i)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		key, err := d.strBytes()
		if err != nil {
			return err
		}
		f := p.find(key, hint)
		if err := d.colon(); err != nil {
			return err
		}
		if f < 0 {
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func structName(p *msgPlan) string {
	return expecting(&codec{kind: KindMessage, msg: p})
}

func (d *jsonDecoder) field(f *fieldPlan, ptr unsafe.Pointer) error {
	if f.oneof != nil {
		return d.oneof(f.oneof, unsafe.Add(ptr, f.offset))
	}
	return d.value(f.codec, unsafe.Add(ptr, f.offset))
}

func (d *jsonDecoder) oneof(o *oneofPlan, ptr unsafe.Pointer) error {
	switch d.peek() {
	case 'n':
		_, err := d.literal() // null: no variant
		return err
	case '"':
		return decodeErr("invalid type: unit variant, expected newtype variant")
	case '{':
	default:
		return d.invalidType("enum")
	}
	if err := d.enter(); err != nil {
		return err
	}
	more, err := d.nextKey(0)
	if err != nil {
		return err
	}
	if !more {
		return decodeErr("invalid type: empty map, expected a variant and its value")
	}
	name, err := d.str()
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
	if err := d.colon(); err != nil {
		return err
	}
	v := &o.variants[vi]
	w := v.newVariant()
	if err := d.value(v.codec, w.UnsafePointer()); err != nil {
		return inField(err, v.name)
	}
	if d.peek() != '}' {
		return d.syntax("expected `}` after the variant's value: a oneof holds one variant")
	}
	d.pos++
	d.depth--
	o.setVariant(ptr, w)
	return nil
}

func (d *jsonDecoder) value(c *codec, ptr unsafe.Pointer) error {
	switch c.kind {
	case KindString, KindEnum, KindTimestamp:
		if d.peek() != '"' {
			return d.invalidType(expecting(c))
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		return setText(c, ptr, s)
	case KindBool:
		if c := d.peek(); c != 't' && c != 'f' {
			return d.invalidType("a boolean")
		}
		v, err := d.literal()
		if err != nil {
			return err
		}
		*(*bool)(ptr) = v == true
	case KindInt32, KindInt64, KindUint32, KindUint64:
		return d.integer(c, ptr)
	case KindFloat32, KindFloat64:
		return d.float(c, ptr)
	case KindBytes:
		return d.bytes(c, ptr)
	case KindMessage:
		if c.boxed {
			ptr = c.newBoxed(ptr)
		}
		return d.message(c.msg, ptr)
	case KindOptional:
		if d.peek() == 'n' {
			_, err := d.literal() // null is None
			return err
		}
		return d.value(c.elem, c.newOptional(ptr))
	case KindList:
		return d.list(c, ptr)
	case KindMap:
		return d.mapValue(c, ptr)
	case KindJSONValue:
		v, err := d.anyValue()
		if err != nil {
			return err
		}
		*(*any)(ptr) = v
	case KindJSONObject:
		m, err := d.object()
		if err != nil {
			return err
		}
		*(*map[string]any)(ptr) = m
	}
	return nil
}

// setText stores a decoded string in a string, enum or timestamp field; the CBOR decoder
// uses it too.
func setText(c *codec, ptr unsafe.Pointer, s string) error {
	switch c.kind {
	case KindEnum:
		i := c.enum.lookup(s)
		if i < 0 {
			return unknownVariant(s, c.enum.desc.Values)
		}
		*(*string)(ptr) = c.enum.desc.Values[i]
	case KindTimestamp:
		t, msg := parseTimestamp(s)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*time.Time)(ptr) = t
	default:
		*(*string)(ptr) = s
	}
	return nil
}

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

// bytes reads serde_bytes's JSON form, an array of numbers 0-255.
func (d *jsonDecoder) bytes(c *codec, ptr unsafe.Pointer) error {
	if d.peek() != '[' {
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
			mb = c.newMapBuilder(0)
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
	if mb.m.IsValid() {
		mb.store(c, ptr)
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

// bitset records which fields a message body has given, without allocating for messages
// of up to 64 fields.
type bitset struct {
	small uint64
	large []bool
}

func (b *bitset) init(n int) {
	if n > 64 {
		b.large = make([]bool, n)
	}
}

func (b *bitset) has(i int) bool {
	if b.large != nil {
		return b.large[i]
	}
	return b.small&(1<<uint(i)) != 0
}

func (b *bitset) set(i int) {
	if b.large != nil {
		b.large[i] = true
	} else {
		b.small |= 1 << uint(i)
	}
}
