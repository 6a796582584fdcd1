//go:build !js

package streamsv1

// Not generated: the generated streaming and upload functions end to end, a generated
// handler serving an implementation and the generated client calling every function over
// a real socket: each websocket shape with JSON and CBOR items, error items both ways and a
// typed one, byte and text streams each way, and multipart uploads. Not under GOOS=js,
// where the generated server (net/http) is left out.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

// chat echoes and counts.
type chat struct{}

// echo answers each message with its text and position; "boom" is answered with an error
// item, and an error item from the client comes back as it is. A CBOR chat ends a
// "closed" message with the typed error.
func echo(in iter.Seq2[*Msg, error], typed bool) iter.Seq2[*Reply, error] {
	return func(yield func(*Reply, error) bool) {
		var seq uint32
		for msg, err := range in {
			seq++
			switch {
			case err != nil:
				if !yield(nil, err) {
					return
				}
			case msg.Text == "boom":
				if !yield(nil, rpc.NewError(409, "boom")) {
					return
				}
			case msg.Text == "closed" && typed:
				if !yield(nil, &StreamError{Kind: StreamErrorKindClosed{Msg{Text: "bye"}}}) {
					return
				}
			default:
				if !yield(&Reply{Text: msg.Text, Seq: seq}, nil) {
					return
				}
			}
		}
	}
}

func (chat) Chat(_ context.Context, in iter.Seq2[*Msg, error]) iter.Seq2[*Reply, error] {
	return echo(in, false)
}

func (chat) ChatCBOR(_ context.Context, in iter.Seq2[*Msg, error]) iter.Seq2[*Reply, error] {
	return echo(in, true)
}

func count(n uint32) iter.Seq2[*Item, error] {
	return func(yield func(*Item, error) bool) {
		for i := uint32(1); i <= n; i++ {
			if !yield(&Item{I: i}, nil) {
				return
			}
		}
	}
}

func (chat) Count(_ context.Context, in *CountArgs) iter.Seq2[*Item, error] { return count(in.N) }

func (chat) Ingest(_ context.Context, in iter.Seq2[*Item, error]) (*Summary, error) {
	var s Summary
	for item, err := range in {
		if err != nil {
			return nil, err
		}
		s.Items += item.I
	}
	return &s, nil
}

func (chat) Totals(_ context.Context, in iter.Seq2[*Count, error]) iter.Seq2[*Count, error] {
	return func(yield func(*Count, error) bool) {
		var sum uint64
		for c, err := range in {
			if err != nil {
				yield(nil, err)
				return
			}
			sum += c.N
			if !yield(&Count{N: sum}, nil) {
				return
			}
		}
	}
}

func (chat) Ticks(_ context.Context, in *CountArgs) iter.Seq2[*Item, error] { return count(in.N) }

// greet writes "hello, name" in two writes, or fails before writing for "missing".
func greet(in *Args, w io.Writer) error {
	if in.Name == "missing" {
		return &StreamError{Kind: StreamErrorKindClosed{Msg{Text: "no " + in.Name}}}
	}
	if _, err := io.WriteString(w, "hello, "); err != nil {
		return err
	}
	_, err := io.WriteString(w, in.Name)
	return err
}

func (chat) Blob(_ context.Context, in *Args, w io.Writer) error { return greet(in, w) }

// files streams and takes uploads.
type files struct{}

func (files) Upper(_ context.Context, r io.Reader, w io.Writer) error {
	br, bw := bufio.NewReader(r), bufio.NewWriter(w)
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return bw.Flush()
		}
		if err != nil {
			return err
		}
		bw.WriteRune(unicode.ToUpper(c))
	}
}

func (files) Download(_ context.Context, in *Args, w io.Writer) error    { return greet(in, w) }
func (files) DownloadGet(_ context.Context, in *Args, w io.Writer) error { return greet(in, w) }

