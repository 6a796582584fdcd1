// Command streamserver serves the byte streams and uploads that runtime/client's
// WebAssembly tests (bytestream_js_test.go) call, with descriptors written by hand as
// generated code will write them. scripts/with-server.sh builds and starts it.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"log"
	"net"
	"os"
	"reflect"
	"unicode"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

type Chunks struct{ Count, Size int64 }

type Received struct{ Bytes int64 }

var (
	chunksMessage = &wire.Message{Name: "test.v1.Chunks", GoType: reflect.TypeFor[Chunks](),
		Fields: []wire.Field{{Name: "count", GoName: "Count", Type: wire.Int64}, {Name: "size", GoName: "Size", Type: wire.Int64}}}
	receivedMessage = &wire.Message{Name: "test.v1.Received", GoType: reflect.TypeFor[Received](),
		Fields: []wire.Field{{Name: "bytes", GoName: "Bytes", Type: wire.Int64}}}
)

func fn(name string, args, res *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Streams", Name: name, Path: "/api/" + name, Encoding: rpc.Json, Args: args, Result: res}
}

// download writes Count chunks of Size bytes, each filled with its index's low byte.
func download(ctx context.Context, in *Chunks, w io.Writer) error {
	buf := make([]byte, in.Size)
	for i := range in.Count {
		for j := range buf {
			buf[j] = byte(i)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// broken writes Count chunks and then fails, which aborts the stream.
func broken(ctx context.Context, in *Chunks, w io.Writer) error {
	if err := download(ctx, in, w); err != nil {
		return err
	}
	return rpc.NewError(500, "broke off")
}

func upper(_ context.Context, r io.Reader, w io.Writer) error {
	br := bufio.NewReader(r)
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, string(unicode.ToUpper(c))); err != nil {
			return err
		}
	}
}

// uploadBytes counts the bytes of every part; a field named "fail" fails the call.
func uploadBytes(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*Received, error) {
	var n int64
	for p, err := range parts {
		if err != nil {
			return nil, err
		}
		if p.Field == "fail" {
			return nil, rpc.NewError(422, "failed as asked")
		}
		m, err := io.Copy(io.Discard, p.Body)
		if err != nil {
			return nil, err
		}
		n += m
	}
	return &Received{Bytes: n}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	h := server.NewHandler([]server.Route{
		server.BytesOut(fn("download", chunksMessage, wire.UnitMessage), download),
		server.BytesOut(fn("broken", chunksMessage, wire.UnitMessage), broken),
		server.TextBoth(fn("upper", rpc.NoArgs, wire.UnitMessage), upper),
		server.Upload(fn("upload_bytes", rpc.NoArgs, receivedMessage), uploadBytes),
	}, server.WithUploadLimits(server.UploadLimits{MaxFileBytes: 1 << 20}))
	err := server.ListenAndServe(context.Background(), *addr, h, server.WithListening(func(a net.Addr) {
		fmt.Printf("streamserver: listening on http://%s\n", a)
	}))
	if err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
