package server

import (
	"errors"
	"io"
	"unicode/utf8"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// UTF-8 for text streams (TextIn, TextOut): Leptos's StreamingText carries a String per
// chunk, so a text stream out sends whole characters in every chunk, and a text stream in
// must be UTF-8 as a whole, though a character may be split between the chunks of the
// transport.

var errWriteClosed = errors.New("server: write to a text stream after its end")

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
	cut := wire.CompletePrefix(data)
	if !utf8.Valid(data[:cut]) {
		return 0, wire.ErrNotUTF8
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
		return wire.ErrCutInUTF8
	}
	return nil
}
