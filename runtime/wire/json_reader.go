package wire

import (
	"strings"
	"time"
	"unsafe"
)

// JSONReader is what generated code reads JSON with, accepting and refusing what
// UnmarshalJSON does, with the same errors (SPEC 4.2). A message is read with Struct and a
// loop over its fields; a list with List, a map with Map, a oneof with Struct's Variant;
// each value with the method for its type. After an error every method returns a zero
// value and every loop ends, so generated code checks nothing between calls.
type JSONReader struct {
	d     jsonDecoder
	trail trail
	key   string // the key of the map entry being read
}

// DecodeJSON decodes data with dec, which reads one value from the reader, and refuses
// anything after it. lim may be nil for the defaults. The caller zeroes its value when
// DecodeJSON fails, as UnmarshalJSON does.
func DecodeJSON(data []byte, lim *Limits, dec func(*JSONReader)) error {
	l := lim.resolve()
	if err := l.checkSize(len(data)); err != nil {
		return err
	}
	r := JSONReader{d: jsonDecoder{data: data, s: string(data), lim: l}}
	r.trail.start()
	dec(&r)
	if r.trail.err == nil && r.d.peek() != 0 {
		return r.d.syntax("trailing characters")
	}
	return r.trail.err
}

// UnitJSON reads Rust's (), null: the result of a function that returns none.
func UnitJSON(r *JSONReader) {
	if r.d.peek() != 'n' {
		r.fail(r.d.invalidType("unit"))
		return
	}
	_, err := r.d.literal()
	r.fail(err)
}

// fail keeps err, if any and if it is the first.
func (r *JSONReader) fail(err error) {
	if err != nil {
		r.trail.fail(err)
	}
}

func (r *JSONReader) ok() bool { return r.trail.err == nil }

// JSONStruct reads the fields of one JSON object for a message: see JSONReader.Struct.
type JSONStruct struct {
	r *JSONReader
	m *Message
	// Field is the index in the message's Fields of the field to read now.
	Field   int
	seen    bitset
	started bool
	variant bool // a oneof's variant object is open, to be closed before the next field
}

// Struct starts reading an object as message m, whose Fields are in its generated type's
// order:
//
//	for s := r.Struct(todoMessage); s.Next(); {
//		switch s.Field {
//		case 0:
//			m.ID = r.Int64()
//		...
//
// Next skips unknown fields, and refuses duplicate ones and, at the end, missing ones.
func (r *JSONReader) Struct(m *Message) JSONStruct {
	return JSONStruct{r: r, m: m}
}

