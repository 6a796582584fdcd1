package wire

import (
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
	case KindTextVariant:
		return d.textVariant(c, ptr)
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
