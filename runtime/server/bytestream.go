package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Byte and text streams (Leptos's Streaming and StreamingText, SPEC section 11): a request
// or response body that is a raw stream of bytes, Content-Type application/octet-stream
// both ways, with no framing. The side of the call that does not stream keeps the
// function's encoding: BytesOut's arguments are a form, JSON or CBOR body (or a GET
// query) as for any function, and BytesIn's result is encoded as any result.
//
// A stream out is sent as it is written: every Write is flushed, so each chunk reaches
// the client as it is produced, and a Write blocks while the client reads slowly, which
// slows the producer (backpressure) and keeps memory bounded. Its headers go out with the
// first Write, so a function that fails before writing anything is answered as any failure
// (status, serverfnerror, "Tag|message" or its typed error). One that fails after the first
// Write cannot say so in the body: the handler aborts the response (panic with
// http.ErrAbortHandler, so that net/http drops the connection without the final chunk, or
// resets the HTTP/2 stream), and the client sees a broken body, never a short success.
//
// A stream in is read by the function as it arrives, with a bounded buffer; its total
// size is limited by WithStreamLimit (DefaultStreamLimit), separately from Limits.MaxBytes,
// which bounds bodies decoded whole.

// DefaultStreamLimit bounds the bytes of a byte or text stream sent to a function
// (BytesIn, BytesBoth, TextIn, TextBoth) unless WithStreamLimit says otherwise. Memory does
// not grow with it, as the function reads the stream as it arrives: it bounds what one call
// may make the server read, store or pass on.
const DefaultStreamLimit = 64 << 20

// ContentTypeStream is the Content-Type of byte and text streams, both ways.
const ContentTypeStream = "application/octet-stream"

// streamLimits are the limits of byte streams and uploads (upload.go); zero fields take
// their defaults.
type streamLimits struct {
	in     int64
	upload UploadLimits
}

// WithStreamLimit sets the most bytes a byte or text stream sent to a function may hold
// (413 beyond); n <= 0 keeps DefaultStreamLimit. A long stream also needs a read deadline
// to match: see WithFuncTimeouts.
func WithStreamLimit(n int64) Option {
	return func(c *config) { c.streams.in = n }
}

func (c *config) streamLimit() int64 {
	if c.streams.in > 0 {
		return c.streams.in
	}
	return DefaultStreamLimit
}

// BytesOut is a function with arguments whose result is a byte stream (Leptos:
// #[server(output = Streaming)] returning ByteStream): func(ctx, *In, io.Writer) error.
// f.Encoding gives the arguments' encoding (for a function without arguments, f.Args is
// rpc.NoArgs and In is struct{}); f.Result is wire.UnitMessage. Interceptors see the
// decoded arguments as Call.Args.
//
// A plain HTML form post (Accept: text/html) is answered with the stream itself, so that
// a form or a link downloads it, unless the function fails before writing, which is
// answered with the usual 302 back (see "Plain HTML forms" in the package documentation).
func BytesOut[In any](f *rpc.Func, fn func(ctx context.Context, in *In, w io.Writer) error) Route {
	return bytesOut(f, fn, false)
}

// TextOut is BytesOut for text (Leptos: output = StreamingText, returning TextStream): what
// the function writes must be UTF-8, and is sent in chunks that each hold whole
// characters, as Leptos's client decodes every chunk on its own. A Write of bytes that are
// not UTF-8 fails, and the function's error then aborts the stream; a character split
// across two Writes is sent with the second.
func TextOut[In any](f *rpc.Func, fn func(ctx context.Context, in *In, w io.Writer) error) Route {
	return bytesOut(f, fn, true)
}

func bytesOut[In any](f *rpc.Func, fn func(context.Context, *In, io.Writer) error, text bool) Route {
	return Route{
		fn:      f,
		newArgs: func() any { return new(In) },
		invoke: func(ctx context.Context, c *Call) (any, error) {
			sio := streamOf(ctx)
			if sio == nil {
				return nil, errNoStream
			}
			return unitResult(writeStream(sio.out, text, func(w io.Writer) error {
				return fn(ctx, c.Args.(*In), w)
			}))
		},
		argsType:   reflect.TypeFor[In](),
		resultType: unitType,
		serveBody:  serveStream(false, true, false),
	}
}

// BytesIn is a function whose argument is a byte stream (Leptos: #[server(input =
// Streaming)] taking ByteStream) and that returns a result in f's encoding (Json, Cbor;
// Url answers JSON): func(ctx, io.Reader) (*Out, error). f.Args is rpc.NoArgs. The
// function reads the request body as it arrives; reading past WithStreamLimit's limit
// fails with a 413 Deserialization error, and the call is answered with that error
// whatever the function returns. Interceptors see the reader as Call.Args, and may wrap it.
func BytesIn[Out any](f *rpc.Func, fn func(ctx context.Context, r io.Reader) (*Out, error)) Route {
	return bytesIn(f, fn, false)
}

// TextIn is BytesIn for text (Leptos: input = StreamingText): the reader fails with a 400
// Deserialization error at the first byte that is not UTF-8, or at an end inside a
// character.
func TextIn[Out any](f *rpc.Func, fn func(ctx context.Context, r io.Reader) (*Out, error)) Route {
	return bytesIn(f, fn, true)
}

func bytesIn[Out any](f *rpc.Func, fn func(context.Context, io.Reader) (*Out, error), text bool) Route {
	return Route{
		fn:      f,
		newArgs: newUnit,
		invoke: func(ctx context.Context, c *Call) (any, error) {
			out, err := fn(ctx, c.Args.(io.Reader))
			return result(f, out, err)
		},
		argsType:   unitType,
		resultType: reflect.TypeFor[Out](),
		serveBody:  serveStream(true, false, text),
	}
}

// BytesBoth is a function whose argument and result are both byte streams: func(ctx,
// io.Reader, io.Writer) error. f.Args is rpc.NoArgs and f.Result wire.UnitMessage. It may
// read and write in any order (HTTP/1.1 full duplex is turned on), but a browser's fetch
// sends the whole request before it reads any of the answer. Interceptors see the reader
// as Call.Args.
func BytesBoth(f *rpc.Func, fn func(ctx context.Context, r io.Reader, w io.Writer) error) Route {
	return bytesBoth(f, fn, false, false)
}

// TextBoth is BytesBoth for text, with TextIn's reader and TextOut's writer.
func TextBoth(f *rpc.Func, fn func(ctx context.Context, r io.Reader, w io.Writer) error) Route {
	return bytesBoth(f, fn, true, true)
}

// TextInBytesOut is BytesBoth with TextIn's reader and a byte stream out (Leptos: input =
// StreamingText, output = Streaming), for a schema's
// rpc f(stream sfn.v1.Text) returns (stream sfn.v1.Bytes).
func TextInBytesOut(f *rpc.Func, fn func(ctx context.Context, r io.Reader, w io.Writer) error) Route {
	return bytesBoth(f, fn, true, false)
}

// BytesInTextOut is BytesBoth with a byte stream in and TextOut's writer (Leptos: input =
// Streaming, output = StreamingText).
func BytesInTextOut(f *rpc.Func, fn func(ctx context.Context, r io.Reader, w io.Writer) error) Route {
	return bytesBoth(f, fn, false, true)
}

func bytesBoth(f *rpc.Func, fn func(context.Context, io.Reader, io.Writer) error, textIn, textOut bool) Route {
	return Route{
		fn:      f,
		newArgs: newUnit,
		invoke: func(ctx context.Context, c *Call) (any, error) {
			sio := streamOf(ctx)
			if sio == nil {
				return nil, errNoStream
			}
			return unitResult(writeStream(sio.out, textOut, func(w io.Writer) error {
				return fn(ctx, c.Args.(io.Reader), w)
			}))
		},
		argsType:   unitType,
		resultType: unitType,
		serveBody:  serveStream(true, true, textIn),
	}
}

// errNoStream is a call of a stream function whose context lost the stream: an
// interceptor that called next with a context not derived from its own.
var errNoStream = errors.New("server: the call's context holds no stream; interceptors must pass on a context derived from theirs")

// writeStream runs a function that writes to out, through a text writer when text.
func writeStream(out *streamWriter, text bool, run func(io.Writer) error) error {
	if !text {
		return run(out)
	}
	tw := &textWriter{w: out}
	if err := run(tw); err != nil {
		return err
	}
	return tw.Close()
}

// streamIO is what a stream function's invoke finds in its context.
type streamIO struct{ out *streamWriter }

type streamKey struct{}

func streamOf(ctx context.Context) *streamIO {
	s, _ := ctx.Value(streamKey{}).(*streamIO)
	return s
}

// serveStream returns the serveBody of a stream route: in says the request body is a
// stream (else it holds the arguments, read and decoded as route.serve does), out that
// the answer is one (else it is the encoded result), textIn that the stream in is text.
// A text stream out is the invoke's affair (writeStream).
func serveStream(in, out, textIn bool) func(*route, http.ResponseWriter, *http.Request, *callState, bool) {
	return func(rt *route, w http.ResponseWriter, r *http.Request, st *callState, plain bool) {
		buf := getBuf()
		defer putBuf(buf)
		var args any
		var body *streamBody
		if in {
			limit := rt.cfg.streamLimit()
			if r.ContentLength > limit {
				w.Header().Set("Connection", "close")
				rt.refuse(w, st, plain, tooLarge(rpc.TagDeserialization, limit), nil)
				return
			}
			body = newStreamBody(w, r, limit, textIn)
			args = io.Reader(body)
		} else {
			data, we := rt.readArgs(w, r, (*buf)[:0])
			if we != nil {
				rt.refuse(w, st, plain, we, nil)
				return
			}
			*buf = data
			if args, we = rt.decodeArgs(r, data); we != nil {
				rt.refuse(w, st, plain, we, nil)
				return
			}
		}
		ctx := withCall(r.Context(), st)
		var sw *streamWriter
		if out {
			sw = &streamWriter{w: w, rc: http.NewResponseController(w), st: st}
			if in {
				// Reading the request while writing the answer: net/http's HTTP/1 server
				// would otherwise close the body at the first write.
				_ = sw.rc.EnableFullDuplex()
			}
			ctx = context.WithValue(ctx, streamKey{}, &streamIO{out: sw})
		}
		st.call = Call{Func: rt.fn, Args: args}
		res, we, cause, panicked := callFunc(ctx, rt, st, (*buf)[:0])
		if body != nil && body.failure != nil {
			// The request stream broke (over the limit, not UTF-8, the client hung up):
			// that is the answer, whatever the function made of it.
			we, cause, panicked = body.failure, nil, false
			if we.Status == http.StatusRequestEntityTooLarge {
				// Do not read the rest: net/http would drain up to 256 KiB first.
				w.Header().Set("Connection", "close")
			}
		}
		switch {
		case !out:
			if we == nil {
				*buf = res
			}
			rt.answer(ctx, w, st, plain, res, we, cause, panicked)
		case we != nil && sw.started:
			sw.abort(ctx, rt, we, cause, panicked)
		case we != nil:
			rt.answer(ctx, w, st, plain, nil, we, cause, panicked)
		case !sw.started:
			// An empty stream: the headers, and no body at all.
			w.Header().Set("Content-Length", "0")
			sw.start()
		}
	}
}

// streamWriter is the io.Writer of a stream out: it sends the headers at the first Write
// and flushes every Write.
type streamWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	st      *callState
	started bool
	// failed is the error of a Write or Flush: the connection is gone or past its
	// deadline, the client's doing.
	failed error
}

