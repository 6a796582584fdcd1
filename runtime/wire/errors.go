package wire

import (
	"strconv"
	"strings"
)

// DecodeError is why a body did not decode: the rule broken (Msg, worded as serde words it
// where serde has a word for it, so "missing field `title`") and where (Path, such as
// `addrs[1].zip`, `labels["k"]` or `shape.Circle.radius`; empty for the value as a whole).
// A server answers it as an Args or Deserialization error.
type DecodeError struct {
	Path string
	Msg  string

	// rev collects the path while the error travels up the plan walk, innermost element
	// first; fix folds it into Path once, at the entry point. Building the path only on the
	// way out keeps the success path free of any path bookkeeping.
	rev []pathElem
}

// Error returns "path: msg", or msg alone for the value as a whole.
func (e *DecodeError) Error() string { return joinPath(e.Path, e.Msg) }

// EncodeError is why a value could not be encoded, such as an enum field holding a name the
// enum does not have, or a string that is not UTF-8. Path and Msg are as in DecodeError.
type EncodeError struct {
	Path string
	Msg  string

	rev []pathElem
}

// Error returns "path: msg", or msg alone for the value as a whole.
func (e *EncodeError) Error() string { return joinPath(e.Path, e.Msg) }

func joinPath(path, msg string) string {
	if path == "" {
		return msg
	}
	return path + ": " + msg
}

// pathElem is one step of an error path: a field or variant name, or a bracketed list index
// or map key (already spelled, such as `1` or `"k"`).
type pathElem struct {
	s       string
	bracket bool
	_       [0]func() // never compared: no equality function linked
}

func renderPath(rev []pathElem) string {
	var b strings.Builder
	for i := len(rev) - 1; i >= 0; i-- {
		e := rev[i]
		switch {
		case e.bracket:
			b.WriteByte('[')
			b.WriteString(e.s)
			b.WriteByte(']')
		case b.Len() > 0:
			b.WriteByte('.')
			b.WriteString(e.s)
		default:
			b.WriteString(e.s)
		}
	}
	return b.String()
}

// The functions that make and annotate errors are kept out of line (go:noinline): they
// run only when a call fails, and inlined at each of the walks' error returns they made
// a WebAssembly client about 8 KB (gzipped) larger for no gain.

//go:noinline
func decodeErr(msg string) *DecodeError { return &DecodeError{Msg: msg} }

//go:noinline
func encodeErr(msg string) *EncodeError { return &EncodeError{Msg: msg} }

// inField records that err happened inside the named field or variant.
//
//go:noinline
func inField(err error, name string) error {
	return addElem(err, pathElem{s: name})
}

// atIndex records that err happened in list element i.
//
//go:noinline
func atIndex(err error, i int) error {
	return addElem(err, pathElem{s: strconv.Itoa(i), bracket: true})
}

// atKey records that err happened in the map entry with the given key, already spelled
// for a path (quoted for strings).
//
//go:noinline
func atKey(err error, key string) error {
	return addElem(err, pathElem{s: key, bracket: true})
}

func addElem(err error, el pathElem) error {
	switch e := err.(type) {
	case *DecodeError:
		e.rev = append(e.rev, el)
	case *EncodeError:
		e.rev = append(e.rev, el)
	}
	return err
}

// fix turns the path collected on the way up into Path, once, at the entry point.
func fix(err error) error {
	switch e := err.(type) {
	case *DecodeError:
		if len(e.rev) > 0 {
			e.Path = renderPath(e.rev)
			e.rev = nil
		}
	case *EncodeError:
		if len(e.rev) > 0 {
			e.Path = renderPath(e.rev)
			e.rev = nil
		}
	}
	return err
}

// quoteKey spells a string map key for an error path.
func quoteKey(s string) string { return strconv.Quote(s) }

// expectedVariants words the list of variant names as serde does in "unknown variant" errors.
func expectedVariants(names []string) string {
	// One byte slice and no strings.Builder: this is linked into WebAssembly clients.
	var b []byte
	switch len(names) {
	case 0:
		return "there are no variants"
	case 1, 2:
		b = append(b, "expected "...)
	default:
		b = append(b, "expected one of "...)
	}
	for i, n := range names {
		switch {
		case i == 0:
		case len(names) == 2:
			b = append(b, " or "...)
		default:
			b = append(b, ", "...)
		}
		b = append(b, '`')
		b = append(b, n...)
		b = append(b, '`')
	}
	return string(b)
}

//go:noinline
func unknownVariant(got string, names []string) *DecodeError {
	return decodeErr("unknown variant `" + got + "`, " + expectedVariants(names))
}

//go:noinline
func missingField(name string) *DecodeError {
	return decodeErr("missing field `" + name + "`")
}

//go:noinline
func duplicateField(name string) *DecodeError {
	return decodeErr("duplicate field `" + name + "`")
}

// limitErr reports a limit passed: "string too long: 2000000 bytes (Limits.MaxStringLen =
// 1048576)".
func limitErr(what, field string, limit int) *DecodeError {
	return decodeErr(what + " (Limits." + field + " = " + strconv.Itoa(limit) + ")")
}
