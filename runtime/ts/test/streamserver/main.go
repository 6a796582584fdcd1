// Command streamserver serves the streams and uploads of gen/ts/testdata/livestreams.sfn
// for runtime/ts's tests, with descriptors written by hand at the schema's paths, on
// 127.0.0.1 and prints "streamserver: listening on URL". With -static DIR it also serves
// DIR's files at /, so a page and its websockets share one origin.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"log"
	"net"
	"net/http"
	"os"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

type Msg struct{ Text string }
type CountArgs struct{ N, DelayMs uint32 }
type Item struct{ I uint32 }
type Sum struct{ Total uint64 }
type Chunks struct {
	Count, Size          uint32
	FailFirst, FailAfter bool
}
type Size struct{ Bytes uint64 }
type Part struct {
	Field, Name string
	Size        uint64
}
type Parts struct{ Parts []Part }

// LiveError is the schema's error type: Refused (422) or the framework variant.
type LiveError struct{ Kind LiveErrorKind }
type LiveErrorKind interface{ isLiveErrorKind() }
type LiveErrorKindRefused struct{ Refused Msg }
type LiveErrorKindServerFnError struct{ ServerFnError *rpc.Error }

func (LiveErrorKindRefused) isLiveErrorKind()       {}
func (LiveErrorKindServerFnError) isLiveErrorKind() {}
func (e *LiveError) Error() string                  { return "livestreams.v1.LiveError" }
func (*LiveError) WireMessage() *wire.Message       { return liveErrorMessage }
func (e *LiveError) HTTPStatus() int {
	if _, ok := e.Kind.(LiveErrorKindRefused); ok {
		return 422
	}
	return 500
}
func (e *LiveError) SetHTTPStatus(int) {}
func (e *LiveError) FrameworkError() *rpc.Error {
	if v, ok := e.Kind.(LiveErrorKindServerFnError); ok {
		return v.ServerFnError
	}
	return nil
}

func refused(text string) error { return &LiveError{Kind: LiveErrorKindRefused{Msg{Text: text}}} }

func msg[T any](name string, fields ...wire.Field) *wire.Message {
	return &wire.Message{Name: "livestreams.v1." + name, GoType: reflect.TypeFor[T](), Fields: fields}
}

var (
	msgMessage   = msg[Msg]("Msg", wire.Field{Name: "text", GoName: "Text", Type: wire.String})
	countMessage = msg[CountArgs]("CountArgs", wire.Field{Name: "n", GoName: "N", Type: wire.Uint32},
		wire.Field{Name: "delay_ms", GoName: "DelayMs", Type: wire.Uint32})
	itemMessage   = msg[Item]("Item", wire.Field{Name: "i", GoName: "I", Type: wire.Uint32})
	sumMessage    = msg[Sum]("Sum", wire.Field{Name: "total", GoName: "Total", Type: wire.Uint64})
	chunksMessage = msg[Chunks]("Chunks", wire.Field{Name: "count", GoName: "Count", Type: wire.Uint32},
		wire.Field{Name: "size", GoName: "Size", Type: wire.Uint32},
		wire.Field{Name: "fail_first", GoName: "FailFirst", Type: wire.Bool},
		wire.Field{Name: "fail_after", GoName: "FailAfter", Type: wire.Bool})
	sizeMessage = msg[Size]("Size", wire.Field{Name: "bytes", GoName: "Bytes", Type: wire.Uint64})
	partMessage = msg[Part]("Part", wire.Field{Name: "field", GoName: "Field", Type: wire.String},
		wire.Field{Name: "name", GoName: "Name", Type: wire.String}, wire.Field{Name: "size", GoName: "Size", Type: wire.Uint64})
	partsMessage = msg[Parts]("Parts", wire.Field{Name: "parts", GoName: "Parts", Type: wire.ListOf(wire.MessageType(partMessage))})

	liveErrorMessage = &wire.Message{Name: "livestreams.v1.LiveError", GoType: reflect.TypeFor[LiveError](), Transparent: true,
		Fields: []wire.Field{{Name: "kind", GoName: "Kind", Oneof: &wire.Oneof{Variants: []wire.Variant{
			{Name: "Refused", Type: wire.MessageType(msgMessage), GoType: reflect.TypeFor[LiveErrorKindRefused]()},
			{Name: "ServerFnError", Type: rpc.FrameworkType, GoType: reflect.TypeFor[LiveErrorKindServerFnError]()},
		}}}}}
	liveError = &rpc.ErrorType{Message: liveErrorMessage, Framework: "ServerFnError"}
)

func ws(name string, enc rpc.Encoding, args, res *wire.Message, in, out bool) *rpc.Func {
	return &rpc.Func{Service: "livestreams.v1.Live", Name: name, Path: "/api/live/" + name, Encoding: enc,
		Args: args, Result: res, Stream: &rpc.Stream{InStream: in, OutStream: out}}
}

