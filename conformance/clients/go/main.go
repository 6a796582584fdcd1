// Command go (conformance/clients/go) is sfn's Go client under test for
// `sfn conformance --client`: it speaks the client protocol of docs/conformance.md over
// stdin and stdout, calling each case's function through the generated client of
// conformance.sfn (conformance/gen/conformancev1).
//
// The same program is the native client (hello "sfn-go") and, built with GOOS=js
// GOARCH=wasm, the WebAssembly client (hello "sfn-go-wasm"): under Node, run by
// $(go env GOROOT)/lib/wasm/go_js_wasm_exec, it reads stdin as natively and sends with
// Node's fetch; in a browser page, which has no stdin, it instead registers
// globalThis.sfnConformance for conformance/clients/browser's driver (browser_js.go).
//
//	sfn conformance --client 'go run ./conformance/clients/go'
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"time"

	"github.com/sfn-dev/sfn/conformance"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// callTimeout bounds one call, so that a client that never gets an answer fails its case
// instead of hanging the run.
const callTimeout = 60 * time.Second

// The protocol's lines are conformance.CaseLine in and conformance.Answer out. Besides the
// error tags of the wire, an answer's error may carry two of this program's own, which no
// case wants: Harness, when the case line or its args did not fit the schema, and Untyped,
// when the client returned an error that is neither a typed error of the function's error
// type nor a *rpc.Error (a bug in the client).

func main() {
	if serveBrowser() {
		return
	}
	out := bufio.NewWriter(os.Stdout)
	out.Write(hello(stdinLacks...))
	out.WriteByte('\n')
	out.Flush()
	in := bufio.NewReader(os.Stdin)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			out.Write(handle(line, ""))
			out.WriteByte('\n')
			out.Flush()
		}
		if err != nil {
			return // stdin closed: the run is over
		}
	}
}

// hello returns the hello line: the client's name and the features it lacks. Go holds
// every 64-bit integer exactly, so natively and in a browser it lacks none.
func hello(lacks ...string) []byte {
	b, _ := marshal(&conformance.Hello{Hello: clientName, Lacks: lacks})
	return b
}

// handle answers one case line, calling baseURL instead of the line's base_url if not "".
func handle(line []byte, baseURL string) []byte {
	var req conformance.CaseLine
	var a conformance.Answer
	if err := json.Unmarshal(line, &req); err != nil {
		a.Error = &conformance.ErrorValue{Tag: "Harness", Message: "case line: " + err.Error()}
	} else {
		if baseURL != "" {
			req.BaseURL = baseURL
		}
		a = run(&req)
	}
	b, err := marshal(&a)
	if err != nil {
		b, _ = marshal(&conformance.Answer{Case: a.Case, Error: &conformance.ErrorValue{Tag: "Harness", Message: err.Error()}})
	}
	return b
}

// marshal is json.Marshal without escaping <, > and &, so that strings read as sent.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// run calls the case's function and reports what the client returned.
func run(req *conformance.CaseLine) conformance.Answer {
	a := conformance.Answer{Case: req.Case}
	if sf, ok := streamFunctions[req.Function]; ok {
		return runStream(req, sf)
	}
	f, ok := functions[req.Function]
	if !ok {
		a.Error = &conformance.ErrorValue{Tag: "Harness", Message: "unknown function " + req.Function}
		return a
	}
	args := []byte(req.Args)
	if len(args) == 0 {
		args = []byte("{}")
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	onRedirect := client.WithRedirectHandler(func(location string) { a.Redirect = &location })
	result, err := f(ctx, req.BaseURL, []client.Option{onRedirect}, args, req.Input)
	if err == nil {
		a.Result = result
		return a
	}
	a.Redirect = nil
	a.Error = errorValue(err)
	return a
}

// errorValue is the answer's error for what the client returned.
func errorValue(err error) *conformance.ErrorValue {
	var we *rpc.Error
	var he *harnessError
	var te rpc.TypedError
	switch {
	case errors.As(err, &he):
		return &conformance.ErrorValue{Tag: "Harness", Message: he.msg}
	case errors.As(err, &te):
		// A value of the function's error type (the generated *TypedError or *CBORError):
		// its variant in the JSON mapping, and its status (the framework variant's is the
		// answer's).
		value, jerr := wire.AppendJSON(nil, te.WireMessage(), te)
		if jerr != nil {
			return &conformance.ErrorValue{Tag: "Harness", Message: "typed error: " + jerr.Error()}
		}
		return &conformance.ErrorValue{Typed: value, Status: te.HTTPStatus()}
	case errors.As(err, &we):
		return &conformance.ErrorValue{Tag: string(we.Tag), Message: we.Message, Status: we.Status}
	default:
		return &conformance.ErrorValue{Tag: "Untyped", Message: err.Error()}
	}
}
