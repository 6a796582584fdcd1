package client

import (
	"errors"
	"io"
	"unicode/utf8"
)

// UTF-8 for text streams (TextIn, TextOut): the text must be UTF-8 as a whole, though a
// character may be split between the chunks of the transport.

var (
	errNotUTF8   = errors.New("invalid UTF-8")
	errCutInUTF8 = errors.New("the text ends inside a character")
)

// completePrefix returns how many leading bytes of p end on a character boundary.
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

// textChecker checks a text read chunk by chunk.
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

// textReader is a text stream in: it fails at the first byte that is not UTF-8, and keeps
// that error for the call to report.
type textReader struct {
	r     io.Reader
	check textChecker
	err   error
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	if cerr := t.check.check(p[:n], err == io.EOF); cerr != nil {
		t.err = cerr
		return 0, cerr
	}
	return n, err
}
