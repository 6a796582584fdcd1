package wire

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// FormWriter is what generated code writes forms with, byte for byte as MarshalForm (and
// serde_qs 0.15) writes them (SPEC 4.1). A message, a list, a map or a oneof is Begin, then
// for each member a key method (Name, Index or a ...Key method) and its value, then End;
// each value is written as one key=value pair under the keys of the levels around it, and
// None (nothing written) and empty collections (no members) leave no pair.
type FormWriter struct {
	buf   []byte
	key   []byte // the current key: its segments, escaped, bracketed after the first
	marks []int  // where each level's segment starts in key
	pairs int
	trail trail
	// keyInline and marksInline back key and marks for shallow values.
	keyInline   [64]byte
	marksInline [8]int
}

// EncodeForm appends to dst the form that enc writes, or returns dst and the first error,
// with its path, that enc ran into. A nil enc writes nothing: the arguments of a function
// that takes none.
func EncodeForm(dst []byte, enc func(*FormWriter)) ([]byte, error) {
	if enc == nil {
		return dst, nil
	}
	w := FormWriter{buf: dst}
	w.key, w.marks = w.keyInline[:0], w.marksInline[:0]
	w.trail.start()
	enc(&w)
	if w.trail.err != nil {
		return dst, w.trail.err
	}
	return w.buf, nil
}

// Enter starts writing a message, reporting false when the message is not to be written:
// after an error, or nested too deep (a pointer cycle). Leave ends it.
func (w *FormWriter) Enter() bool { return w.trail.enter() }

// Leave ends what Enter started.
func (w *FormWriter) Leave() { w.trail.depth-- }

// Begin starts a message, list, map or oneof: its members' keys are nested one level
// deeper.
func (w *FormWriter) Begin() {
	w.marks = append(w.marks, len(w.key))
	w.trail.push()
}

// End ends what Begin started.
func (w *FormWriter) End() {
	n := len(w.marks) - 1
	w.key = w.key[:w.marks[n]]
	w.marks = w.marks[:n]
	w.trail.pop()
}

// segment replaces the innermost key segment with seg (already escaped).
func (w *FormWriter) segment(seg []byte) {
	n := len(w.marks) - 1
	w.key = w.key[:w.marks[n]]
	if n > 0 {
		w.key = append(append(append(w.key, '['), seg...), ']')
	} else {
		w.key = append(w.key, seg...)
	}
}

// Name starts the field or variant name.
func (w *FormWriter) Name(name string) {
	var tmp [64]byte
	w.segment(appendFormEscaped(tmp[:0], name))
	w.trail.name(name)
}

// Index starts element i of a list.
func (w *FormWriter) Index(i int) {
	var tmp [20]byte
	w.segment(strconv.AppendInt(tmp[:0], int64(i), 10))
	w.trail.index(i)
}

// StringKey starts the map entry with key k.
func (w *FormWriter) StringKey(k string) {
	w.trail.key(stepQuoted, k, 0)
	if !utf8.ValidString(k) {
		w.trail.failEncode("map key is not valid UTF-8")
	}
	var tmp [64]byte
	w.segment(appendFormEscaped(tmp[:0], k))
}

// IntKey starts the map entry with the integer key k.
func (w *FormWriter) IntKey(k int64) {
	w.trail.key(stepInt, "", uint64(k))
	var tmp [20]byte
	w.segment(strconv.AppendInt(tmp[:0], k, 10))
}

// UintKey starts the map entry with the unsigned integer key k.
func (w *FormWriter) UintKey(k uint64) {
	w.trail.key(stepUint, "", k)
	var tmp [20]byte
	w.segment(strconv.AppendUint(tmp[:0], k, 10))
}

// start writes "&key=" (no "&" before the first pair); the value follows.
func (w *FormWriter) start() {
	if w.pairs > 0 {
		w.buf = append(w.buf, '&')
	}
	w.pairs++
	w.buf = append(append(w.buf, w.key...), '=')
}

// String writes s, which must be valid UTF-8, percent-encoded.
func (w *FormWriter) String(s string) {
	if !utf8.ValidString(s) {
		w.trail.failEncode("string is not valid UTF-8")
		return
	}
	w.start()
	w.buf = appendFormEscaped(w.buf, s)
}

// Bool writes b.
func (w *FormWriter) Bool(b bool) {
	w.start()
	w.buf = strconv.AppendBool(w.buf, b)
}

// Int writes v.
func (w *FormWriter) Int(v int64) {
	w.start()
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// Uint writes v.
func (w *FormWriter) Uint(v uint64) {
	w.start()
	w.buf = strconv.AppendUint(w.buf, v, 10)
}

// Float32 writes f as Rust's Display writes an f32.
func (w *FormWriter) Float32(f float32) {
	w.start()
	w.buf = appendRustFloat(w.buf, float64(f), 32)
}

// Float64 writes f as Rust's Display writes an f64.
func (w *FormWriter) Float64(f float64) {
	w.start()
	w.buf = appendRustFloat(w.buf, f, 64)
}

// Bytes writes b's raw bytes percent-encoded.
func (w *FormWriter) Bytes(b []byte) {
	w.start()
	w.buf = appendFormEscaped(w.buf, b)
}

// Enum writes v, a value of the enum e, as its name.
func (w *FormWriter) Enum(v string, e *Enum) {
	if enumIndex(e, v) < 0 {
		w.trail.fail(badEnumValue(e, v))
		return
	}
	w.start()
	w.buf = appendFormEscaped(w.buf, v)
}

// Timestamp writes t as chrono does: RFC 3339 in UTC, percent-encoded.
func (w *FormWriter) Timestamp(t time.Time) {
	var tmp [40]byte
	ts, err := appendTimestamp(tmp[:0], t)
	if err != nil {
		w.trail.fail(err)
		return
	}
	w.start()
	w.buf = appendFormEscaped(w.buf, ts)
}

// BadOneof records that a oneof field holds a value that is none of its variants' wrappers.
func (w *FormWriter) BadOneof() { w.trail.failEncode(msgBadOneof) }
