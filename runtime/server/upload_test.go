package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Uploads over real sockets: sfn's client, and plain HTML forms written by hand.

type UploadedFile struct {
	Field, Name string
	Size        int64
}

type Uploaded struct {
	Files  []UploadedFile
	Fields map[string]string
}

var uploadedFileMessage = &wire.Message{Name: "test.v1.UploadedFile", GoType: reflect.TypeFor[UploadedFile](),
	Fields: []wire.Field{{Name: "field", GoName: "Field", Type: wire.String}, {Name: "name", GoName: "Name", Type: wire.String},
		{Name: "size", GoName: "Size", Type: wire.Int64}}}

var uploadedMessage = &wire.Message{Name: "test.v1.Uploaded", GoType: reflect.TypeFor[Uploaded](),
	Fields: []wire.Field{
		{Name: "files", GoName: "Files", Type: wire.ListOf(wire.MessageType(uploadedFileMessage))},
		{Name: "fields", GoName: "Fields", Type: wire.MapOf(wire.String, wire.String)},
	}}

var sizes = streamFunc("sizes", rpc.Json, rpc.NoArgs, uploadedMessage)

// uploadSizes answers what it was sent: each file's size, each field's value. A field
// named "fail" makes it fail with that text.
func uploadSizes(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*Uploaded, error) {
	out := &Uploaded{Fields: map[string]string{}}
	for p, err := range parts {
		if err != nil {
			return nil, err
		}
		if p.FileName == "" {
			v, err := io.ReadAll(io.LimitReader(p.Body, 1<<10))
			if err != nil {
				return nil, err
			}
			if p.Field == "fail" {
				return nil, rpc.NewError(422, string(v))
			}
			out.Fields[p.Field] = string(v)
			continue
		}
		n, err := io.Copy(io.Discard, p.Body)
		if err != nil {
			return nil, err
		}
		out.Files = append(out.Files, UploadedFile{Field: p.Field, Name: p.FileName, Size: n})
	}
	return out, nil
}

func field(name, value string) *rpc.Part {
	return &rpc.Part{Field: name, Body: strings.NewReader(value)}
}

func file(name, fileName string, r io.Reader) *rpc.Part {
	return &rpc.Part{Field: name, FileName: fileName, ContentType: "application/octet-stream", Body: r}
}

