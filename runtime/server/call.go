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

// internalMessage is all a caller learns of an error that was not made for it, or of a
// panic: the full text goes to the log.
const internalMessage = "internal error"

// callerError turns an error from application code (a function, an interceptor, a gate)
// into what the caller is told. Only errors made for the caller reach it (SPEC section
// 5): a *rpc.Error anywhere in err's chain is sent with its tag, message and status; a tag
// clients would not recognise becomes ServerError, so that the answer still parses as a
// server function error, and a status outside 400..599 is left 0 for statusOf to pick.
// For a function with an error type, a value of that type anywhere in the chain is
// returned as typed (its framework variant as the *rpc.Error it holds), with we
// summarising it for the log and the status. Any other error (a driver's, a wrapped
// fmt.Errorf, another function's error type) is answered with the fallback tag and
// masked as its message, and returned as cause, for the log. Leptos sends every error's
// text (leptos#3270); sfn does not.
func callerError(err error, f *rpc.Func, fallback rpc.ErrorTag, masked string) (we *rpc.Error, typed rpc.TypedError, cause error) {
	if f.Error != nil {
		if te, ok := errors.AsType[rpc.TypedError](err); ok && te != nil && te.WireMessage() == f.Error.Message {
			if fe := te.FrameworkError(); fe != nil {
				err = fe
			} else {
				return &rpc.Error{Tag: rpc.TagServerError, Message: te.Error(), Status: typedStatus(te)}, te, nil
			}
		}
	}
	we, cause = plainCallerError(err, fallback, masked)
	return we, nil, cause
}

// typedStatus is a typed error's status, kept to 400..599.
func typedStatus(te rpc.TypedError) int {
	if s := te.HTTPStatus(); s >= 400 && s <= 599 {
		return s
	}
	return http.StatusInternalServerError
}

// plainCallerError is callerError for errors other than typed ones.
func plainCallerError(err error, fallback rpc.ErrorTag, masked string) (we *rpc.Error, cause error) {
	if e, ok := errors.AsType[*rpc.Error](err); ok {
		if e == nil {
			// A typed nil returned as an error: the function meant to fail, but said
			// nothing more.
			return &rpc.Error{Tag: fallback, Message: "nil *rpc.Error"}, nil
		}
		out := *e
		if !out.Tag.Known() {
			out.Tag = rpc.TagServerError
		}
		if out.Status < 400 || out.Status > 599 {
			out.Status = 0
		}
		return &out, nil
	}
	return &rpc.Error{Tag: fallback, Message: masked}, err
}

// recovered handles a panic recovered from application code: http.ErrAbortHandler is
// raised again (it is how a handler asks net/http to abort the response on purpose); any
// other is logged at error level with the function and the stack, and answered as an
// internal error, which is all the caller learns.
func (rt *route) recovered(ctx context.Context, p any) *rpc.Error {
	if p == http.ErrAbortHandler {
		panic(p)
	}
	rt.cfg.logger.LogAttrs(ctx, slog.LevelError, "server function panicked",
		funcAttrs(rt.fn,
			slog.String("panic", fmt.Sprint(p)),
			slog.String("stack", string(debug.Stack())))...)
	return &rpc.Error{Tag: rpc.TagServerError, Message: internalMessage, Status: http.StatusInternalServerError}
}

// callFunc runs the interceptor chain and the function on st.call and returns the encoded result,
// appended to buf, or the error to answer with (its status still to be resolved by
// statusOf, except for panics) and, when that error is masked, the cause to log. Everything that runs the application's code is inside
// the recover: the call, the result's encoding and the error's Error method, so that one
// bad call cannot take the server down. panicked says a panic was recovered (and logged).
// http.ErrAbortHandler is re-raised: it is how a handler asks net/http to abort the
// response on purpose.
func callFunc(ctx context.Context, rt *route, st *callState, buf []byte) (body []byte, we *rpc.Error, cause error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			body, we, cause, panicked = nil, rt.recovered(ctx, p), nil, true
		}
	}()
	res, err := rt.call(ctx, &st.call)
	if err != nil {
		we, st.typed, cause = callerError(err, rt.fn, rpc.TagServerError, internalMessage)
		return nil, we, cause, false
	}
	body, we = rt.encodeResult(buf, res)
	return body, we, nil, false
}