func file(name string, enc rpc.Encoding, args, res *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "livestreams.v1.Files", Name: name, Path: "/api/files/" + name, Encoding: enc,
		Args: args, Result: res, Error: liveError}
}

// echo echoes each message; "fail" is answered with fail(text) as an error item.
func echo(fail func(string) error) func(context.Context, iter.Seq2[*Msg, error]) iter.Seq2[*Msg, error] {
	return func(_ context.Context, in iter.Seq2[*Msg, error]) iter.Seq2[*Msg, error] {
		return func(yield func(*Msg, error) bool) {
			for v, err := range in {
				if err == nil && v.Text == "fail" {
					v, err = nil, fail(v.Text)
				}
				if !yield(v, err) {
					return
				}
			}
		}
	}
}

func count(ctx context.Context, in *CountArgs) iter.Seq2[*Item, error] {
	return func(yield func(*Item, error) bool) {
		for i := uint32(1); i <= in.N; i++ {
			if i > 1 && in.DelayMs > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Duration(in.DelayMs) * time.Millisecond):
				}
			}
			if !yield(&Item{I: i}, nil) {
				return
			}
		}
	}
}

func main() {
	static := flag.String("static", "", "a directory to serve at /")
	flag.Parse()
	echoCbor := ws("echo_cbor", rpc.GetCbor, msgMessage, msgMessage, true, true)
	echoCbor.Error = liveError
	h := server.NewHandler([]server.Route{
		server.StreamBoth(ws("echo", rpc.GetJson, msgMessage, msgMessage, true, true),
			echo(func(t string) error { return rpc.NewError(418, "asked to "+t) })),
		server.StreamBoth(echoCbor, echo(refused)),
		server.StreamOut(ws("count", rpc.GetJson, countMessage, itemMessage, false, true), count),
		server.StreamOut(ws("count_cbor", rpc.GetCbor, countMessage, itemMessage, false, true), count),
		server.StreamIn(ws("sum", rpc.GetJson, itemMessage, sumMessage, true, false),
			func(_ context.Context, in iter.Seq2[*Item, error]) (*Sum, error) {
				var s Sum
				for v, err := range in {
					if err != nil {
						return nil, err
					}
					s.Total += uint64(v.I)
				}
				return &s, nil
			}),
		server.TextBoth(file("upper", rpc.Url, rpc.NoArgs, wire.UnitMessage), func(_ context.Context, r io.Reader, w io.Writer) error {
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			if string(b) == "fail" {
				return refused("no upper-casing fail")
			}
			_, err = io.WriteString(w, strings.Map(unicode.ToUpper, string(b)))
			return err
		}),
		server.BytesOut(file("download", rpc.Json, chunksMessage, wire.UnitMessage), func(_ context.Context, in *Chunks, w io.Writer) error {
			if in.FailFirst {
				return refused("refused before the first byte")
			}
			buf := make([]byte, in.Size)
			for i := range in.Count {
				for j := range buf {
					buf[j] = byte(i)
				}
				if _, err := w.Write(buf); err != nil {
					return err
				}
			}
			if in.FailAfter {
				return rpc.NewError(500, "broke off")
			}
			return nil
		}),
		server.BytesIn(file("measure", rpc.Url, rpc.NoArgs, sizeMessage), func(_ context.Context, r io.Reader) (*Size, error) {
			n, err := io.Copy(io.Discard, r)
			return &Size{Bytes: uint64(n)}, err
		}),
		server.Upload(file("attach", rpc.Url, rpc.NoArgs, partsMessage), func(_ context.Context, parts iter.Seq2[*rpc.Part, error]) (*Parts, error) {
			var out Parts
			for p, err := range parts {
				if err != nil {
					return nil, err
				}
				if p.Field == "fail" {
					return nil, refused("failed as asked")
				}
				n, err := io.Copy(io.Discard, p.Body)
				if err != nil {
					return nil, err
				}
				out.Parts = append(out.Parts, Part{Field: p.Field, Name: p.FileName, Size: uint64(n)})
			}
			return &out, nil
		}),
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	// split writes text with each multi-byte character cut between two flushed writes,
	// which a server function's TextOut never does, to test the client's decoding.
	mux.HandleFunc("POST /api/files/split", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		b := []byte("añ€😀z")
		for i := range b {
			w.Write(b[i : i+1])
			w.(http.Flusher).Flush()
			time.Sleep(2 * time.Millisecond)
		}
	})
	if *static != "" {
		mux.Handle("/", http.FileServer(http.Dir(*static)))
	}
	err := server.ListenAndServe(context.Background(), "127.0.0.1:0", mux, server.WithListening(func(a net.Addr) {
		fmt.Printf("streamserver: listening on http://%s\n", a)
	}))
	if err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