func partsOf(ps ...*rpc.Part) iter.Seq2[*rpc.Part, error] {
	return func(yield func(*rpc.Part, error) bool) {
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func TestUpload50MBBoundedMemory(t *testing.T) {
	c := newStreamServer(t, []server.Route{server.Upload(sizes, uploadSizes)},
		server.WithUploadLimits(server.UploadLimits{MaxBytes: 64 << 20, MaxFileBytes: 60 << 20}))
	const size = 50 << 20
	var got Uploaded
	var err error
	grew := heapGrowth(func() {
		err = client.Upload(t.Context(), c, sizes, partsOf(
			field("title", "big one"),
			file("attachment", "zeros.bin", io.LimitReader(zeros{}, size)),
		), planResult(sizes, &got))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Uploaded{Files: []UploadedFile{{"attachment", "zeros.bin", size}}, Fields: map[string]string{"title": "big one"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	t.Logf("heap grew by %d bytes", grew)
	if grew > memoryBound {
		t.Errorf("heap grew by %d bytes for a %d-byte upload, want < %d", grew, size, memoryBound)
	}
}

func TestUploadLimits(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{server.Upload(sizes, uploadSizes)},
		server.WithLogger(slog.New(slog.DiscardHandler)),
		server.WithUploadLimits(server.UploadLimits{MaxParts: 3, MaxHeaderBytes: 1 << 10, MaxBytes: 8 << 20, MaxFileBytes: 1 << 20}))
	big := &countingReader{r: io.LimitReader(zeros{}, 50<<20)}
	tests := []struct {
		name  string
		parts iter.Seq2[*rpc.Part, error]
		msg   string
	}{
		{"file", partsOf(file("f", "big.bin", big)), "a part exceeds the limit of 1048576 bytes"},
		{"total", partsOf(file("a", "a", io.LimitReader(zeros{}, 1<<20)), file("b", "b", io.LimitReader(zeros{}, 1<<20)),
			file("c", "c", io.LimitReader(zeros{}, 1<<20)), file("d", "d", io.LimitReader(zeros{}, 1<<20)),
			file("e", "e", io.LimitReader(zeros{}, 1<<20)), file("f", "f", io.LimitReader(zeros{}, 1<<20)),
			file("g", "g", io.LimitReader(zeros{}, 1<<20)), file("h", "h", io.LimitReader(zeros{}, 1<<20)),
			file("i", "i", io.LimitReader(zeros{}, 1<<20))), ""},
		{"parts", partsOf(field("a", "1"), field("b", "2"), field("c", "3"), field("d", "4")), "the upload has more than 3 parts"},
		{"header", partsOf(field(strings.Repeat("n", 2<<10), "1")), "a part's header exceeds the limit of 1024 bytes"},
	}
	for _, tt := range tests {
		var got Uploaded
		err := client.Upload(t.Context(), c, sizes, tt.parts, planResult(sizes, &got))
		var we *rpc.Error
		if !errors.As(err, &we) || we.Status != 413 || we.Tag != rpc.TagArgs || (tt.msg != "" && we.Message != tt.msg) {
			t.Errorf("%s: %v, want 413 Args|%s", tt.name, err, tt.msg)
		}
	}
	if n := big.n.Load(); n > 16<<20 {
		t.Errorf("the client sent %d bytes of a 50 MiB file over the limit before the refusal stopped it", n)
	}
	// Not multipart at all.
	var got Uploaded
	err := client.BytesIn(t.Context(), c, sizes, strings.NewReader("x"), planResult(sizes, &got))
	if !isStatus(err, 400) {
		t.Errorf("not multipart: %v", err)
	}
}

func TestUploadPlainForm(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(server.NewHandler([]server.Route{server.Upload(sizes, uploadSizes)},
		server.WithLogger(slog.New(slog.DiscardHandler))))
	t.Cleanup(srv.Close)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(fields ...string) *http.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for i := 0; i < len(fields); i += 2 {
			_ = mw.WriteField(fields[i], fields[i+1])
		}
		fw, _ := mw.CreateFormFile("avatar", "me.png")
		_, _ = fw.Write([]byte("\x89PNG..."))
		_ = mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+sizes.Path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		req.Header.Set("Referer", srv.URL+"/profile?tab=1&__path=%2Fold&__err=old")
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := post("title", "me")
	if res.StatusCode != 302 || res.Header.Get("Location") != srv.URL+"/profile?tab=1" {
		t.Errorf("success: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = post("fail", "too blurry")
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != 302 {
		t.Fatalf("failure: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	errBody, _ := base64.URLEncoding.DecodeString(loc.Query().Get("__err"))
	if got := fmt.Sprintf("%s %s %s", loc.Path, loc.Query().Get("__path"), errBody); got != "/profile "+sizes.Path+" ServerError|too blurry" {
		t.Errorf("failure redirects to %s (%s)", loc, got)
	}
}

func TestUploadClientCancels(t *testing.T) {
	t.Parallel()
	ended := make(chan error, 1)
	c := newStreamServer(t, []server.Route{server.Upload(sizes, func(ctx context.Context, parts iter.Seq2[*rpc.Part, error]) (*Uploaded, error) {
		out, err := uploadSizes(ctx, parts)
		ended <- err
		return out, err
	})}, server.WithLogger(slog.New(slog.DiscardHandler)))
	ctx, cancel := context.WithCancel(t.Context())
	sent := 0
	r := readerFunc(func(p []byte) (int, error) {
		if sent += len(p); sent > 1<<20 {
			cancel()
		}
		return len(p), nil
	})
	var got Uploaded
	err := client.Upload(ctx, c, sizes, partsOf(file("f", "endless", r)), planResult(sizes, &got))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v, want context.Canceled", err)
	}
	if err := <-ended; err == nil {
		t.Error("the server read a cancelled upload to a clean end")
	}
}

func TestUploadPartsError(t *testing.T) {
	t.Parallel()
	c := newStreamServer(t, []server.Route{server.Upload(sizes, uploadSizes)}, server.WithLogger(slog.New(slog.DiscardHandler)))
	boom := errors.New("the camera went away")
	parts := func(yield func(*rpc.Part, error) bool) {
		if yield(field("a", "1"), nil) {
			yield(nil, boom)
		}
	}
	var got Uploaded
	err := client.Upload(t.Context(), c, sizes, parts, planResult(sizes, &got))
	var re *client.RequestError
	if !errors.Is(err, boom) || !errors.As(err, &re) {
		t.Errorf("err = %v, want a *RequestError with the parts' error", err)
	}
}
