//go:build js

package client_test

import (
	"context"
	"errors"
	"iter"
	"os"
	"reflect"
	"testing"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// The wasm client's websockets against a native server (testdata/wsserver), run by
// scripts/wasm-stream-test.sh, which sets SFN_WS_TEST_SERVER.

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
	echoFunc = &rpc.Func{Name: "echo", Path: "/api/streams/echo", Encoding: rpc.GetJson,
		Args: textMessage, Result: textMessage, Stream: &rpc.Stream{InStream: true, OutStream: true}}
	countFunc = &rpc.Func{Name: "count", Path: "/api/streams/count", Encoding: rpc.GetCbor,
		Args: countMessage, Result: numMessage, Stream: &rpc.Stream{OutStream: true}}
	sumFunc = &rpc.Func{Name: "sum", Path: "/api/streams/sum", Encoding: rpc.GetJson,
		Args: numMessage, Result: countMessage, Stream: &rpc.Stream{InStream: true}}
)

func wsClient(t *testing.T) *client.Client {
	addr := os.Getenv("SFN_WS_TEST_SERVER")
	if addr == "" {
		t.Skip("SFN_WS_TEST_SERVER is not set: run scripts/wasm-stream-test.sh")
	}
	return client.New(addr)
}

func TestWebsocketJS(t *testing.T) {
	c := wsClient(t)
	ctx := context.Background()

	in := func(yield func(*Text, error) bool) {
		_ = yield(&Text{"a"}, nil) && yield(&Text{"b"}, nil)
	}
	var got []string
	for v, err := range client.StreamBoth[Text, Text](ctx, c, echoFunc, in, client.PlanCodec[Text, Text](echoFunc)) {
		if err != nil {
			t.Fatal(err)
		}
		if got = append(got, v.Text); len(got) == 2 {
			break
		}
	}
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("echo = %q", got)
	}

	var nums []uint32
	var last error
	for v, err := range client.StreamOut[Count, Num](ctx, c, countFunc, &Count{N: 5}, client.PlanCodec[Count, Num](countFunc)) {
		if err != nil {
			last = err
			continue
		}
		nums = append(nums, v.I)
	}
	var we *rpc.Error
	if len(nums) != 5 || nums[4] != 5 || !errors.As(last, &we) || we.Message != "done counting" {
		t.Errorf("count = %v then %v", nums, last)
	}

	var nums2 iter.Seq2[*Num, error] = func(yield func(*Num, error) bool) {
		_ = yield(&Num{40}, nil) && yield(&Num{2}, nil)
	}
	total, err := client.StreamIn[Num, Count](ctx, c, sumFunc, nums2, client.PlanCodec[Num, Count](sumFunc))
	if err != nil || total.N != 42 {
		t.Errorf("sum = %v, %v", total, err)
	}
}
