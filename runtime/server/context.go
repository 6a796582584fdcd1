package server

import (
	"context"
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// These functions give a server function what Leptos gives through extractors (the
// request's headers, cookies and address) and ResponseOptions (the answer's status,
// headers, cookies and redirect). They read and write the call state that the Handler puts
// in the function's context.
//
// Outside a call served by a Handler (when application code calls the implementation
// directly, in-process) there is no request: Request and Func return nil, ResponseHeader
// returns a fresh header that goes nowhere, and the setters do nothing. Code written
// against the service interface therefore runs unchanged in both places.
//
// Like an http.ResponseWriter, the call state is not safe for concurrent use: a function
// that fans out to goroutines sets the response from its own goroutine.

// callState is one call's request and the response settings the function asked for.
type callState struct {
	req *http.Request
	fn  *rpc.Func
	// call is the Call interceptors see, kept here to save an allocation per call.
	call   Call
	status int
	// header is made by the first ResponseHeader: most functions set none.
	header   http.Header
	location string
	// typed is the function's typed error it failed with, when it has an error type and
	// returned one of its variants (SPEC 5.1); the answer then carries it instead of the
	// failure's "Tag|message".
	typed rpc.TypedError
}

type callKey struct{}

func withCall(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callKey{}, st)
}

func stateOf(ctx context.Context) *callState {
	st, _ := ctx.Value(callKey{}).(*callState)
	return st
}

// Request returns the HTTP request of the call being served: its headers, cookies
// (Request(ctx).Cookie("session")), remote address and TLS state. Its body has already
// been read. It returns nil outside a call.
func Request(ctx context.Context) *http.Request {
	if st := stateOf(ctx); st != nil {
		return st.req
	}
	return nil
}

// Func returns the descriptor of the function being served, or nil outside a call.
func Func(ctx context.Context) *rpc.Func {
	if st := stateOf(ctx); st != nil {
		return st.fn
	}
	return nil
}

// SetStatus sets the status of the answer. On success a status in 200..599 replaces 200
// (201 for a function that creates something, say; sfn's clients accept any 2xx, and
// read a 4xx or 5xx as an error body, as Leptos's do). On failure a 4xx or 5xx status set
// here is used when the returned error does not carry one of its own (a *rpc.Error with
// a Status). Other statuses are ignored, and so is the status for plain HTML form posts,
// which are always answered 302 (see NewHandler).
func SetStatus(ctx context.Context, code int) {
	if st := stateOf(ctx); st != nil {
		st.status = code
	}
}

// ResponseHeader returns the header of the answer, to add headers such as Cache-Control.
// The handler sets Content-Type, Location and the server function headers
// (serverfnerror, serverfnredirect) itself, after the function ran, so values set here for
// those are replaced.
func ResponseHeader(ctx context.Context) http.Header {
	if st := stateOf(ctx); st != nil {
		if st.header == nil {
			st.header = http.Header{}
		}
		return st.header
	}
	return http.Header{}
}

// SetCookie adds a Set-Cookie header to the answer, as http.SetCookie does. An invalid
// cookie is dropped.
func SetCookie(ctx context.Context, c *http.Cookie) {
	if v := c.String(); v != "" {
		ResponseHeader(ctx).Add("Set-Cookie", v)
	}
}

// Redirect asks the caller to go to url after the call, as leptos_axum's redirect does.
// For a plain HTML form post (Accept contains text/html) the answer is 302 Found with
// Location: url, in place of the usual redirect back to the Referer. For other callers the
// answer keeps its status and body and gains Location: url and the header
// serverfnredirect, which server function clients follow (the Go client calls its
// redirect handler, the TypeScript one navigates) after returning the result. The header
// is sent with an empty value, as Leptos sends it: clients test for its presence.
//
// The redirect also applies when the function then fails; clients only follow it on
// success, as Leptos's do.
func Redirect(ctx context.Context, url string) {
	if st := stateOf(ctx); st != nil {
		st.location = url
	}
}
