package wire

import (
	"time"
	"unicode/utf8"
)

// CBORWriter is what generated code writes CBOR with, byte for byte as MarshalCBOR (and
// ciborium) writes it (SPEC 4.3). A message is BeginMap with its number of fields, then Name
// and the value for each field, then End; a list is BeginList with its length, then Index
// and the value for each element, then End; a map is BeginMap with its number of entries,
// then a ...Key method and the value for each, then End.
type CBORWriter struct {
	buf   []byte
	trail trail
}

// EncodeCBOR appends to dst the CBOR that enc writes, or returns dst and the first error,
// with its path, that enc ran into.
func EncodeCBOR(dst []byte, enc func(*CBORWriter)) ([]byte, error) {
	w := CBORWriter{buf: dst}
	w.trail.start()
	enc(&w)
	if w.trail.err != nil {
		return dst, w.trail.err
	}
	return w.buf, nil
}

// EmptyCBOR writes a message without fields, an empty map: the arguments of a function that
// takes none.
func EmptyCBOR(w *CBORWriter) { w.buf = append(w.buf, majorMap) }

// Enter starts writing a message, reporting false when the message is not to be written:
// after an error, or nested too deep (a pointer cycle). Leave ends it.
func (w *CBORWriter) Enter() bool { return w.trail.enter() }

// Leave ends what Enter started.
func (w *CBORWriter) Leave() { w.trail.depth-- }

// BeginMap starts a map of n entries: a message (n fields), a map, or a oneof's variant (1).
func (w *CBORWriter) BeginMap(n int) {
	w.buf = appendCBORHead(w.buf, majorMap, uint64(n))
	w.trail.push()
}

// BeginList starts an array of n elements.
func (w *CBORWriter) BeginList(n int) {
	w.buf = appendCBORHead(w.buf, majorArray, uint64(n))
	w.trail.push()
}

// End ends the map or array.
func (w *CBORWriter) End() { w.trail.pop() }

// Name writes the key of the field or variant name.
func (w *CBORWriter) Name(name string) {
	w.buf = appendCBORText(w.buf, name)
	w.trail.name(name)
}

// Index starts element i of a list.
func (w *CBORWriter) Index(i int) { w.trail.index(i) }

// StringKey writes the map key k.
func (w *CBORWriter) StringKey(k string) {
	w.trail.key(stepQuoted, k, 0)
	if !utf8.ValidString(k) {
		w.trail.failEncode("map key is not valid UTF-8")
	}
	w.buf = appendCBORText(w.buf, k)
}

// IntKey writes the integer map key k.
func (w *CBORWriter) IntKey(k int64) {
	w.trail.key(stepInt, "", uint64(k))
	w.buf = appendCBORInt(w.buf, k)
}

// UintKey writes the unsigned integer map key k.
func (w *CBORWriter) UintKey(k uint64) {
	w.trail.key(stepUint, "", k)
	w.buf = appendCBORHead(w.buf, majorUint, k)
}

// Null writes null (f6): None, or a oneof holding no variant.
func (w *CBORWriter) Null() { w.buf = append(w.buf, cborNull) }

// String writes s, which must be valid UTF-8, as a text string.
func (w *CBORWriter) String(s string) {
	if !utf8.ValidString(s) {
		w.trail.failEncode("string is not valid UTF-8")
	}
	w.buf = appendCBORText(w.buf, s)
}

// Bool writes b.
func (w *CBORWriter) Bool(b bool) {
	if b {
		w.buf = append(w.buf, cborTrue)
	} else {
		w.buf = append(w.buf, cborFalse)
	}
}

// Int writes v in its shortest head.
func (w *CBORWriter) Int(v int64) { w.buf = appendCBORInt(w.buf, v) }

// Uint writes v in its shortest head.
func (w *CBORWriter) Uint(v uint64) { w.buf = appendCBORHead(w.buf, majorUint, v) }

// Float32 writes f in the shortest width that holds it exactly.
func (w *CBORWriter) Float32(f float32) { w.buf = appendCBORFloat(w.buf, float64(f)) }

// Float64 writes f in the shortest width that holds it exactly.
func (w *CBORWriter) Float64(f float64) { w.buf = appendCBORFloat(w.buf, f) }

// Bytes writes b as a byte string.
func (w *CBORWriter) Bytes(b []byte) {
	w.buf = append(appendCBORHead(w.buf, majorBytes, uint64(len(b))), b...)
}

// Enum writes v, a value of the enum e, as its name.
func (w *CBORWriter) Enum(v string, e *Enum) {
	if enumIndex(e, v) < 0 {
		w.trail.fail(badEnumValue(e, v))
	}
	w.buf = appendCBORText(w.buf, v)
}

// Timestamp writes t as chrono does: an RFC 3339 text string in UTC.
func (w *CBORWriter) Timestamp(t time.Time) {
	var tmp [40]byte
	ts, err := appendTimestamp(tmp[:0], t)
	if err != nil {
		w.trail.fail(err)
	}
	w.buf = append(appendCBORHead(w.buf, majorText, uint64(len(ts))), ts...)
}

// BadOneof records that a oneof field holds a value that is none of its variants' wrappers.
func (w *CBORWriter) BadOneof() { w.trail.failEncode(msgBadOneof) }
