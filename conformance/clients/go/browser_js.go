//go:build js

package main

import "syscall/js"

// clientName is the name the hello line gives.
const clientName = "sfn-go-wasm"

// stdinLacks is what the client reading stdin, under Node, lacks: Node's fetch drops the
// "?" of an empty query from the request target, and Node 20 has no global WebSocket
// unless it runs with --experimental-websocket (conformance/run.sh gives it that flag).
var stdinLacks = nodeLacks()

func nodeLacks() []string {
	lacks := []string{"empty-query"}
	if !js.Global().Get("WebSocket").Truthy() {
		lacks = append(lacks, "websocket")
	}
	return lacks
}

// serveBrowser serves the protocol to a browser page, which has no stdin to read: when
// there is a document, it sets globalThis.sfnConformance to {hello, call}, where hello is
// the hello line and call(line, baseURL) returns a promise of the answer line, calling
// baseURL (the page's origin, which the driver proxies) instead of the line's base_url, and
// keeps the program running for later calls. It returns false elsewhere (under Node).
func serveBrowser() bool {
	global := js.Global()
	if !global.Get("document").Truthy() {
		return false
	}
	promise := global.Get("Promise")
	callFunc := js.FuncOf(func(_ js.Value, args []js.Value) any {
		line, baseURL := []byte(args[0].String()), args[1].String()
		executor := js.FuncOf(func(_ js.Value, settle []js.Value) any {
			resolve := settle[0]
			// A call blocks on fetch's promise, which a JavaScript callback must not do.
			go func() { resolve.Invoke(string(handle(line, baseURL))) }()
			return nil
		})
		defer executor.Release() // the Promise constructor runs it at once
		return promise.New(executor)
	})
	global.Set("sfnConformance", map[string]any{"hello": string(hello()), "call": callFunc})
	select {}
}