// start sends the answer's headers: the function's own, then the stream's.
func (s *streamWriter) start() {
	s.started = true
	h := s.w.Header()
	for k, vs := range s.st.header {
		h[k] = append(h[k], vs...)
	}
	h.Set("Content-Type", ContentTypeStream)
	h["X-Content-Type-Options"] = nosniff
	if s.st.location != "" {
		h.Set("Location", s.st.location)
		h.Set(headerRedirect, "")
	}
	status := http.StatusOK
	if c := s.st.status; c >= 200 && c <= 299 {
		status = c
	}
	s.w.WriteHeader(status)
}

// Write sends p as one chunk, at once: it returns once the connection took it, so a slow
// reader slows the writer.
func (s *streamWriter) Write(p []byte) (int, error) {
	if s.failed != nil {
		return 0, s.failed
	}
	if !s.started {
		s.start()
	}
	if len(p) == 0 {
		return 0, nil
	}
	n, err := s.w.Write(p)
	if err == nil {
		err = s.rc.Flush()
	}
	if err != nil {
		s.failed = err
	}
	return n, err
}

// abort ends a stream out that failed after its first byte: there is no way left to
// send the error, so the connection is dropped and the client sees a broken body. The
// failure is logged as any other, unless the stream broke because the client left.
func (s *streamWriter) abort(ctx context.Context, rt *route, we *rpc.Error, cause error, panicked bool) {
	switch {
	case panicked:
	case s.failed != nil || ctx.Err() != nil:
		rt.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "client went away during a stream",
			funcAttrs(rt.fn, slog.String("error", errString(s.failed, ctx.Err())))...)
	default:
		logFailure(ctx, rt, we, cause, statusOf(we, s.st.status, http.StatusInternalServerError), false)
	}
	panic(http.ErrAbortHandler)
}

