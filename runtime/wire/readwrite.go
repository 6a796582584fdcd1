package wire

import (
	"cmp"
	"strconv"
)

// The writers and readers that generated code encodes and decodes with (sfn's generated
// client codecs): FormWriter, JSONWriter, CBORWriter, JSONReader and CBORReader. Where the
// plan-driven codecs switch on each value's kind at run time, generated code knows every
// type, so it calls one method per value; a program links the code of the formats and kinds
// its functions use, and no reflection. The bytes written and the values read are the same
// as the plan-driven codecs': both sides share this package's scalar, escaping, number,
// timestamp and scanning functions, and tests compare the two on every generated type.
//
// Errors are sticky: the first one is kept, with the path to where it happened, and ends
// every loop of a reader, so generated code checks nothing between calls. The path is kept
// as a trail of steps (a field or variant name, a list index, a map key) that the structural
// methods maintain, and rendered only when an error happens.

// stepKind says what a step of the trail is.
type stepKind uint8

const (
	stepNone   stepKind = iota // no step yet at this level (a key being read, say)
	stepName                   // a field or variant name: .name
	stepIndex                  // a list index: [n]
	stepQuoted                 // a string map key: ["s"]
	stepText                   // a map key spelled as is: [s]
	stepInt                    // a signed integer map key: [n]
	stepUint                   // an unsigned integer map key: [n]
)

// step is one level of the trail.
type step struct {
	kind stepKind
	s    string
	n    uint64
	// count is how many members or elements the level has had, for writers that separate
	// them.
	count int

	_ [0]func() // never compared: no equality function for the readers' [8]step arrays
}

func (s *step) elem() pathElem {
	switch s.kind {
	case stepName:
		return pathElem{s: s.s}
	case stepIndex, stepUint:
		return pathElem{s: strconv.FormatUint(s.n, 10), bracket: true}
	case stepInt:
		return pathElem{s: strconv.FormatInt(int64(s.n), 10), bracket: true}
	case stepQuoted:
		return pathElem{s: quoteKey(s.s), bracket: true}
	}
	return pathElem{s: s.s, bracket: true}
}

// trail is the path to the value being written or read, and the first error.
type trail struct {
	steps []step
	// inline holds the first levels, so that shallow values need no allocation for steps.
	inline [8]step
	err    error
	// depth counts the messages being written, as the plan-driven encoders count them, to
	// stop at a pointer cycle.
	depth int
}

// enter counts one more message being written and reports true, or reports false after an
// error or when maxEncodeDepth messages are being written already: a generated encoder then
// returns at once, so that neither a cycle nor the rest of a failed value is walked.
func (t *trail) enter() bool {
	if t.err != nil {
		return false
	}
	if t.depth >= maxEncodeDepth {
		t.fail(tooDeep())
		return false
	}
	t.depth++
	return true
}

func (t *trail) push() { t.steps = append(t.steps, step{}) }

// start begins the trail with its root level, in the inline array. The writer or reader
// holding t must not be copied afterwards.
func (t *trail) start() {
	t.steps = t.inline[:1]
	t.inline[0] = step{}
}

func (t *trail) pop() {
	if n := len(t.steps); n > 0 {
		t.steps = t.steps[:n-1]
	}
}

// top is the innermost level; there is always one (the writers and readers start with a
// root level).
func (t *trail) top() *step { return &t.steps[len(t.steps)-1] }

func (t *trail) name(s string) { *t.top() = step{kind: stepName, s: s, count: t.top().count} }

func (t *trail) index(i int) { *t.top() = step{kind: stepIndex, n: uint64(i), count: t.top().count} }

func (t *trail) key(k stepKind, s string, n uint64) {
	*t.top() = step{kind: k, s: s, n: n, count: t.top().count}
}

// clear leaves the innermost level without a step, so an error there names its parent.
func (t *trail) clear() { t.key(stepNone, "", 0) }

// fail keeps err, a *DecodeError or *EncodeError, with the trail as its path, unless an
// error is kept already.
//
//go:noinline
func (t *trail) fail(err error) {
	if t.err != nil {
		return
	}
	for i := len(t.steps) - 1; i >= 0; i-- {
		if t.steps[i].kind != stepNone {
			err = addElem(err, t.steps[i].elem())
		}
	}
	t.err = fix(err)
}

// failEncode and failDecode are fail with a new EncodeError or DecodeError.
//
//go:noinline
func (t *trail) failEncode(msg string) { t.fail(encodeErr(msg)) }

//go:noinline
func (t *trail) failDecode(msg string) { t.fail(decodeErr(msg)) }

// enumIndex returns the index of the value named s in e, or -1.
func enumIndex(e *Enum, s string) int {
	for i, v := range e.Values {
		if v == s {
			return i
		}
	}
	return -1
}

//go:noinline
func badEnumValue(e *Enum, got string) *EncodeError {
	return encodeErr("invalid value " + strconv.Quote(got) + " for enum " + e.Name + ", " + expectedVariants(e.Values))
}

// SortedKeys returns m's keys in ascending order, the order of a Rust BTreeMap, in which
// every format writes map entries: numerically for integers, bytewise for strings.
func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// One sorting instantiation for all key types (see sortedOrder).
	order := sortedOrder(nil, len(keys), func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	out := make([]K, len(keys))
	for i, j := range order {
		out[i] = keys[j]
	}
	return out
}

// Put stores v under k in *m, making the map on the first entry, and reports false, leaving
// *m as it is, when k is there already: the readers refuse duplicate map keys.
func Put[K comparable, V any](m *map[K]V, k K, v V) bool {
	if *m == nil {
		*m = map[K]V{}
	} else if _, dup := (*m)[k]; dup {
		return false
	}
	(*m)[k] = v
	return true
}
