package wire

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// JSONWriter is what generated code writes JSON with, as MarshalJSON writes it: serde_json's
// output for serde's derive (SPEC 4.2). A message is BeginObject, then Name and the value
// for each field, then EndObject; a list is BeginList, then Index and the value for each
// element, then EndList; a map is an object whose entries start with a ...Key method.
type JSONWriter struct {
	buf   []byte
	trail trail
}

// EncodeJSON appends to dst the JSON that enc writes, or returns dst and the first error,
// with its path, that enc ran into.
func EncodeJSON(dst []byte, enc func(*JSONWriter)) ([]byte, error) {
	w := JSONWriter{buf: dst}
	w.trail.start()
	enc(&w)
	if w.trail.err != nil {
		return dst, w.trail.err
	}
	return w.buf, nil
}

// EmptyJSON writes a message without fields, {}: the arguments of a function that takes
// none.
func EmptyJSON(w *JSONWriter) { w.buf = append(w.buf, "{}"...) }

// member writes the separator before a member or element.
func (w *JSONWriter) member() {
	t := w.trail.top()
	if t.count > 0 {
		w.buf = append(w.buf, ',')
	}
	t.count++
}

// Enter starts writing a message, reporting false when the message is not to be written:
// after an error, or nested too deep (a pointer cycle). Leave ends it.
func (w *JSONWriter) Enter() bool { return w.trail.enter() }

// Leave ends what Enter started.
func (w *JSONWriter) Leave() { w.trail.depth-- }

// BeginObject starts an object: a message, a map, or a oneof's variant.
func (w *JSONWriter) BeginObject() {
	w.buf = append(w.buf, '{')
	w.trail.push()
}

// EndObject ends the object.
func (w *JSONWriter) EndObject() {
	w.buf = append(w.buf, '}')
	w.trail.pop()
}

// BeginList starts an array.
func (w *JSONWriter) BeginList() {
	w.buf = append(w.buf, '[')
	w.trail.push()
}

// EndList ends the array.
func (w *JSONWriter) EndList() {
	w.buf = append(w.buf, ']')
	w.trail.pop()
}

// Name starts the member for the field or variant name.
func (w *JSONWriter) Name(name string) {
	w.member()
	w.buf = appendJSONString(w.buf, name)
	w.buf = append(w.buf, ':')
	w.trail.name(name)
}

// Index starts element i of a list.
func (w *JSONWriter) Index(i int) {
	w.member()
	w.trail.index(i)
}

// StringKey starts the map entry with key k.
func (w *JSONWriter) StringKey(k string) {
	w.member()
	w.trail.key(stepQuoted, k, 0)
	if !utf8.ValidString(k) {
		w.trail.failEncode("map key is not valid UTF-8")
	}
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
}

// IntKey starts the map entry with the integer key k, which JSON quotes.
func (w *JSONWriter) IntKey(k int64) {
	w.member()
	w.trail.key(stepInt, "", uint64(k))
	w.buf = append(strconv.AppendInt(append(w.buf, '"'), k, 10), '"', ':')
}

// UintKey starts the map entry with the unsigned integer key k.
func (w *JSONWriter) UintKey(k uint64) {
	w.member()
	w.trail.key(stepUint, "", k)
	w.buf = append(strconv.AppendUint(append(w.buf, '"'), k, 10), '"', ':')
}

// Null writes null: None, or a oneof holding no variant.
func (w *JSONWriter) Null() { w.buf = append(w.buf, "null"...) }

// String writes s, which must be valid UTF-8.
func (w *JSONWriter) String(s string) {
	if !utf8.ValidString(s) {
		w.trail.failEncode("string is not valid UTF-8")
	}
	w.buf = appendJSONString(w.buf, s)
}

// Bool writes b.
func (w *JSONWriter) Bool(b bool) { w.buf = strconv.AppendBool(w.buf, b) }

// Int writes an exact integer.
func (w *JSONWriter) Int(v int64) { w.buf = strconv.AppendInt(w.buf, v, 10) }

// Uint writes an exact unsigned integer.
func (w *JSONWriter) Uint(v uint64) { w.buf = strconv.AppendUint(w.buf, v, 10) }

// Float32 writes f as serde_json writes an f32; NaN and infinities are null.
func (w *JSONWriter) Float32(f float32) { w.float(float64(f), 32) }

// Float64 writes f as serde_json writes an f64; NaN and infinities are null.
func (w *JSONWriter) Float64(f float64) { w.float(f, 64) }

func (w *JSONWriter) float(f float64, bits int) { w.buf = appendJSONNumber(w.buf, f, bits) }

// Bytes writes b as serde_bytes does: an array of numbers.
func (w *JSONWriter) Bytes(b []byte) { w.buf = appendJSONBytes(w.buf, b) }

// Enum writes v, a value of the enum e.
func (w *JSONWriter) Enum(v string, e *Enum) {
	if enumIndex(e, v) < 0 {
		w.trail.fail(badEnumValue(e, v))
	}
	w.buf = appendJSONString(w.buf, v)
}

// Timestamp writes t as chrono does: an RFC 3339 string in UTC.
func (w *JSONWriter) Timestamp(t time.Time) {
	w.buf = append(w.buf, '"')
	var err error
	if w.buf, err = appendTimestamp(w.buf, t); err != nil {
		w.trail.fail(err)
	}
	w.buf = append(w.buf, '"')
}

// BadOneof records that a oneof field holds a value that is none of its variants' wrappers.
func (w *JSONWriter) BadOneof() { w.trail.failEncode(msgBadOneof) }

const msgBadOneof = "holds a value that is none of the oneof's variant wrappers"

// Value writes a google.protobuf.Value: nil, a bool, a string, a number, []any or
// map[string]any, nested.
func (w *JSONWriter) Value(v any) {
	e := jsonEncoder{buf: w.buf, depth: w.trail.depth}
	if err := e.any(v); err != nil {
		w.trail.fail(err)
	}
	w.buf = e.buf
}

// Object writes a google.protobuf.Struct, its keys sorted.
func (w *JSONWriter) Object(m map[string]any) {
	e := jsonEncoder{buf: w.buf, depth: w.trail.depth}
	if err := e.object(m); err != nil {
		w.trail.fail(err)
	}
	w.buf = e.buf
}