func (files) Log(_ context.Context, w io.Writer) error {
	for i := range 3 {
		if _, err := fmt.Fprintf(w, "line %d ✓\n", i+1); err != nil {
			return err
		}
	}
	return nil
}

func size(r io.Reader) (*Result, error) {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return nil, err
	}
	return &Result{Size: uint64(n)}, nil
}

func (files) Upload(_ context.Context, r io.Reader) (*Result, error)     { return size(r) }
func (files) UploadCBOR(_ context.Context, r io.Reader) (*Result, error) { return size(r) }

// Encode answers the text with two bytes that are not UTF-8 after it: the answer is a
// byte stream, which is not checked as text.
func (files) Encode(_ context.Context, r io.Reader, w io.Writer) error {
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	_, err := w.Write([]byte{0xff, 0xfe})
	return err
}

// Decode answers the bytes as text: valid UTF-8 passes, anything else fails the stream.
func (files) Decode(_ context.Context, r io.Reader, w io.Writer) error {
	_, err := io.Copy(w, r)
	return err
}

func (files) Copy(_ context.Context, r io.Reader, w io.Writer) error {
	_, err := io.Copy(w, r)
	return err
}

func (files) Discard(_ context.Context, r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

// stamp is Stamp's answer: a time whose every field survives JSON.
var stamp = time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC)

func (files) Stamp(_ context.Context, r io.Reader) (time.Time, error) {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return time.Time{}, err
	}
	return stamp, nil
}

// sizes adds up the bytes of the upload's files; a field named "fail" fails with the
// typed error.
func sizes(parts iter.Seq2[*rpc.Part, error]) (*Result, error) {
	var total uint64
	for p, err := range parts {
		if err != nil {
			return nil, err
		}
		if p.Field == "fail" {
			return nil, &StreamError{Kind: StreamErrorKindClosed{Msg{Text: "refused"}}}
		}
		n, err := io.Copy(io.Discard, p.Body)
		if err != nil {
			return nil, err
		}
		if p.FileName != "" {
			total += uint64(n)
		}
	}
	return &Result{Size: total}, nil
}

func (files) Attach(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*Result, error) {
	return sizes(parts)
}

func (files) AttachCBOR(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*Result, error) {
	return sizes(parts)
}

func (files) Drop(_ context.Context, parts iter.Seq2[*rpc.Part, error]) error {
	_, err := sizes(parts)
	return err
}