// Next moves to the next known field, reporting false at the end of the object or after an
// error.
func (s *JSONStruct) Next() bool {
	r := s.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !s.started {
		s.started = true
		if d.peek() != '{' {
			r.fail(d.invalidType(structExpecting(s.m)))
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		s.seen.init(len(s.m.Fields))
		r.trail.push()
		s.Field = -1
	}
	if s.variant {
		s.variant = false
		r.trail.pop()
		if d.peek() != '}' {
			r.fail(d.syntax("expected `}` after the variant's value: a oneof holds one variant"))
			return false
		}
		d.pos++
		d.depth--
	}
	fields := s.m.Fields
	for {
		r.trail.clear()
		more, err := d.nextKey(r.trail.top().count)
		if r.fail(err); !r.ok() {
			return false
		}
		if !more {
			r.trail.pop()
			d.depth--
			for f := range fields {
				if !s.seen.has(f) && fields[f].required() {
					r.fail(missingField(fields[f].Name))
					return false
				}
			}
			return false
		}
		r.trail.top().count++
		key, err := d.strBytes()
		if r.fail(err); !r.ok() {
			return false
		}
		f := findField(fields, key, s.Field)
		if r.fail(d.colon()); !r.ok() {
			return false
		}
		if f < 0 {
			if r.fail(d.skip()); !r.ok() {
				return false
			}
			continue
		}
		if s.seen.has(f) {
			r.fail(duplicateField(fields[f].Name))
			return false
		}
		s.seen.set(f)
		s.Field = f
		r.trail.name(fields[f].Name)
		return true
	}
}

// required reports whether a field must be present in JSON and CBOR: all but optionals
// and oneofs, as serde derives them.
func (f *Field) required() bool {
	return f.Type != nil && f.Type.Kind != KindOptional
}

// structExpecting words a message as serde's Visitor::expecting does: "struct Todo".
func structExpecting(m *Message) string {
	return "struct " + m.Name[strings.LastIndexByte(m.Name, '.')+1:]
}

// findField returns the index of the field named name, or -1; fields usually come in
// declaration order, so the one after hint is tried first.
func findField(fields []Field, name []byte, hint int) int {
	if h := hint + 1; uint(h) < uint(len(fields)) && fields[h].Name == string(name) {
		return h
	}
	for i := range fields {
		if fields[i].Name == string(name) {
			return i
		}
	}
	return -1
}

// Variant reads the start of the oneof that is the current field: null gives -1 (no
// variant), an object of one member gives the index of its variant in the field's Oneof,
// whose value is read next.
func (s *JSONStruct) Variant() int {
	vi := s.r.variantStart(s.m.Fields[s.Field].Oneof, nil)
	s.variant = vi >= 0
	return vi
}

// Variant reads the start of a oneof that stands alone: the one field of transparent
// message m, such as an error type's. It returns as JSONStruct.Variant does; after the
// variant's value, EndVariant reads the end.
func (r *JSONReader) Variant(m *Message) int { return r.variantStart(m.Fields[0].Oneof, nil) }

// EndVariant ends what Variant started, when it returned a variant.
func (r *JSONReader) EndVariant() {
	if !r.ok() {
		return
	}
	r.trail.pop()
	d := &r.d
	if d.peek() != '}' {
		r.fail(d.syntax("expected `}` after the variant's value: a oneof holds one variant"))
		return
	}
	d.pos++
	d.depth--
}

// variantStart reads a oneof o, or a text variant of the enum e (o nil), up to its
// variant's value: -1 after an error or, for a oneof, for null (no variant); else the
// variant's index in o or e, with the trail naming it.
func (r *JSONReader) variantStart(o *Oneof, e *Enum) int {
	d := &r.d
	switch d.peek() {
	case 'n':
		if o == nil {
			r.fail(d.invalidType("enum"))
			return -1
		}
		_, err := d.literal()
		r.fail(err)
		return -1
	case '"':
		r.trail.failDecode("invalid type: unit variant, expected newtype variant")
		return -1
	case '{':
	default:
		r.fail(d.invalidType("enum"))
		return -1
	}
	if r.fail(d.enter()); !r.ok() {
		return -1
	}
	more, err := d.nextKey(0)
	if r.fail(err); !r.ok() {
		return -1
	}
	if !more {
		r.trail.failDecode("invalid type: empty map, expected a variant and its value")
		return -1
	}
	name, err := d.str()
	if r.fail(err); !r.ok() {
		return -1
	}
	var vi int
	if o != nil {
		vi = variantIndex(o, name)
	} else {
		vi = enumIndex(e, name)
	}
	if vi < 0 {
		if o != nil {
			r.fail(unknownVariant(name, variantNames(o)))
		} else {
			r.fail(unknownVariant(name, e.Values))
		}
		return -1
	}
	if r.fail(d.colon()); !r.ok() {
		return -1
	}
	r.trail.push()
	r.trail.name(name)
	return vi
}

func variantIndex(o *Oneof, name string) int {
	for i := range o.Variants {
		if o.Variants[i].Name == name {
			return i
		}
	}
	return -1
}

func variantNames(o *Oneof) []string {
	names := make([]string, len(o.Variants))
	for i := range o.Variants {
		names[i] = o.Variants[i].Name
	}
	return names
}

// JSONList reads the elements of a JSON array: see JSONReader.List.
type JSONList struct {
	r       *JSONReader
	i       int
	started bool
}

// List starts reading an array:
//
//	for l := r.List(); l.Next(); {
//		m.Tags = append(m.Tags, r.String())
//	}
func (r *JSONReader) List() JSONList { return JSONList{r: r} }

// Next moves to the next element, reporting false at the end of the array or after an
// error.
func (l *JSONList) Next() bool {
	r := l.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !l.started {
		l.started = true
		if d.peek() != '[' {
			r.fail(d.invalidType("a sequence"))
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		r.trail.push()
	} else {
		l.i++
	}
	r.trail.clear()
	more, err := d.nextElem(l.i)
	if r.fail(err); !r.ok() {
		return false
	}
	if !more {
		r.trail.pop()
		d.depth--
		return false
	}
	if r.fail(d.count(1)); !r.ok() {
		return false
	}
	r.trail.index(l.i)
	return true
}

// JSONMap reads the entries of a JSON object as a map: see JSONReader.Map.
type JSONMap struct {
	r       *JSONReader
	i       int
	started bool
}

// Map starts reading an object as a map; each entry's key is read with a ...Key method,
// then its value, then Put stores it:
//
//	for e := r.Map(); e.Next(); {
//		k := r.StringKey()
//		v := r.String()
//		if !wire.Put(&m.Labels, k, v) {
//			r.DuplicateKey()
//		}
//	}
func (r *JSONReader) Map() JSONMap { return JSONMap{r: r} }

// Next moves to the next entry, reporting false at the end of the object or after an
// error.
func (e *JSONMap) Next() bool {
	r := e.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !e.started {
		e.started = true
		if d.peek() != '{' {
			r.fail(d.invalidType("a map"))
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		r.trail.push()
	} else {
		e.i++
	}
	r.trail.clear()
	more, err := d.nextKey(e.i)
	if r.fail(err); !r.ok() {
		return false
	}
	if !more {
		r.trail.pop()
		d.depth--
		return false
	}
	if r.fail(d.count(1)); !r.ok() {
		return false
	}
	key, err := d.str()
	if r.fail(err); !r.ok() {
		return false
	}
	r.key = key
	r.trail.key(stepQuoted, key, 0)
	return true
}

// mapKey parses the current entry's key into *p, of the given kind, then reads the ":".
func (r *JSONReader) mapKey(kind Kind, p unsafe.Pointer) {
	if !r.ok() {
		return
	}
	if err := jsonKey(kind, p, r.key); err != nil {
		r.fail(err)
		return
	}
	t := *r.trail.top()
	r.trail.clear()
	r.fail(r.d.colon())
	*r.trail.top() = t
}

// StringKey returns the current map entry's key.
func (r *JSONReader) StringKey() string {
	var k string
	r.mapKey(KindString, unsafe.Pointer(&k))
	return k
}

// Int32Key returns the current map entry's key as an int32.
func (r *JSONReader) Int32Key() int32 {
	var k int32
	r.mapKey(KindInt32, unsafe.Pointer(&k))
	return k
}

// Int64Key returns the current map entry's key as an int64.
func (r *JSONReader) Int64Key() int64 {
	var k int64
	r.mapKey(KindInt64, unsafe.Pointer(&k))
	return k
}

// Uint32Key returns the current map entry's key as a uint32.
func (r *JSONReader) Uint32Key() uint32 {
	var k uint32
	r.mapKey(KindUint32, unsafe.Pointer(&k))
	return k
}

// Uint64Key returns the current map entry's key as a uint64.
func (r *JSONReader) Uint64Key() uint64 {
	var k uint64
	r.mapKey(KindUint64, unsafe.Pointer(&k))
	return k
}

// DuplicateKey records that the current map entry's key was given before (Put said so).
func (r *JSONReader) DuplicateKey() { r.trail.failDecode("duplicate key") }

// Null reads a null and reports true when the next value is one (None), or after an error;
// it reads nothing and reports false otherwise.
func (r *JSONReader) Null() bool {
	if !r.ok() {
		return true
	}
	if r.d.peek() != 'n' {
		return false
	}
	_, err := r.d.literal()
	r.fail(err)
	return true
}

// String reads a string.
func (r *JSONReader) String() string {
	if !r.ok() {
		return ""
	}
	if r.d.peek() != '"' {
		r.fail(r.d.invalidType("a string"))
		return ""
	}
	s, err := r.d.str()
	r.fail(err)
	return s
}

// Enum reads a value of the enum e: one of its names.
func (r *JSONReader) Enum(e *Enum) string {
	if !r.ok() {
		return ""
	}
	if r.d.peek() != '"' {
		r.fail(r.d.invalidType("variant identifier"))
		return ""
	}
	s, err := r.d.str()
	if err != nil {
		r.fail(err)
		return ""
	}
	i := enumIndex(e, s)
	if i < 0 {
		r.fail(unknownVariant(s, e.Values))
		return ""
	}
	return e.Values[i]
}

// Timestamp reads an RFC 3339 string.
func (r *JSONReader) Timestamp() time.Time {
	if !r.ok() {
		return time.Time{}
	}
	if r.d.peek() != '"' {
		r.fail(r.d.invalidType(msgExpectTimestamp))
		return time.Time{}
	}
	s, err := r.d.str()
	if err != nil {
		r.fail(err)
		return time.Time{}
	}
	t, msg := parseTimestamp(s)
	if msg != "" {
		r.trail.failDecode(msg)
	}
	return t
}

const msgExpectTimestamp = "a formatted date and time string or a unix timestamp"

// Bool reads true or false.
func (r *JSONReader) Bool() bool {
	if !r.ok() {
		return false
	}
	if c := r.d.peek(); c != 't' && c != 'f' {
		r.fail(r.d.invalidType("a boolean"))
		return false
	}
	v, err := r.d.literal()
	r.fail(err)
	return v == true
}

// The codecs the scalar readers hand the scanner, which words its errors by their kind.
var (
	int32Codec   = &codec{kind: KindInt32}
	int64Codec   = &codec{kind: KindInt64}
	uint32Codec  = &codec{kind: KindUint32}
	uint64Codec  = &codec{kind: KindUint64}
	float32Codec = &codec{kind: KindFloat32}
	float64Codec = &codec{kind: KindFloat64}
)

// Int32 reads an integer that fits an int32 exactly.
func (r *JSONReader) Int32() (v int32) {
	if r.ok() {
		r.fail(r.d.integer(int32Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Int64 reads an integer that fits an int64 exactly.
func (r *JSONReader) Int64() (v int64) {
	if r.ok() {
		r.fail(r.d.integer(int64Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Uint32 reads an integer that fits a uint32 exactly.
func (r *JSONReader) Uint32() (v uint32) {
	if r.ok() {
		r.fail(r.d.integer(uint32Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Uint64 reads an integer that fits a uint64 exactly.
func (r *JSONReader) Uint64() (v uint64) {
	if r.ok() {
		r.fail(r.d.integer(uint64Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Float32 reads a number as serde_json reads an f32: parsed as an f64, then narrowed.
func (r *JSONReader) Float32() (v float32) {
	if r.ok() {
		r.fail(r.d.float(float32Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Float64 reads a number.
func (r *JSONReader) Float64() (v float64) {
	if r.ok() {
		r.fail(r.d.float(float64Codec, unsafe.Pointer(&v)))
	}
	return v
}

// Bytes reads serde_bytes's JSON forms: an array of numbers 0-255, or a string's UTF-8
// bytes.
func (r *JSONReader) Bytes() (v []byte) {
	if r.ok() {
		r.fail(r.d.bytes(nil, unsafe.Pointer(&v)))
	}
	return v
}

// Value reads a google.protobuf.Value: any JSON value.
func (r *JSONReader) Value() any {
	if !r.ok() {
		return nil
	}
	v, err := r.d.anyValue()
	r.fail(err)
	return v
}

// Object reads a google.protobuf.Struct: a JSON object.
func (r *JSONReader) Object() map[string]any {
	if !r.ok() {
		return nil
	}
	m, err := r.d.object()
	r.fail(err)
	return m
}
