package server

import (
	"net/http"
	"strconv"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Answering: the result or the error, the response settings the function made, and for a
// plain HTML form the 302 back (forms.go). Every answer has an exact Content-Length.

// Headers the protocol names.
const (
	headerError    = "serverfnerror"
	headerRedirect = "serverfnredirect"
)

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

// writeError answers a request that reached no function (an unknown path): "Tag|message".
func writeError(w http.ResponseWriter, we *rpc.Error) {
	writeBody(w, we.Status, rpc.ContentTypeText, we.Body())
}

// writeError answers a request for rt's function that never reached it (a wrong method,
// a cross-origin refusal), with serverfnerror and the body of the function's errors.
func (rt *route) writeError(w http.ResponseWriter, we *rpc.Error) {
	w.Header().Set(headerError, rt.fn.Path)
	ct, body := rt.errorBody(nil, we, nil)
	writeBody(w, we.Status, ct, body)
}

// errorBody appends the body of a failure to dst and returns it with its Content-Type.
// A function without an error type answers "Tag|message" text. One with an error type
// answers in that type's encoding (SPEC 5.1): typed, the variant it failed with, when set;
// else failure in the framework variant, {"ServerFnError":{"Args":"..."}}.
func (rt *route) errorBody(dst []byte, failure *rpc.Error, typed rpc.TypedError) (string, []byte) {
	et := rt.fn.Error
	if et == nil {
		return rpc.ContentTypeText, append(dst, failure.Body()...)
	}
	if typed != nil {
		if body, err := et.AppendError(dst, typed); err == nil {
			return et.ContentType(), body
		}
		// The value does not encode (an enum holding a name it lacks, say): a fault of
		// the server, answered as one. The log already has the variant.
		failure = &rpc.Error{Tag: rpc.TagSerialization, Message: "the error value did not encode"}
	}
	return et.ContentType(), et.AppendFramework(dst, failure)
}

// nosniff is shared by every answer: its capacity is its length, so an h.Add elsewhere
// copies it rather than writing into it.
var nosniff = []string{"nosniff"}

// writeBody writes a complete answer with an exact Content-Length, so that no answer is
// chunked.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	// Both values in one allocation; each slice is capped so that appending to one
	// cannot write into the other.
	vs := []string{contentType, strconv.Itoa(len(body))}
	h := w.Header()
	h["Content-Type"] = vs[0:1:1]
	h["Content-Length"] = vs[1:2:2]
	// Browsers must not read an error's text (or a result) as HTML or script.
	h["X-Content-Type-Options"] = nosniff
	w.WriteHeader(status)
	// A failed write means the client went away; there is no one left to tell.
	_, _ = w.Write(body)
}

// refuse logs and answers a call refused before the function ran: the client's affair.
func (rt *route) refuse(w http.ResponseWriter, st *callState, plain bool, we *rpc.Error, cause error) {
	logFailure(st.req.Context(), rt, we, cause, we.Status, true)
	rt.respond(w, st, plain, we.Status, nil, we)
}

// respond writes the answer: the function's result (failure nil) or an error, with the
// response settings the function made, and for plain form posts the 302 back.
func (rt *route) respond(w http.ResponseWriter, st *callState, plain bool, status int, body []byte, failure *rpc.Error) {
	h := w.Header()
	for k, vs := range st.header {
		h[k] = append(h[k], vs...)
	}
	ct := rt.fn.Encoding.ResultContentType()
	if failure != nil {
		h.Set(headerError, rt.fn.Path)
		ct, body = rt.errorBody(body[:0], failure, st.typed)
	}
	switch {
	case plain:
		loc := st.location
		if loc == "" {
			var errBody []byte
			if failure != nil {
				errBody = body
			}
			loc = formLocation(st.req.Referer(), rt.fn.Path, errBody)
		}
		h.Set("Location", loc)
		status = http.StatusFound
	case st.location != "":
		h.Set("Location", st.location)
		h.Set(headerRedirect, "")
	}
	writeBody(w, status, ct, body)
}