func errString(errs ...error) string {
	for _, err := range errs {
		if err != nil {
			return err.Error()
		}
	}
	return ""
}

// streamBody is the io.Reader of a stream in: the request body within the stream limit,
// its failures turned into the errors the call is answered with.
type streamBody struct {
	r       io.Reader
	text    *wire.TextChecker
	read    int64
	limit   int64
	failure *rpc.Error
}

func newStreamBody(w http.ResponseWriter, r *http.Request, limit int64, text bool) *streamBody {
	b := &streamBody{r: http.MaxBytesReader(w, r.Body, limit), limit: limit}
	if text {
		b.text = &wire.TextChecker{}
	}
	return b
}

// Read reads the body as it arrives. Once it failed, it fails again with the same error.
func (b *streamBody) Read(p []byte) (int, error) {
	if b.failure != nil {
		return 0, b.failure
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	if b.text != nil {
		if terr := b.text.Check(p[:n], err == io.EOF); terr != nil {
			b.failure = &rpc.Error{Tag: rpc.TagDeserialization, Status: http.StatusBadRequest,
				Message: "the text stream is not UTF-8 (" + terr.Error() + ") near byte " + strconv.FormatInt(b.read, 10)}
			return 0, b.failure
		}
	}
	if err != nil && err != io.EOF {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			b.failure = tooLarge(rpc.TagDeserialization, b.limit)
		} else {
			b.failure = &rpc.Error{Tag: rpc.TagDeserialization, Status: http.StatusBadRequest,
				Message: "could not read the request stream: " + err.Error()}
		}
		return n, b.failure
	}
	return n, err
}
