package server_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Byte and text streams over real sockets, with sfn's client, written by hand as
// generated code will write them.

type Chunks struct {
	Count int64
	Size  int64
}

var chunksMessage = &wire.Message{Name: "test.v1.Chunks", GoType: reflect.TypeFor[Chunks](),
	Fields: []wire.Field{{Name: "count", GoName: "Count", Type: wire.Int64}, {Name: "size", GoName: "Size", Type: wire.Int64}}}

type Received struct{ Bytes int64 }

var receivedMessage = &wire.Message{Name: "test.v1.Received", GoType: reflect.TypeFor[Received](),
	Fields: []wire.Field{{Name: "bytes", GoName: "Bytes", Type: wire.Int64}}}

func streamFunc(name string, enc rpc.Encoding, args, res *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Streams", Name: name, Path: "/api/" + name, Encoding: enc, Args: args, Result: res}
}

var (
	download  = streamFunc("download", rpc.Json, chunksMessage, wire.UnitMessage)
	getChunks = streamFunc("get_chunks", rpc.GetJson, chunksMessage, wire.UnitMessage)
	sink      = streamFunc("sink", rpc.Json, rpc.NoArgs, receivedMessage)
	sinkText  = streamFunc("sink_text", rpc.Cbor, rpc.NoArgs, receivedMessage)
	upper     = streamFunc("upper", rpc.Json, rpc.NoArgs, wire.UnitMessage)
	echoBytes = streamFunc("echo_bytes", rpc.Json, rpc.NoArgs, wire.UnitMessage)
)

