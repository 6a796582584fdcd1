package client

import (
	"io"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// UTF-8 for text streams (TextIn, TextOut): the text must be UTF-8 as a whole, though a
// character may be split between the chunks of the transport.

// textReader is a text stream in: it fails at the first byte that is not UTF-8, and keeps
// that error for the call to report.
type textReader struct {
	r     io.Reader
	check wire.TextChecker
	err   error
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	if cerr := t.check.Check(p[:n], err == io.EOF); cerr != nil {
		t.err = cerr
		return 0, cerr
	}
	return n, err
}
