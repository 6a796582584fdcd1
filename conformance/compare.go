package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EqualJSON reports whether a and b hold the same JSON value: object member order and number
// spelling do not matter (1.0 equals 1, 1e2 equals 100) and numbers are compared exactly, never
// through float64 (9007199254740993 differs from 9007199254740992). It fails when either is
// not a single JSON value.
func EqualJSON(a, b []byte) (bool, error) {
	va, err := decodeJSON(a)
	if err != nil {
		return false, err
	}
	vb, err := decodeJSON(b)
	if err != nil {
		return false, err
	}
	return equalValue(va, vb), nil
}

func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

func equalValue(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		b, ok := b.(json.Number)
		return ok && equalNumber(a, b)
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, va := range a {
			vb, ok := b[k]
			if !ok || !equalValue(va, vb) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		return ok && slices.EqualFunc(a, b, equalValue)
	default: // string, bool, nil
		return a == b
	}
}

// equalNumber compares two JSON numbers as exact rationals. Exponents too large to expand are
// compared by their spelling, which is all a conformance case needs of them.
func equalNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	if hugeExponent(string(a)) || hugeExponent(string(b)) {
		return false
	}
	ra, ok1 := new(big.Rat).SetString(string(a))
	rb, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && ra.Cmp(rb) == 0
}

func hugeExponent(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return false
	}
	e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
	return err != nil || e > 400 || e < -400
}

// problems collects what is wrong with one case's exchange.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// compareBody compares a received body with the expected one by mode (MatchExact, MatchJSON or
// MatchTag) and records a mismatch under what ("body", "request body").
func (p *problems) compareBody(what, mode string, want, got []byte) {
	switch mode {
	case MatchJSON:
		eq, err := EqualJSON(want, got)
		switch {
		case err != nil:
			p.add("%s (json): received body is not JSON (%v)\n    want %s\n    got  %s", what, err, showBody(want, 0), showBody(got, 0))
		case !eq:
			p.add("%s (json): values differ\n    want %s\n    got  %s", what, showBody(want, 0), showBody(got, 0))
		}
	case MatchTag:
		prefix := want[:bytes.IndexByte(want, '|')+1]
		if !bytes.HasPrefix(got, prefix) {
			p.add("%s (tag): want a body starting with %s\n    got  %s", what, showBody(prefix, 0), showBody(got, 0))
		}
	case MatchErrorTag:
		wv, wt, wcbor, _ := frameworkTag(want)
		gv, gt, gcbor, ok := frameworkTag(got)
		switch {
		case !ok || gcbor != wcbor:
			format := "JSON"
			if wcbor {
				format = "CBOR"
			}
			p.add("%s (error_tag): want %s {%q: {%q: ...}}\n    got  %s", what, format, wv, wt, showBody(got, 0))
		case gv != wv || gt != wt:
			p.add("%s (error_tag): want {%q: {%q: ...}}, got {%q: {%q: ...}}\n    got  %s", what, wv, wt, gv, gt, showBody(got, 0))
		}
	default:
		if !bytes.Equal(want, got) {
			at := firstDifference(want, got)
			p.add("%s (exact): differs at byte %d\n    want %s\n    got  %s", what, at, showBody(want, at), showBody(got, at))
		}
	}
}

// compareHeaders compares received headers with the listed ones (exact values, names compared
// case-insensitively; several values of one header are joined with ", ") and checks that the
// absent ones are absent.
func (p *problems) compareHeaders(what string, want map[string]string, absent []string, got http.Header) {
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		values, ok := headerValues(got, name)
		switch {
		case !ok:
			p.add("%s %s: want %q, got none", what, name, want[name])
		case strings.Join(values, ", ") != want[name]:
			p.add("%s %s: want %q, got %q", what, name, want[name], strings.Join(values, ", "))
		}
	}
	for _, name := range absent {
		if values, ok := headerValues(got, name); ok {
			p.add("%s %s: want none, got %q", what, name, strings.Join(values, ", "))
		}
	}
}

