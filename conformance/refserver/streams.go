package refserver

import (
	"context"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/sfn-dev/sfn/conformance/gen/conformancev1"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

// MaxTicks is the largest n count accepts: a larger one is answered with an error item.
const MaxTicks = 1000

// StreamLimit bounds a text stream in (upper's request body); past it the reader fails with
// 413 Deserialization.
const StreamLimit = 4 << 20

// uploadLimits are sizes' limits: fewer parts and a smaller file than the runtime's
// defaults, so that the cases over them stay small.
var uploadLimits = server.UploadLimits{
	MaxParts:       10,
	MaxHeaderBytes: 8 << 10,
	MaxBytes:       4 << 20,
	MaxFileBytes:   1 << 20,
}

// streams is the Streams service: websockets, a text stream and an upload.
type streams struct{}

var _ conformancev1.Streams = streams{}

// Echo yields every input item back, and every input error (an item that did not decode,
// an empty frame, an unknown tag, an error item the client sent) as an error item.
func (streams) Echo(_ context.Context, in iter.Seq2[*conformancev1.Line, error]) iter.Seq2[*conformancev1.Line, error] {
	return func(yield func(*conformancev1.Line, error) bool) {
		for line, err := range in {
			if !yield(line, err) {
				return
			}
		}
	}
}

// Count yields {"i":1} ... {"i":n}, or one error item when n is over MaxTicks.
func (streams) Count(_ context.Context, in *conformancev1.Count) iter.Seq2[*conformancev1.Tick, error] {
	return func(yield func(*conformancev1.Tick, error) bool) {
		if in.N > MaxTicks {
			yield(nil, rpc.NewError(400, "n must be at most 1000"))
			return
		}
		for i := uint32(1); i <= in.N; i++ {
			if !yield(&conformancev1.Tick{I: i}, nil) {
				return
			}
		}
	}
}

// Upper writes the text it reads upper-cased, chunk by chunk as it arrives; a character
// split between two reads waits for the rest (the runtime has checked it is UTF-8).
func (streams) Upper(_ context.Context, r io.Reader, w io.Writer) error {
	buf := make([]byte, 32<<10)
	var pending []byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			pending = append(pending, buf[:n]...)
			whole := len(pending)
			if i := lastStart(pending); !utf8.FullRune(pending[i:]) {
				whole = i
			}
			if whole > 0 {
				if _, werr := io.WriteString(w, strings.ToUpper(string(pending[:whole]))); werr != nil {
					return werr
				}
				pending = append(pending[:0], pending[whole:]...)
			}
		}
		if err == io.EOF {
			if len(pending) > 0 {
				_, werr := io.WriteString(w, strings.ToUpper(string(pending)))
				return werr
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// lastStart returns the index of the last character's first byte in p.
func lastStart(p []byte) int {
	i := len(p) - 1
	for i > 0 && !utf8.RuneStart(p[i]) && len(p)-i < utf8.UTFMax {
		i--
	}
	return max(i, 0)
}

// Sizes reports each file part's size and every other part's value.
func (streams) Sizes(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*conformancev1.Sizes, error) {
	out := &conformancev1.Sizes{Files: []conformancev1.FileSize{}, Fields: map[string]string{}}
	for p, err := range parts {
		if err != nil {
			return nil, err
		}
		if p.FileName != "" {
			n, err := io.Copy(io.Discard, p.Body)
			if err != nil {
				return nil, err
			}
			out.Files = append(out.Files, conformancev1.FileSize{Field: p.Field, Name: p.FileName, Size: uint64(n)})
			continue
		}
		v, err := io.ReadAll(p.Body)
		if err != nil {
			return nil, err
		}
		out.Fields[p.Field] = string(v)
	}
	return out, nil
}
