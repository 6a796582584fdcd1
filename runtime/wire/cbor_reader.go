package wire

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// CBORReader is what generated code reads CBOR with, accepting and refusing what
// UnmarshalCBOR does, with the same errors (SPEC 4.3): tags skipped, bytes also as an array
// of integers or a text string, and no indefinite lengths, duplicate keys, trailing bytes or anything past
// the Limits. Its methods are used as JSONReader's are.
type CBORReader struct {
	d     cborDecoder
	trail trail
}

// DecodeCBOR decodes data with dec, which reads one value from the reader, and refuses
// bytes after it. lim may be nil for the defaults. The caller zeroes its value when
// DecodeCBOR fails, as UnmarshalCBOR does.
func DecodeCBOR(data []byte, lim *Limits, dec func(*CBORReader)) error {
	l := lim.resolve()
	if err := l.checkSize(len(data)); err != nil {
		return err
	}
	r := CBORReader{d: cborDecoder{data: data, s: string(data), lim: l}}
	r.trail.start()
	dec(&r)
	if r.trail.err == nil && r.d.pos != len(r.d.data) {
		return decodeErr(itoa(len(r.d.data)-r.d.pos) + " trailing bytes after the value")
	}
	return r.trail.err
}

// UnitCBOR reads Rust's (), null (f6): the result of a function that returns none.
func UnitCBOR(r *CBORReader) {
	h, err := r.d.next()
	switch {
	case err != nil:
		r.fail(err)
	case h.major != majorSimple || h.info != cborNull&0x1f:
		r.fail(invalidCBOR(h, "unit"))
	}
}

func (r *CBORReader) fail(err error) {
	if err != nil {
		r.trail.fail(err)
	}
}

func (r *CBORReader) ok() bool { return r.trail.err == nil }

// head reads the next item's head, tags skipped; ok is false after an error.
func (r *CBORReader) head() (head, bool) {
	if !r.ok() {
		return head{}, false
	}
	h, err := r.d.next()
	r.fail(err)
	return h, err == nil
}

// CBORStruct reads the fields of one CBOR map for a message: see CBORReader.Struct.
type CBORStruct struct {
	r *CBORReader
	m *Message
	// Field is the index in the message's Fields of the field to read now.
	Field   int
	seen    bitset
	n       int // entries left
	started bool
	variant bool // a oneof's variant map is open, to be closed before the next field
}

// Struct starts reading a map as message m; it is used as JSONReader.Struct is.
func (r *CBORReader) Struct(m *Message) CBORStruct { return CBORStruct{r: r, m: m} }

