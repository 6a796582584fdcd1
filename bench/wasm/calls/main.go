//go:build js && wasm

// Command calls is what scripts/wasm-size.sh builds to measure what one more server
// function, and one more encoding, cost in a Go WebAssembly client (docs/benchmarks.md,
// "Go WebAssembly client"). It calls add_todo through the example's generated client (form
// arguments, JSON result) and logs the results; build tags add more functions:
//
//	toggleform  toggle_todo_form (Url again: one more function, no new format)
//	list        list_todos       (GetJson: form arguments, a JSON list result)
//	delete      delete_todo      (Json: adds the JSON writer)
//	toggle      toggle_todo      (Cbor: adds the CBOR writer and reader)
//	stats       todo_stats       (GetCbor)
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -tags list,delete ./wasm/calls
package main

import (
	"context"
	"strconv"
	"syscall/js"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// calls are the functions this build calls, each returning a line to log; the files
// selected by the build tags add theirs.
var calls []func(ctx context.Context, c todov1.Todos) string

func main() {
	c := todov1.NewTodosClient(js.Global().Get("location").Get("origin").String())
	out := ""
	for _, call := range calls {
		out += call(context.Background(), c) + "\n"
	}
	js.Global().Get("console").Call("log", out)
}

// line words a result or an error.
func line(name string, id int64, err error) string {
	if err != nil {
		return name + ": " + err.Error()
	}
	return name + ": " + strconv.FormatInt(id, 10)
}
