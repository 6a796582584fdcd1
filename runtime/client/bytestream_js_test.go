//go:build js

package client_test

// The WebAssembly client's byte streams and uploads, through fetch, against the native
// server runtime/client/testdata/streamserver, which scripts/with-server.sh starts and
// names in SFN_STREAM_SERVER:
//
//	scripts/with-server.sh SFN_STREAM_SERVER ./runtime/client/testdata/streamserver -- env GOOS=js GOARCH=wasm \
//	  go test -count=1 -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run Stream ./runtime/client

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

type Chunks struct{ Count, Size int64 }

type Received struct{ Bytes int64 }

var (
	chunksMessage = &wire.Message{Name: "test.v1.Chunks", GoType: reflect.TypeFor[Chunks](),
		Fields: []wire.Field{{Name: "count", GoName: "Count", Type: wire.Int64}, {Name: "size", GoName: "Size", Type: wire.Int64}}}
	receivedMessage = &wire.Message{Name: "test.v1.Received", GoType: reflect.TypeFor[Received](),
		Fields: []wire.Field{{Name: "bytes", GoName: "Bytes", Type: wire.Int64}}}
	streamDownload = streamFn("download", chunksMessage, wire.UnitMessage)
	streamBroken   = streamFn("broken", chunksMessage, wire.UnitMessage)
	streamUpper    = streamFn("upper", rpc.NoArgs, wire.UnitMessage)
	streamUpload   = streamFn("upload_bytes", rpc.NoArgs, receivedMessage)
)

func streamFn(name string, args, res *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Streams", Name: name, Path: "/api/" + name, Encoding: rpc.Json, Args: args, Result: res}
}

func streamClient(t *testing.T) *client.Client {
	u := os.Getenv("SFN_STREAM_SERVER")
	if u == "" {
		t.Skip("SFN_STREAM_SERVER is not set: run with scripts/with-server.sh SFN_STREAM_SERVER ./runtime/client/testdata/streamserver --")
	}
	return client.New(u)
}

func args(f *rpc.Func, in any) client.Args {
	return func(dst []byte) ([]byte, error) { return f.AppendArgs(dst, in) }
}

func TestStreamDownloadJS(t *testing.T) {
	c := streamClient(t)
	in := &Chunks{Count: 2000, Size: 1 << 10}
	var got bytes.Buffer
	if err := client.BytesOut(t.Context(), c, streamDownload, args(streamDownload, in), &got); err != nil {
		t.Fatal(err)
	}
	if int64(got.Len()) != in.Count*in.Size {
		t.Fatalf("got %d bytes, want %d", got.Len(), in.Count*in.Size)
	}
	for i, b := range got.Bytes() {
		if b != byte(int64(i)/in.Size) {
			t.Fatalf("byte %d is %d", i, b)
		}
	}
	// A stream the server broke off is an error, not a short success.
	err := client.BytesOut(t.Context(), c, streamBroken, args(streamBroken, &Chunks{Count: 10, Size: 100}), io.Discard)
	var re *client.RequestError
	if !errors.As(err, &re) {
		t.Errorf("broken stream: %v (%T), want a *RequestError", err, err)
	}
}

func TestStreamTextJS(t *testing.T) {
	c := streamClient(t)
	var got bytes.Buffer
	if err := client.TextBoth(t.Context(), c, streamUpper, strings.NewReader("grüße, wörld ✓"), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != "GRÜSSE, WÖRLD ✓" && got.String() != "GRÜßE, WÖRLD ✓" {
		t.Errorf("got %q", got.String())
	}
}

func TestStreamUploadJS(t *testing.T) {
	c := streamClient(t)
	parts := func(ps ...*rpc.Part) iter.Seq2[*rpc.Part, error] {
		return func(yield func(*rpc.Part, error) bool) {
			for _, p := range ps {
				if !yield(p, nil) {
					return
				}
			}
		}
	}
	var got Received
	result := func(body []byte, lim *wire.Limits) error { return streamUpload.DecodeResult(body, &got, lim) }
	err := client.Upload(t.Context(), c, streamUpload, parts(
		&rpc.Part{Field: "title", Body: strings.NewReader("hello")},
		&rpc.Part{Field: "file", FileName: "a.bin", ContentType: "application/octet-stream", Body: bytes.NewReader(make([]byte, 300<<10))},
	), result)
	if err != nil || got.Bytes != 5+300<<10 {
		t.Fatalf("upload: %+v, %v", got, err)
	}
	// Over the server's 1 MiB per file: 413.
	err = client.Upload(t.Context(), c, streamUpload, parts(
		&rpc.Part{Field: "file", FileName: "big.bin", Body: bytes.NewReader(make([]byte, 2<<20))},
	), result)
	var we *rpc.Error
	if !errors.As(err, &we) || we.Status != 413 || we.Tag != rpc.TagArgs {
		t.Errorf("over the limit: %v", err)
	}
	err = client.Upload(t.Context(), c, streamUpload, parts(&rpc.Part{Field: "fail", Body: strings.NewReader("x")}), result)
	if !errors.As(err, &we) || we.Status != 422 {
		t.Errorf("failure: %v", err)
	}
}
