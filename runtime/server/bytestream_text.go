package server

import (
	"errors"
	"io"
	"unicode/utf8"
)

// UTF-8 for text streams (TextIn, TextOut): Leptos's StreamingText carries a String per
// chunk, so a text stream out sends whole characters in every chunk, and a text stream in
// must be UTF-8 as a whole, though a character may be split between the chunks of the
// transport.

var (
	errNotUTF8     = errors.New("invalid UTF-8")
	errCutInUTF8   = errors.New("the text ends inside a character")
	errWriteClosed = errors.New("server: write to a text stream after its end")
)

// completePrefix returns how many leading bytes of p end on a character boundary: all of
// them, unless p ends with the first bytes of a character that continues later.
func completePrefix(p []byte) int {
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

// textChecker checks a text stream read chunk by chunk.
type textChecker struct {
	tail [utf8.UTFMax]byte
	n    int
}

// check checks the next chunk; end says it was the last.
func (t *textChecker) check(p []byte, end bool) error {
	data := p
	if t.n > 0 {
		data = append(t.tail[:t.n:t.n], p...)
	}
	cut := completePrefix(data)
	if !utf8.Valid(data[:cut]) {
		return errNotUTF8
	}
	t.n = copy(t.tail[:], data[cut:])
	if end && t.n > 0 {
		return errCutInUTF8
	}
	return nil
}

// textWriter passes on what is written in whole characters, keeping back a character
// split between two Writes until the second.
type textWriter struct {
	w      io.Writer
	tail   [utf8.UTFMax]byte
	n      int
	closed bool
}

func (t *textWriter) Write(p []byte) (int, error) {
	if t.closed {
		return 0, errWriteClosed
	}
	data := p
	if t.n > 0 {
		data = append(t.tail[:t.n:t.n], p...)
	}
	cut := completePrefix(data)
	if !utf8.Valid(data[:cut]) {
		return 0, errNotUTF8
	}
	if cut > 0 {
		if _, err := t.w.Write(data[:cut]); err != nil {
			return 0, err
		}
	}
	t.n = copy(t.tail[:], data[cut:])
	return len(p), nil
}

// Close reports a text that ended inside a character.
func (t *textWriter) Close() error {
	t.closed = true
	if t.n > 0 {
		return errCutInUTF8
	}
	return nil
}