// writeChunks writes n chunks of size bytes, each filled with its index's low byte.
func writeChunks(ctx context.Context, in *Chunks, w io.Writer) error {
	buf := make([]byte, in.Size)
	for i := range in.Count {
		if in.Size == 0 {
			// "Fail after i chunks" in the test of a broken stream.
			break
		}
		for j := range buf {
			buf[j] = byte(i)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func countBytes(_ context.Context, r io.Reader) (*Received, error) {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return nil, err
	}
	return &Received{Bytes: n}, nil
}

// upperText upper-cases a text stream a character at a time.
func upperText(_ context.Context, r io.Reader, w io.Writer) error {
	br := bufio.NewReader(r)
	var out [4]byte
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		n := copy(out[:], string(unicode.ToUpper(c)))
		if _, err := w.Write(out[:n]); err != nil {
			return err
		}
	}
}

func newStreamServer(t *testing.T, routes []server.Route, opts ...server.Option) *client.Client {
	t.Helper()
	srv := httptest.NewServer(server.NewHandler(routes, opts...))
	t.Cleanup(srv.Close)
	return client.New(srv.URL)
}

// heapGrowth runs f and returns how far the live heap rose above where it began, sampled
// every few milliseconds: a bound on the memory a stream took, server and client both.
func heapGrowth(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak - base
}

const memoryBound = 16 << 20

// slowWriter checks what a download wrote, chunk index by chunk index, pausing now and
// then so that the server gets ahead and has to wait.
type slowWriter struct {
	size, n int64
	bad     bool
	writes  int
}

func (s *slowWriter) Write(p []byte) (int, error) {
	for _, b := range p {
		if b != byte(s.n/s.size) {
			s.bad = true
		}
		s.n++
	}
	if s.writes++; s.writes%64 == 0 {
		time.Sleep(time.Millisecond)
	}
	return len(p), nil
}

func TestBytesOutSlowReaderBoundedMemory(t *testing.T) {
	c := newStreamServer(t, []server.Route{server.BytesOut(download, writeChunks)})
	in := &Chunks{Count: 10_000, Size: 4 << 10}
	w := &slowWriter{size: in.Size}
	var err error
	grew := heapGrowth(func() {
		err = client.BytesOut(t.Context(), c, download, planArgs(download, in), w)
	})
	if err != nil {
		t.Fatalf("BytesOut: %v", err)
	}
	if want := in.Count * in.Size; w.n != want || w.bad {
		t.Errorf("received %d bytes (bad=%v), want %d in order", w.n, w.bad, want)
	}
	t.Logf("heap grew by %d bytes", grew)
	if grew > memoryBound {
		t.Errorf("heap grew by %d bytes streaming %d bytes, want < %d", grew, in.Count*in.Size, memoryBound)
	}
}

// planArgs encodes arguments with the descriptor's plan-driven codec.
func planArgs(f *rpc.Func, in any) client.Args {
	return func(dst []byte) ([]byte, error) { return f.AppendArgs(dst, in) }
}

func planResult(f *rpc.Func, out any) client.Result {
	return func(body []byte, lim *wire.Limits) error { return f.DecodeResult(body, out, lim) }
}

func TestBytesOutGetAndEmpty(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{server.BytesOut(getChunks, writeChunks)})
	var got bytes.Buffer
	if err := client.BytesOut(t.Context(), c, getChunks, planArgs(getChunks, &Chunks{Count: 3, Size: 2}), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != "\x00\x00\x01\x01\x02\x02" {
		t.Errorf("got %q", got.String())
	}
	got.Reset()
	if err := client.BytesOut(t.Context(), c, getChunks, planArgs(getChunks, &Chunks{}), &got); err != nil || got.Len() != 0 {
		t.Errorf("empty stream: %q, %v", got.String(), err)
	}
}

func TestBytesOutFailures(t *testing.T) {
	t.Parallel()
	broken := streamFunc("broken", rpc.Json, chunksMessage, wire.UnitMessage)
	refused := streamFunc("refused", rpc.Json, chunksMessage, wire.UnitMessage)
	panics := streamFunc("panics", rpc.Json, chunksMessage, wire.UnitMessage)
	c := newStreamServer(t, []server.Route{
		server.BytesOut(broken, func(ctx context.Context, in *Chunks, w io.Writer) error {
			if err := writeChunks(ctx, &Chunks{Count: in.Count, Size: 1 << 10}, w); err != nil {
				return err
			}
			return rpc.NewError(500, "disk on fire")
		}),
		server.BytesOut(refused, func(context.Context, *Chunks, io.Writer) error {
			return rpc.NewError(404, "no such report")
		}),
		server.BytesOut(panics, func(_ context.Context, _ *Chunks, w io.Writer) error {
			_, _ = w.Write([]byte("partial"))
			panic("boom")
		}),
	}, server.WithLogger(slog.New(slog.DiscardHandler)))

	// After the first byte: the body breaks off, and the client says so.
	for _, f := range []*rpc.Func{broken, panics} {
		var got bytes.Buffer
		err := client.BytesOut(t.Context(), c, f, planArgs(f, &Chunks{Count: 100}), &got)
		var re *client.RequestError
		if !errors.As(err, &re) || re.Err.Tag != rpc.TagResponse {
			t.Errorf("%s: err = %v (%T), want a *RequestError tagged Response after %d bytes", f.Name, err, err, got.Len())
		}
	}
	// Before it: an error answer, as any function's.
	err := client.BytesOut(t.Context(), c, refused, planArgs(refused, &Chunks{}), io.Discard)
	var we *rpc.Error
	if !errors.As(err, &we) || we.Status != 404 || we.Tag != rpc.TagServerError || we.Message != "no such report" {
		t.Errorf("refused: %v", err)
	}
	// Arguments that do not decode: 400 Deserialization before any byte.
	err = client.BytesOut(t.Context(), c, refused, func(dst []byte) ([]byte, error) { return append(dst, "[1]"...), nil }, io.Discard)
	if !errors.As(err, &we) || we.Status != 400 || we.Tag != rpc.TagDeserialization {
		t.Errorf("bad arguments: %v", err)
	}
}

func TestBytesInLimit(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{server.BytesIn(sink, countBytes)}, server.WithStreamLimit(1<<20))
	var got Received
	if err := client.BytesIn(t.Context(), c, sink, strings.NewReader(strings.Repeat("x", 1<<20)), planResult(sink, &got)); err != nil || got.Bytes != 1<<20 {
		t.Fatalf("at the limit: %+v, %v", got, err)
	}
	// Chunked, so the server finds out while reading; it answers 413 and stops reading.
	r := &countingReader{r: io.LimitReader(zeros{}, 50<<20)}
	err := client.BytesIn(t.Context(), c, sink, r, planResult(sink, &got))
	var we *rpc.Error
	if !errors.As(err, &we) || we.Status != 413 || we.Tag != rpc.TagDeserialization {
		t.Errorf("over the limit: %v", err)
	}
	if n := r.n.Load(); n > 16<<20 {
		t.Errorf("the client sent %d bytes before the refusal stopped it", n)
	}
}

func TestTextStreams(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{
		server.TextBoth(upper, upperText),
		server.TextIn(sinkText, countBytes),
	}, server.WithLogger(slog.New(slog.DiscardHandler)))
	const text = "héllo wörld, ünïcödé ✓ straße"
	var got bytes.Buffer
	// One byte at a time, so that characters are split between chunks on the way.
	if err := client.TextBoth(t.Context(), c, upper, iotestOneByte(strings.NewReader(text)), &got); err != nil {
		t.Fatal(err)
	}
	if want := strings.Map(unicode.ToUpper, text); got.String() != want {
		t.Errorf("got %q, want %q", got.String(), want)
	}

	// Not UTF-8: the client refuses to send it...
	var res Received
	err := client.TextIn(t.Context(), c, sinkText, strings.NewReader("ok \xff"), planResult(sinkText, &res))
	var re *client.RequestError
	if !errors.As(err, &re) || re.Err.Tag != rpc.TagSerialization {
		t.Errorf("client, invalid UTF-8: %v", err)
	}
	// ...and the server, sent it by another client, answers 400 Deserialization.
	err = client.BytesIn(t.Context(), c, sinkText, strings.NewReader("ok \xe2\x9c"), planResult(sinkText, &res))
	var we *rpc.Error
	if !errors.As(err, &we) || we.Status != 400 || we.Tag != rpc.TagDeserialization {
		t.Errorf("server, cut UTF-8: %v", err)
	}
}

