package wire

import (
	"errors"
	"unicode/utf8"
)

// Text streams (Leptos's StreamingText, SPEC 11) are UTF-8 as a whole, though a character
// may be split between the chunks of a transport. The server and the clients check them
// chunk by chunk with a TextChecker.

// The errors of a text stream.
var (
	ErrNotUTF8   = errors.New("invalid UTF-8")
	ErrCutInUTF8 = errors.New("the text ends inside a character")
)

// CompletePrefix returns how many leading bytes of p end on a character boundary: all of
// them, unless p ends with the first bytes of a character that continues later.
func CompletePrefix(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}

// TextChecker checks a text stream read chunk by chunk. The zero value is ready.
type TextChecker struct {
	tail [utf8.UTFMax]byte
	n    int
}

// Check checks the next chunk; end says it was the last. It returns ErrNotUTF8 or, at the
// end, ErrCutInUTF8.
func (t *TextChecker) Check(p []byte, end bool) error {
	data := p
	if t.n > 0 {
		data = append(t.tail[:t.n:t.n], p...)
	}
	cut := CompletePrefix(data)
	if !utf8.Valid(data[:cut]) {
		return ErrNotUTF8
	}
	t.n = copy(t.tail[:], data[cut:])
	if end && t.n > 0 {
		return ErrCutInUTF8
	}
	return nil
}