// headerValues finds a header by name whatever the case of the stored key (a map filled
// without canonicalizing keys may hold "serverfnerror" as it was written).
func headerValues(h http.Header, name string) ([]string, bool) {
	var out []string
	found := false
	for k, v := range h {
		if strings.EqualFold(k, name) {
			out = append(out, v...)
			found = true
		}
	}
	return out, found
}

func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// Bodies are shown as quoted text when they are printable UTF-8 and as hex otherwise, cut to a
// window around the byte that matters.
const (
	textWindow = 240
	hexWindow  = 64
)

// showBody renders a body for a failure message, starting a little before byte at.
func showBody(b []byte, at int) string {
	size := fmt.Sprintf("(%d bytes)", len(b))
	if len(b) == 0 {
		return "empty " + size
	}
	if isText(b) {
		start := max(0, at-textWindow/4)
		for start > 0 && !utf8.RuneStart(b[start]) {
			start--
		}
		end := min(len(b), start+textWindow)
		for end < len(b) && !utf8.RuneStart(b[end]) {
			end++
		}
		return elide(strconv.Quote(string(b[start:end])), start > 0, end < len(b)) + " " + size
	}
	start := max(0, at-hexWindow/4)
	end := min(len(b), start+hexWindow)
	var sb strings.Builder
	for i, c := range b[start:end] {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	s := elide(sb.String(), start > 0, end < len(b))
	if start > 0 {
		return fmt.Sprintf("%s (%d bytes, hex from byte %d)", s, len(b), start)
	}
	return fmt.Sprintf("%s (%d bytes, hex)", s, len(b))
}

func elide(s string, before, after bool) string {
	if before {
		s = "…" + s
	}
	if after {
		s += "…"
	}
	return s
}

// isText reports whether b is UTF-8 with no control characters but tab and line breaks.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// frameworkTag reads a typed error's framework variant holding a failure,
// {"Variant":{"Tag":"message"}}, from JSON or else from CBOR (a map of one text key whose
// value is a map of one text key holding a text string, definite lengths, nothing after).
// It returns the two keys and whether the body was CBOR.
func frameworkTag(b []byte) (variant, tag string, isCBOR, ok bool) {
	if v, err := decodeJSON(b); err == nil {
		outer, _ := v.(map[string]any)
		for k, inner := range outer {
			in, _ := inner.(map[string]any)
			for t, msg := range in {
				if _, isText := msg.(string); isText && len(outer) == 1 && len(in) == 1 {
					return k, t, false, true
				}
			}
		}
		return "", "", false, false
	}
	c := cborReader{b: b}
	if c.head(0xa0) != 1 {
		return "", "", true, false
	}
	variant, ok1 := c.text()
	if c.head(0xa0) != 1 {
		return "", "", true, false
	}
	tag, ok2 := c.text()
	_, ok3 := c.text()
	return variant, tag, true, ok1 && ok2 && ok3 && c.err == nil && len(c.b) == 0
}

// cborReader reads the few CBOR items frameworkTag needs.
type cborReader struct {
	b   []byte
	err error
}

// head reads an item's head of the major type of base (0x60 text, 0xa0 map) and returns
// its length argument, or -1 when the item is another or malformed.
func (c *cborReader) head(base byte) int {
	if c.err != nil || len(c.b) == 0 || c.b[0]&0xe0 != base {
		c.err = errors.New("not the item wanted")
		return -1
	}
	info := c.b[0] & 0x1f
	c.b = c.b[1:]
	size := 0
	switch {
	case info < 24:
		return int(info)
	case info == 24:
		size = 1
	case info == 25:
		size = 2
	case info == 26:
		size = 4
	default:
		c.err = errors.New("length not supported")
		return -1
	}
	if len(c.b) < size {
		c.err = io.ErrUnexpectedEOF
		return -1
	}
	n := 0
	for _, x := range c.b[:size] {
		n = n<<8 | int(x)
	}
	c.b = c.b[size:]
	return n
}

// text reads a text string.
func (c *cborReader) text() (string, bool) {
	n := c.head(0x60)
	if n < 0 || n > len(c.b) {
		c.err = io.ErrUnexpectedEOF
		return "", false
	}
	s := string(c.b[:n])
	c.b = c.b[n:]
	return s, utf8.ValidString(s)
}