func TestBytesBothEcho(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{server.BytesBoth(echoBytes, func(_ context.Context, r io.Reader, w io.Writer) error {
		_, err := io.Copy(w, r)
		return err
	})})
	// Full duplex: the echo comes back while the request is still being sent, through a
	// pipe that would block if the server waited for the end.
	pr, pw := io.Pipe()
	out := &lineWaiter{lines: make(chan string, 4)}
	done := make(chan error, 1)
	go func() { done <- client.BytesBoth(t.Context(), c, echoBytes, pr, out) }()
	for _, line := range []string{"one\n", "two\n"} {
		_, _ = pw.Write([]byte(line))
		select {
		case got := <-out.lines:
			if got != line {
				t.Errorf("echo %q, want %q", got, line)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no echo before the end of the request")
		}
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

type lineWaiter struct{ lines chan string }

func (l *lineWaiter) Write(p []byte) (int, error) { l.lines <- string(p); return len(p), nil }

func TestBytesOutClientCancels(t *testing.T) {
	t.Parallel()
	ended := make(chan error, 1)
	endless := streamFunc("endless", rpc.Json, rpc.NoArgs, wire.UnitMessage)
	c := newStreamServer(t, []server.Route{server.BytesOut(endless, func(ctx context.Context, _ *struct{}, w io.Writer) error {
		buf := make([]byte, 1<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				ended <- err
				return err
			}
		}
	})}, server.WithLogger(slog.New(slog.DiscardHandler)))
	ctx, cancel := context.WithCancel(t.Context())
	w := writerFunc(func(p []byte) (int, error) { cancel(); return len(p), nil })
	err := client.BytesOut(ctx, c, endless, planArgs(endless, &struct{}{}), w)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v, want context.Canceled", err)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the server function went on writing after the client left")
	}
}

func TestBytesInClientCancels(t *testing.T) {
	t.Parallel()
	ended := make(chan error, 1)
	c := newStreamServer(t, []server.Route{server.BytesIn(sink, func(ctx context.Context, r io.Reader) (*Received, error) {
		_, err := io.Copy(io.Discard, r)
		ended <- err
		return nil, err
	})}, server.WithLogger(slog.New(slog.DiscardHandler)))
	ctx, cancel := context.WithCancel(t.Context())
	var sent atomic.Int64
	r := readerFunc(func(p []byte) (int, error) {
		if sent.Add(int64(len(p))) > 1<<20 {
			cancel()
		}
		return len(p), nil
	})
	var got Received
	err := client.BytesIn(ctx, c, sink, r, planResult(sink, &got))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v, want context.Canceled", err)
	}
	select {
	case err := <-ended:
		if err == nil {
			t.Error("the server read a cancelled stream to a clean end")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server function went on reading after the client left")
	}
}

func TestStreamInterceptorsAndGates(t *testing.T) {
	t.Parallel()
	var seen []string
	ic := func(ctx context.Context, call *server.Call, next server.Next) (any, error) {
		seen = append(seen, reflect.TypeOf(call.Args).String())
		return next(ctx, call)
	}
	limited := func(r *http.Request, f *rpc.Func) error {
		if r.Header.Get("X-Let-In") == "" {
			return rpc.NewError(429, "slow down")
		}
		return nil
	}
	srv := httptest.NewServer(server.NewHandler([]server.Route{
		server.BytesOut(download, writeChunks), server.BytesIn(sink, countBytes),
	}, server.WithInterceptors(ic), server.WithGate(limited)))
	t.Cleanup(srv.Close)
	refused := client.New(srv.URL)
	if err := client.BytesOut(t.Context(), refused, download, planArgs(download, &Chunks{Count: 1, Size: 1}), io.Discard); !isStatus(err, 429) {
		t.Errorf("gate: %v", err)
	}
	c := client.New(srv.URL, client.WithHeader("X-Let-In", "1"))
	if err := client.BytesOut(t.Context(), c, download, planArgs(download, &Chunks{Count: 1, Size: 1}), io.Discard); err != nil {
		t.Fatal(err)
	}
	var got Received
	if err := client.BytesIn(t.Context(), c, sink, strings.NewReader("abc"), planResult(sink, &got)); err != nil || got.Bytes != 3 {
		t.Fatal(got, err)
	}
	if want := []string{"*server_test.Chunks", "*server.streamBody"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("interceptor saw %v, want %v", seen, want)
	}
	// Cross-origin POSTs are refused before the body is read.
	req, _ := http.NewRequest("POST", srv.URL+sink.Path, strings.NewReader("abc"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("X-Let-In", "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("cross-origin: %d", res.StatusCode)
	}
}

func isStatus(err error, status int) bool {
	var we *rpc.Error
	return errors.As(err, &we) && we.Status == status
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// iotestOneByte reads one byte at a time, as testing/iotest.OneByteReader.
func iotestOneByte(r io.Reader) io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		if len(p) == 0 {
			return 0, nil
		}
		return r.Read(p[:1])
	})
}