func start(t *testing.T, hs ...http.Handler) string {
	t.Helper()
	mux := http.NewServeMux()
	for _, h := range hs {
		server.Mount(mux, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func serveAll(t *testing.T) string {
	return start(t, NewChatHandler(chat{}), NewCBORDefaultHandler(chat{}), NewFilesHandler(files{}))
}

// seq is an input stream of the given items and errors.
func seq[T any](vs ...any) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for _, v := range vs {
			var ok bool
			switch v := v.(type) {
			case error:
				ok = yield(nil, v)
			case *T:
				ok = yield(v, nil)
			}
			if !ok {
				return
			}
		}
	}
}

// got is what an output stream held: each item as %v, each error as "error: " and its
// message.
func got[T any](out iter.Seq2[*T, error]) []string {
	var s []string
	for v, err := range out {
		if err != nil {
			s = append(s, "error: "+err.Error())
			continue
		}
		s = append(s, fmt.Sprintf("%+v", *v))
	}
	return s
}

func TestWebsockets(t *testing.T) {
	t.Parallel()
	url := serveAll(t)
	ctx := context.Background()
	c, cbor := NewChatClient(url), NewCBORDefaultClient(url)

	t.Run("both JSON", func(t *testing.T) {
		t.Parallel()
		out := got(c.Chat(ctx, seq[Msg](&Msg{Text: "a"}, &Msg{Text: "boom"}, rpc.NewError(400, "bad input"), &Msg{Text: "b"})))
		want := []string{"{Text:a Seq:1}", "error: ServerError: boom", "error: ServerError: bad input", "{Text:b Seq:4}"}
		if diff := cmp.Diff(want, out); diff != "" {
			t.Errorf("Chat (-want +got):\n%s", diff)
		}
	})
	t.Run("both CBOR with a typed error", func(t *testing.T) {
		t.Parallel()
		var typed *StreamError
		var replies []string
		for r, err := range c.ChatCBOR(ctx, seq[Msg](&Msg{Text: "héllo"}, &Msg{Text: "closed"}, &Msg{Text: "again"})) {
			switch {
			case errors.As(err, &typed):
				replies = append(replies, "typed")
			case err != nil:
				t.Fatalf("ChatCBOR: %v", err)
			default:
				replies = append(replies, r.Text)
			}
		}
		if diff := cmp.Diff([]string{"héllo", "typed", "again"}, replies); diff != "" {
			t.Errorf("ChatCBOR (-want +got):\n%s", diff)
		}
		if typed == nil || !cmp.Equal(typed.Kind, StreamErrorKind(StreamErrorKindClosed{Msg{Text: "bye"}})) {
			t.Errorf("ChatCBOR error item: %#v, want Closed{bye}", typed)
		}
	})
	t.Run("out", func(t *testing.T) {
		t.Parallel()
		want := []string{"{I:1}", "{I:2}", "{I:3}"}
		if diff := cmp.Diff(want, got(c.Count(ctx, &CountArgs{N: 3}))); diff != "" {
			t.Errorf("Count (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want[:2], got(cbor.Ticks(ctx, &CountArgs{N: 2}))); diff != "" {
			t.Errorf("Ticks, CBOR (-want +got):\n%s", diff)
		}
		if out := got(c.Count(ctx, nil)); len(out) != 0 {
			t.Errorf("Count(nil) = %v, want no items (zero arguments)", out)
		}
	})
	t.Run("out, stop early", func(t *testing.T) {
		t.Parallel()
		n := 0
		for _, err := range c.Count(ctx, &CountArgs{N: 1000}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 5 {
				break
			}
		}
	})
	t.Run("in", func(t *testing.T) {
		t.Parallel()
		s, err := c.Ingest(ctx, seq[Item](&Item{I: 1}, &Item{I: 2}, &Item{I: 4}))
		if err != nil || s.Items != 7 {
			t.Errorf("Ingest = %+v, %v; want {Items:7}", s, err)
		}
		s, err = c.Ingest(ctx, seq[Item](&Item{I: 1}, rpc.NewError(400, "bad item")))
		var e *rpc.Error
		if !errors.As(err, &e) || e.Message != "bad item" {
			t.Errorf("Ingest with an error item = %+v, %v; want the error back", s, err)
		}
	})
	t.Run("transparent items", func(t *testing.T) {
		t.Parallel()
		out := got(c.Totals(ctx, seq[Count](&Count{N: 1}, &Count{N: 2}, &Count{N: 3})))
		if diff := cmp.Diff([]string{"{N:1}", "{N:3}", "{N:6}"}, out); diff != "" {
			t.Errorf("Totals (-want +got):\n%s", diff)
		}
	})
}

func TestWebsocketsUnimplemented(t *testing.T) {
	t.Parallel()
	url := start(t, NewChatHandler(UnimplementedChat{}))
	ctx := context.Background()
	c := NewChatClient(url)
	if diff := cmp.Diff([]string{"error: ServerError: chat is not implemented"}, got(c.Chat(ctx, seq[Msg](&Msg{Text: "a"})))); diff != "" {
		t.Errorf("Chat (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"error: ServerError: count is not implemented"}, got(c.Count(ctx, &CountArgs{N: 1}))); diff != "" {
		t.Errorf("Count (-want +got):\n%s", diff)
	}
	if _, err := c.Ingest(ctx, seq[Item]()); err == nil || !strings.Contains(err.Error(), "ingest is not implemented") {
		t.Errorf("Ingest: %v, want not implemented", err)
	}
}

func TestByteStreams(t *testing.T) {
	t.Parallel()
	url := serveAll(t)
	ctx := context.Background()
	f, cbor := NewFilesClient(url), NewCBORDefaultClient(url)

	t.Run("text both ways", func(t *testing.T) {
		t.Parallel()
		var out strings.Builder
		if err := f.Upper(ctx, strings.NewReader("héllo wörld"), &out); err != nil || out.String() != "HÉLLO WÖRLD" {
			t.Errorf("Upper = %q, %v", out.String(), err)
		}
		err := f.Upper(ctx, bytes.NewReader([]byte{'a', 0xff}), io.Discard)
		if err == nil {
			t.Error("Upper of bytes that are not UTF-8 succeeded")
		}
	})
	t.Run("bytes out", func(t *testing.T) {
		t.Parallel()
		calls := map[string]func(*Args, io.Writer) error{
			"Download":    func(a *Args, w io.Writer) error { return f.Download(ctx, a, w) },
			"DownloadGet": func(a *Args, w io.Writer) error { return f.DownloadGet(ctx, a, w) },
			"Blob (CBOR)": func(a *Args, w io.Writer) error { return cbor.Blob(ctx, a, w) },
		}
		for name, call := range calls {
			var out bytes.Buffer
			if err := call(&Args{Name: "ada"}, &out); err != nil || out.String() != "hello, ada" {
				t.Errorf("%s = %q, %v", name, out.String(), err)
			}
		}
		// A typed error before the first byte is the call's answer.
		var typed *StreamError
		err := f.Download(ctx, &Args{Name: "missing"}, io.Discard)
		if !errors.As(err, &typed) || !cmp.Equal(typed.Kind, StreamErrorKind(StreamErrorKindClosed{Msg{Text: "no missing"}})) {
			t.Errorf("Download(missing): %v (%T), want a *StreamError", err, err)
		}
	})
	t.Run("text out without arguments", func(t *testing.T) {
		t.Parallel()
		var out strings.Builder
		if err := f.Log(ctx, &out); err != nil || out.String() != "line 1 ✓\nline 2 ✓\nline 3 ✓\n" {
			t.Errorf("Log = %q, %v", out.String(), err)
		}
	})
	t.Run("bytes in", func(t *testing.T) {
		t.Parallel()
		data := bytes.Repeat([]byte{0, 1, 2, 0xff}, 100_000)
		for name, call := range map[string]func(context.Context, io.Reader) (*Result, error){"Upload": f.Upload, "UploadCBOR": f.UploadCBOR} {
			r, err := call(ctx, bytes.NewReader(data))
			if err != nil || r.Size != uint64(len(data)) {
				t.Errorf("%s = %+v, %v; want size %d", name, r, err, len(data))
			}
		}
	})
	t.Run("text in, bytes out", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		if err := f.Encode(ctx, strings.NewReader("ça"), &out); err != nil || !bytes.Equal(out.Bytes(), append([]byte("ça"), 0xff, 0xfe)) {
			t.Errorf("Encode = %q, %v", out.Bytes(), err)
		}
		if err := f.Encode(ctx, bytes.NewReader([]byte{0xc3}), io.Discard); err == nil {
			t.Error("Encode of text cut inside a character succeeded")
		}
	})
	t.Run("bytes in, text out", func(t *testing.T) {
		t.Parallel()
		var out strings.Builder
		if err := f.Decode(ctx, strings.NewReader("ça va"), &out); err != nil || out.String() != "ça va" {
			t.Errorf("Decode = %q, %v", out.String(), err)
		}
		if err := f.Decode(ctx, bytes.NewReader([]byte{'a', 0xff}), io.Discard); err == nil {
			t.Error("Decode of an answer that is not UTF-8 succeeded")
		}
	})
	t.Run("bytes both ways", func(t *testing.T) {
		t.Parallel()
		data := bytes.Repeat([]byte{0xff, 0}, 50_000)
		var out bytes.Buffer
		if err := f.Copy(ctx, bytes.NewReader(data), &out); err != nil || !bytes.Equal(out.Bytes(), data) {
			t.Errorf("Copy = %d bytes, %v; want the %d sent", out.Len(), err, len(data))
		}
	})
	t.Run("bytes in, no result or a time", func(t *testing.T) {
		t.Parallel()
		if err := f.Discard(ctx, strings.NewReader("gone")); err != nil {
			t.Errorf("Discard: %v", err)
		}
		if got, err := f.Stamp(ctx, strings.NewReader("x")); err != nil || !got.Equal(stamp) {
			t.Errorf("Stamp = %v, %v; want %v", got, err, stamp)
		}
	})
}

func TestByteStreamsUnimplemented(t *testing.T) {
	t.Parallel()
	url := start(t, NewFilesHandler(UnimplementedFiles{}))
	ctx := context.Background()
	f := NewFilesClient(url)
	// Files' functions have an error type, so the 501 comes back as its framework variant.
	is501 := func(err error) bool {
		var typed *StreamError
		return errors.As(err, &typed) && typed.HTTPStatus() == 501 && typed.FrameworkError() != nil &&
			strings.HasSuffix(typed.FrameworkError().Message, "is not implemented")
	}
	if err := f.Download(ctx, &Args{}, io.Discard); !is501(err) {
		t.Errorf("Download: %v, want 501", err)
	}
	if _, err := f.Upload(ctx, strings.NewReader("x")); !is501(err) {
		t.Errorf("Upload: %v, want 501", err)
	}
	if err := f.Drop(ctx, parts()); !is501(err) {
		t.Errorf("Drop: %v, want 501", err)
	}
}

// parts is an upload of the given parts.
func parts(ps ...*rpc.Part) iter.Seq2[*rpc.Part, error] {
	return func(yield func(*rpc.Part, error) bool) {
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func TestUploads(t *testing.T) {
	t.Parallel()
	url := serveAll(t)
	ctx := context.Background()
	f := NewFilesClient(url)
	file := bytes.Repeat([]byte("0123456789"), 50_000)
	upload := func() iter.Seq2[*rpc.Part, error] {
		return parts(
			&rpc.Part{Field: "title", Body: strings.NewReader("holiday")},
			&rpc.Part{Field: "photo", FileName: "a.png", ContentType: "image/png", Body: bytes.NewReader(file)},
			&rpc.Part{Field: "notes", FileName: "b.txt", Body: strings.NewReader("abc")},
		)
	}
	for name, call := range map[string]func(context.Context, iter.Seq2[*rpc.Part, error]) (*Result, error){"Attach": f.Attach, "AttachCBOR": f.AttachCBOR} {
		r, err := call(ctx, upload())
		if err != nil || r.Size != uint64(len(file)+3) {
			t.Errorf("%s = %+v, %v; want size %d", name, r, err, len(file)+3)
		}
	}
	if err := f.Drop(ctx, upload()); err != nil {
		t.Errorf("Drop: %v", err)
	}
	var typed *StreamError
	err := f.Drop(ctx, parts(&rpc.Part{Field: "fail", Body: strings.NewReader("x")}))
	if !errors.As(err, &typed) || !cmp.Equal(typed.Kind, StreamErrorKind(StreamErrorKindClosed{Msg{Text: "refused"}})) {
		t.Errorf("Drop(fail): %v (%T), want a *StreamError", err, err)
	}
	// An error from the parts ends the call with it.
	boom := errors.New("disk gone")
	err = f.Drop(ctx, func(yield func(*rpc.Part, error) bool) { yield(nil, boom) })
	if !errors.Is(err, boom) {
		t.Errorf("Drop with a failing part: %v, want %v", err, boom)
	}
}
