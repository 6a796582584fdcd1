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

// writeError answers a request that reached no function call (unknown path, wrong
// method, cross-origin refusal). path, when set, goes into serverfnerror.
func writeError(w http.ResponseWriter, path string, we *rpc.Error) {
	h := w.Header()
	if path != "" {
		h.Set(headerError, path)
	}
	writeBody(w, we.Status, rpc.ContentTypeText, we.Body())
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
		ct, body = rpc.ContentTypeText, failure.Body()
	}
	switch {
	case plain:
		loc := st.location
		if loc == "" {
			loc = formLocation(st.req.Referer(), rt.fn.Path, failure)
		}
		h.Set("Location", loc)
		status = http.StatusFound
	case st.location != "":
		h.Set("Location", st.location)
		h.Set(headerRedirect, "")
	}
	writeBody(w, status, ct, body)
}