// Next moves to the next known field, reporting false at the end of the map or after an
// error.
func (s *CBORStruct) Next() bool {
	r := s.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !s.started {
		s.started = true
		h, ok := r.head()
		if !ok {
			return false
		}
		if h.major != majorMap {
			r.fail(invalidCBOR(h, structExpecting(s.m)))
			return false
		}
		n, err := d.count(h, 2, true)
		if r.fail(err); !r.ok() {
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		s.n = n
		s.seen.init(len(s.m.Fields))
		r.trail.push()
		s.Field = -1
	}
	if s.variant {
		s.variant = false
		r.trail.pop()
		d.depth--
	}
	fields := s.m.Fields
	for ; s.n > 0; s.n-- {
		r.trail.clear()
		kh, ok := r.head()
		if !ok {
			return false
		}
		if kh.major != majorText && kh.major != majorBytes {
			r.fail(invalidCBOR(kh, "str or bytes"))
			return false
		}
		kn, err := d.length(kh)
		if r.fail(err); !r.ok() {
			return false
		}
		key := d.data[d.pos : d.pos+kn]
		d.pos += kn
		f := findField(fields, key, s.Field)
		if f < 0 {
			if kh.major == majorText && !utf8.Valid(key) {
				r.trail.failDecode("invalid UTF-8")
				return false
			}
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
		s.n--
		r.trail.name(fields[f].Name)
		return true
	}
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

// Variant reads the start of the oneof that is the current field: null gives -1 (no
// variant), a map of one entry gives the index of its variant in the field's Oneof, whose
// value is read next.
func (s *CBORStruct) Variant() int {
	vi := s.r.variantStart(s.m.Fields[s.Field].Oneof, nil)
	s.variant = vi >= 0
	return vi
}

// Variant reads the start of a oneof that stands alone: the one field of transparent
// message m, such as an error type's. It returns as CBORStruct.Variant does; after the
// variant's value, EndVariant ends it.
func (r *CBORReader) Variant(m *Message) int { return r.variantStart(m.Fields[0].Oneof, nil) }

// EndVariant ends what Variant started, when it returned a variant.
func (r *CBORReader) EndVariant() {
	if !r.ok() {
		return
	}
	r.trail.pop()
	r.d.depth--
}

// variantStart reads a oneof o, or a text variant of the enum e (o nil), up to its
// variant's value: -1 after an error or, for a oneof, for null (no variant); else the
// variant's index in o or e, with the trail naming it.
func (r *CBORReader) variantStart(o *Oneof, e *Enum) int {
	d := &r.d
	h, ok := r.head()
	switch {
	case !ok:
		return -1
	case isNull(h) && o != nil:
		return -1
	case h.major == majorText:
		r.trail.failDecode("invalid type: unit variant, expected newtype variant")
		return -1
	case h.major != majorMap:
		r.fail(invalidCBOR(h, "enum"))
		return -1
	case h.arg != 1:
		r.trail.failDecode("invalid length " + strconv.FormatUint(h.arg, 10) + ", expected a map of one variant and its value")
		return -1
	}
	if r.fail(d.enter()); !r.ok() {
		return -1
	}
	kh, ok := r.head()
	if !ok {
		return -1
	}
	if kh.major != majorText {
		r.fail(invalidCBOR(kh, "variant identifier"))
		return -1
	}
	name, err := d.text(kh)
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
	r.trail.push()
	r.trail.name(name)
	return vi
}

// CBORList reads the elements of a CBOR array: see CBORReader.List.
type CBORList struct {
	r       *CBORReader
	i, n    int
	started bool
}

// List starts reading an array; it is used as JSONReader.List is.
func (r *CBORReader) List() CBORList { return CBORList{r: r} }

// Next moves to the next element, reporting false at the end of the array or after an
// error.
func (l *CBORList) Next() bool {
	r := l.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !l.started {
		l.started = true
		h, ok := r.head()
		if !ok {
			return false
		}
		if h.major != majorArray {
			r.fail(invalidCBOR(h, "a sequence"))
			return false
		}
		n, err := d.count(h, 1, false)
		if r.fail(err); !r.ok() || n == 0 {
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		l.n = n
		r.trail.push()
	} else {
		l.i++
	}
	if l.i >= l.n {
		r.trail.pop()
		d.depth--
		return false
	}
	r.trail.index(l.i)
	return true
}

// Len is the array's length, known once Next has been called.
func (l *CBORList) Len() int { return l.n }

// CBORMap reads the entries of a CBOR map: see CBORReader.Map.
type CBORMap struct {
	r       *CBORReader
	i, n    int
	started bool
}

// Map starts reading a map; each entry's key is read with a ...Key method, then its value,
// then Put stores it, as with JSONReader.Map.
func (r *CBORReader) Map() CBORMap { return CBORMap{r: r} }

// Next moves to the next entry, reporting false at the end of the map or after an error.
func (e *CBORMap) Next() bool {
	r := e.r
	d := &r.d
	if !r.ok() {
		return false
	}
	if !e.started {
		e.started = true
		h, ok := r.head()
		if !ok {
			return false
		}
		if h.major != majorMap {
			r.fail(invalidCBOR(h, "a map"))
			return false
		}
		n, err := d.count(h, 2, false)
		if r.fail(err); !r.ok() || n == 0 {
			return false
		}
		if r.fail(d.enter()); !r.ok() {
			return false
		}
		e.n = n
		r.trail.push()
	} else {
		e.i++
	}
	if e.i >= e.n {
		r.trail.pop()
		d.depth--
		return false
	}
	r.trail.key(stepText, "key", 0)
	return true
}

// StringKey reads the current map entry's key, a string.
func (r *CBORReader) StringKey() string {
	k := r.String()
	r.trail.key(stepQuoted, k, 0)
	return k
}

// Int32Key reads the current map entry's key, an int32.
func (r *CBORReader) Int32Key() int32 {
	k := r.Int32()
	r.trail.key(stepInt, "", uint64(k))
	return k
}

// Int64Key reads the current map entry's key, an int64.
func (r *CBORReader) Int64Key() int64 {
	k := r.Int64()
	r.trail.key(stepInt, "", uint64(k))
	return k
}

// Uint32Key reads the current map entry's key, a uint32.
func (r *CBORReader) Uint32Key() uint32 {
	k := r.Uint32()
	r.trail.key(stepUint, "", uint64(k))
	return k
}

// Uint64Key reads the current map entry's key, a uint64.
func (r *CBORReader) Uint64Key() uint64 {
	k := r.Uint64()
	r.trail.key(stepUint, "", k)
	return k
}

// DuplicateKey records that the current map entry's key was given before (Put said so).
func (r *CBORReader) DuplicateKey() { r.trail.failDecode("duplicate key") }

// Null reads a null (or undefined) and reports true when the next item is one (None), or
// after an error; it reads nothing and reports false otherwise.
func (r *CBORReader) Null() bool {
	start := r.d.pos
	h, ok := r.head()
	if !ok || isNull(h) {
		return true
	}
	r.d.pos = start
	return false
}

// text reads a text item, as a string, enum or timestamp is.
func (r *CBORReader) text(exp string) (string, bool) {
	h, ok := r.head()
	if !ok {
		return "", false
	}
	if h.major != majorText {
		r.fail(invalidCBOR(h, exp))
		return "", false
	}
	s, err := r.d.text(h)
	r.fail(err)
	return s, err == nil
}

// String reads a text string.
func (r *CBORReader) String() string {
	s, _ := r.text("a string")
	return s
}

// Enum reads a value of the enum e: one of its names.
func (r *CBORReader) Enum(e *Enum) string {
	s, ok := r.text("variant identifier")
	if !ok {
		return ""
	}
	i := enumIndex(e, s)
	if i < 0 {
		r.fail(unknownVariant(s, e.Values))
		return ""
	}
	return e.Values[i]
}

// Timestamp reads an RFC 3339 text string.
func (r *CBORReader) Timestamp() time.Time {
	s, ok := r.text(msgExpectTimestamp)
	if !ok {
		return time.Time{}
	}
	t, msg := parseTimestamp(s)
	if msg != "" {
		r.trail.failDecode(msg)
	}
	return t
}

// Bool reads true or false.
func (r *CBORReader) Bool() bool {
	h, ok := r.head()
	switch {
	case !ok:
	case h.major == majorSimple && h.info == cborTrue&0x1f:
		return true
	case h.major == majorSimple && h.info == cborFalse&0x1f:
	default:
		r.fail(invalidCBOR(h, "a boolean"))
	}
	return false
}

func (r *CBORReader) integer(c *codec, p unsafe.Pointer) {
	if h, ok := r.head(); ok {
		r.fail(r.d.integer(c, p, h))
	}
}

// Int32 reads an integer that fits an int32.
func (r *CBORReader) Int32() (v int32) {
	r.integer(int32Codec, unsafe.Pointer(&v))
	return v
}

// Int64 reads an integer that fits an int64.
func (r *CBORReader) Int64() (v int64) {
	r.integer(int64Codec, unsafe.Pointer(&v))
	return v
}

// Uint32 reads an integer that fits a uint32.
func (r *CBORReader) Uint32() (v uint32) {
	r.integer(uint32Codec, unsafe.Pointer(&v))
	return v
}

// Uint64 reads an integer that fits a uint64.
func (r *CBORReader) Uint64() (v uint64) {
	r.integer(uint64Codec, unsafe.Pointer(&v))
	return v
}

// float reads a float of any width.
func (r *CBORReader) float(exp string) float64 {
	h, ok := r.head()
	switch {
	case !ok:
		return 0
	case h.major != majorSimple || h.info < 25 || h.info > 27:
		r.fail(invalidCBOR(h, exp))
		return 0
	case h.info == 25:
		return float16Value(uint16(h.arg))
	case h.info == 26:
		return float64(math.Float32frombits(uint32(h.arg)))
	}
	return math.Float64frombits(h.arg)
}

// Float32 reads a float, narrowed to an f32.
func (r *CBORReader) Float32() float32 { return float32(r.float("f32")) }

// Float64 reads a float.
func (r *CBORReader) Float64() float64 { return r.float("f64") }

// Bytes reads a byte string, an array of integers 0-255, or a text string's UTF-8 bytes.
func (r *CBORReader) Bytes() (v []byte) {
	if h, ok := r.head(); ok {
		r.fail(r.d.bytes(unsafe.Pointer(&v), h))
	}
	return v
}
