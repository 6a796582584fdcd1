// Command wsserver serves the websocket functions of runtime/client's GOOS=js tests
// (websocket_js_test.go) on 127.0.0.1 and prints "listening on ADDR".
package main

import (
	"context"
	"fmt"
	"iter"
	"net"
	"os"
	"os/signal"
	"reflect"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

type Text struct{ Text string }

type Count struct{ N uint32 }

type Num struct{ I uint32 }

var (
	textMessage = &wire.Message{Name: "test.v1.Text", GoType: reflect.TypeFor[Text](),
		Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}
	countMessage = &wire.Message{Name: "test.v1.Count", GoType: reflect.TypeFor[Count](),
		Fields: []wire.Field{{Name: "n", GoName: "N", Type: wire.Uint32}}}
	numMessage = &wire.Message{Name: "test.v1.Num", GoType: reflect.TypeFor[Num](),
		Fields: []wire.Field{{Name: "i", GoName: "I", Type: wire.Uint32}}}
)

func main() {
	echo := &rpc.Func{Name: "echo", Path: "/api/streams/echo", Encoding: rpc.GetJson,
		Args: textMessage, Result: textMessage, Stream: &rpc.Stream{InStream: true, OutStream: true}}
	count := &rpc.Func{Name: "count", Path: "/api/streams/count", Encoding: rpc.GetCbor,
		Args: countMessage, Result: numMessage, Stream: &rpc.Stream{OutStream: true}}
	sum := &rpc.Func{Name: "sum", Path: "/api/streams/sum", Encoding: rpc.GetJson,
		Args: numMessage, Result: countMessage, Stream: &rpc.Stream{InStream: true}}
	h := server.NewHandler([]server.Route{
		server.StreamBoth(echo, func(_ context.Context, in iter.Seq2[*Text, error]) iter.Seq2[*Text, error] {
			return func(yield func(*Text, error) bool) {
				for v, err := range in {
					if !yield(v, err) {
						return
					}
				}
			}
		}),
		server.StreamOut(count, func(_ context.Context, in *Count) iter.Seq2[*Num, error] {
			return func(yield func(*Num, error) bool) {
				for i := uint32(1); i <= in.N; i++ {
					if !yield(&Num{I: i}, nil) {
						return
					}
				}
				yield(nil, rpc.NewError(422, "done counting"))
			}
		}),
		server.StreamIn(sum, func(_ context.Context, in iter.Seq2[*Num, error]) (*Count, error) {
			var n uint32
			for v, err := range in {
				if err != nil {
					return nil, err
				}
				n += v.I
			}
			return &Count{N: n}, nil
		}),
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, os.Kill)
	defer stop()
	err := server.ListenAndServe(ctx, "127.0.0.1:0", h, server.WithListening(func(a net.Addr) {
		fmt.Println("listening on http://" + a.String())
	}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
