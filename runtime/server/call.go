package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Calling: the interceptors and then the function, with the request and the answer's
// settings in its context (context.go), and the result's encoding (encode.go), all inside
// one recover.

// Call is one call of a server function, as interceptors see it.
type Call struct {
	// Func describes the function: its service, name, path and encoding.
	Func *rpc.Func
	// Args points to the decoded arguments, a value of Func.Args's Go type (*struct{} for
	// a function without arguments). An interceptor may read or replace it.
	Args any
}

// Next runs the rest of a call: the inner interceptors and then the function. It returns a
// pointer to the result, a value of Func.Result's Go type (*struct{} for a unit result).
type Next func(ctx context.Context, call *Call) (any, error)

// Interceptor wraps calls: it runs around next, before and after it, and may change the
// context, the arguments, the result or the error, or answer without calling next at all.
// Logging, metrics, tracing and per-function authorization are interceptors. An error it
// returns is answered like a function's error (see NewHandler).
type Interceptor func(ctx context.Context, call *Call, next Next) (any, error)

// chain folds the interceptors around the function, the first one outermost.
func chain(is []Interceptor, fn Next) Next {
	for i := len(is) - 1; i >= 0; i-- {
		ic, next := is[i], fn
		fn = func(ctx context.Context, c *Call) (any, error) { return ic(ctx, c, next) }
	}
	return fn
}

// panicMessage is all a client learns of a panic.
const panicMessage = "internal error"

// toWireError turns a function's (or interceptor's or gate's) error into the error that
// is sent. A *rpc.Error anywhere in err's chain is sent with its tag and message; a tag
// clients would not recognise becomes ServerError, so that the answer still parses as a
// server function error. Any other error is ServerError with err's text, as Leptos's
// ServerFnError::new(err) does. The status is left 0 unless the error carries one in
// 400..599; statusOf picks the final one.
func toWireError(err error, fallback rpc.ErrorTag) *rpc.Error {
	var we *rpc.Error
	if errors.As(err, &we) {
		if we == nil {
			// A typed nil returned as an error: the function meant to fail, but said
			// nothing more.
			return &rpc.Error{Tag: fallback, Message: "nil *rpc.Error"}
		}
		out := *we
		if !out.Tag.Known() {
			out.Tag = rpc.TagServerError
		}
		if out.Status < 400 || out.Status > 599 {
			out.Status = 0
		}
		return &out
	}
	return &rpc.Error{Tag: fallback, Message: err.Error()}
}

// callFunc runs the interceptor chain and the function and returns the encoded result,
// appended to buf, or the error to answer with (its status still to be resolved by
// statusOf, except for panics). Everything that runs the application's code is inside
// the recover: the call, the result's encoding and the error's Error method, so that one
// bad call cannot take the server down. panicked says a panic was recovered (and logged).
// http.ErrAbortHandler is re-raised: it is how a handler asks net/http to abort the
// response on purpose.
func callFunc(ctx context.Context, rt *route, call *Call, buf []byte) (body []byte, we *rpc.Error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			rt.cfg.logger.LogAttrs(ctx, slog.LevelError, "server function panicked",
				funcAttrs(rt.fn,
					slog.String("panic", fmt.Sprint(p)),
					slog.String("stack", string(debug.Stack())))...)
			body, we, panicked = nil, &rpc.Error{Tag: rpc.TagServerError, Message: panicMessage, Status: 500}, true
		}
	}()
	res, err := rt.call(ctx, call)
	if err != nil {
		return nil, toWireError(err, rpc.TagServerError), false
	}
	body, we = rt.encodeResult(buf, res)
	return body, we, false
}
