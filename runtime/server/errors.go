package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// How errors become answers: see "Errors and statuses" in the package documentation
// (doc.go), which lists every status and where it differs from Leptos.

// Headers the protocol names.
const (
	headerError    = "serverfnerror"
	headerRedirect = "serverfnredirect"
)

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

// statusOf is the status a failure is answered with: its own, else one in 400..599 the
// function set, else def.
func statusOf(we *rpc.Error, set, def int) int {
	switch {
	case we.Status != 0:
		return we.Status
	case set >= 400 && set <= 599:
		return set
	}
	return def
}

// writeError answers a request that reached no function call (unknown path, wrong
// method, cross-origin refusal). path, when set, goes into serverfnerror.
func writeError(w http.ResponseWriter, path string, we *rpc.Error) {
	h := w.Header()
	if path != "" {
		h.Set(headerError, path)
	}
	writeBody(w, we.Status, rpc.ContentTypeText, we.Body())
}

// writeBody writes a complete answer with an exact Content-Length, so that no answer is
// chunked.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	// Both values in one allocation; each slice is capped so that appending to one
	// cannot write into the other.
	vs := []string{contentType, strconv.Itoa(len(body))}
	h := w.Header()
	h["Content-Type"] = vs[0:1:1]
	h["Content-Length"] = vs[1:2:2]
	w.WriteHeader(status)
	// A failed write means the client went away; there is no one left to tell.
	_, _ = w.Write(body)
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
	body, err = rt.fn.AppendResult(buf, res)
	if err != nil {
		return nil, &rpc.Error{Tag: rpc.TagSerialization, Message: err.Error(), Status: 500}, false
	}
	return body, nil, false
}

// funcAttrs are the log attributes naming a function, followed by more.
func funcAttrs(f *rpc.Func, more ...slog.Attr) []slog.Attr {
	return append([]slog.Attr{
		slog.String("service", f.Service),
		slog.String("function", f.Name),
		slog.String("path", f.Path),
	}, more...)
}

// logFailure logs a failed call at a level that matches whose fault it is: the server's
// (encoding a result) at error; a function's 5xx at info, its 4xx at debug; a client's
// mistake at debug. Panics are logged where they are recovered.
func logFailure(ctx context.Context, rt *route, we *rpc.Error, status int, clientFault bool) {
	level := slog.LevelDebug
	switch {
	case clientFault:
	case we.Tag == rpc.TagSerialization:
		level = slog.LevelError
	case status >= 500:
		level = slog.LevelInfo
	}
	lg := rt.cfg.logger
	if !lg.Enabled(ctx, level) {
		return
	}
	lg.LogAttrs(ctx, level, "server function failed", funcAttrs(rt.fn,
		slog.Int("status", status),
		slog.String("tag", string(we.Tag)),
		slog.String("message", we.Message))...)
}
