package main

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

// Plain HTML forms (SPEC section 6). The page at / posts its forms straight to the server
// functions; the server answers each post 302 back to the page, with the error, if any, in
// the page's query string as __path (the function) and __err ("Tag|message" in base64url).
//
// toggle_todo and delete_todo take CBOR and JSON, which a browser form cannot send, so the
// schema gives each a twin that takes form data (toggle_todo_form, delete_todo_form) and
// does the same thing.
//
// The redirect carries the error but not what the user typed, which the page must show
// again beside the error. The runtime builds that redirect itself, so rather than build
// another one, keepFailedForm leaves the failed post's arguments in a short-lived cookie
// (a "flash"), which the page reads, and clears, on the next load. A cookie rather than
// the query string: the typed text stays out of the address bar, the history and server
// logs, and a reload of the page does not bring it back.

// ToggleTodoForm is toggle_todo for plain HTML forms.
func (s *store) ToggleTodoForm(ctx context.Context, in *todov1.ToggleTodo) (*todov1.Todo, error) {
	return s.ToggleTodo(ctx, in)
}

// DeleteTodoForm is delete_todo for plain HTML forms.
func (s *store) DeleteTodoForm(ctx context.Context, in *todov1.DeleteTodo) error {
	return s.DeleteTodo(ctx, in)
}

// flashCookie holds a failed form post's function path and arguments:
// base64url("PATH?FORM").
const flashCookie = "todos_form"

// maxFlash bounds the cookie's value: browsers keep cookies of up to 4096 bytes, name and
// attributes included. A longer post is not kept; the error is still shown.
const maxFlash = 3000

// keepFailedForm is an interceptor: when a plain form post (Accept: text/html, as the
// runtime tells them apart) fails, it sets flashCookie to the post's arguments, encoded
// as the form the browser sent.
func keepFailedForm(ctx context.Context, call *server.Call, next server.Next) (any, error) {
	res, err := next(ctx, call)
	r := server.Request(ctx)
	if err == nil || r == nil || !strings.Contains(r.Header.Get("Accept"), "text/html") || !call.Func.Encoding.ArgsForm() {
		return res, err
	}
	form, encErr := call.Func.AppendArgs([]byte(call.Func.Path+"?"), call.Args)
	if encErr != nil {
		return res, err
	}
	v := base64.RawURLEncoding.EncodeToString(form)
	if len(v) > maxFlash {
		return res, err
	}
	server.SetCookie(ctx, &http.Cookie{
		Name: flashCookie, Value: v, Path: "/",
		MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return res, err
}

// failedForm is the post kept by keepFailedForm: the function's path and the form's
// fields.
type failedForm struct {
	path   string
	fields url.Values
}

// takeFailedForm reads flashCookie from r and clears it in w, so that it is shown once. It
// returns nil without the cookie, or with one it cannot read.
func takeFailedForm(w http.ResponseWriter, r *http.Request) *failedForm {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	path, query, _ := strings.Cut(string(raw), "?")
	fields, err := url.ParseQuery(query)
	if err != nil {
		return nil
	}
	return &failedForm{path: path, fields: fields}
}

// formError is the error a failed form post left in the page's query string: __path and
// __err, as the runtime writes them.
type formError struct {
	path    string
	tag     string
	message string
}

// formErrorOf reads the error in q, or returns nil if there is none or it does not
// decode.
func formErrorOf(q url.Values) *formError {
	path, enc := q.Get("__path"), q.Get("__err")
	if path == "" || enc == "" {
		return nil
	}
	// The runtime pads, as Leptos does; accept it unpadded too, as links get trimmed.
	body, err := base64.URLEncoding.DecodeString(enc)
	if err != nil {
		if body, err = base64.RawURLEncoding.DecodeString(enc); err != nil {
			return nil
		}
	}
	tag, msg, ok := strings.Cut(string(body), "|")
	if !ok {
		return nil
	}
	return &formError{path: path, tag: tag, message: msg}
}

// text is how the page shows the error: the message alone for a function's own error
// (tag ServerError), which is written for people; with its tag otherwise, such as
// "Args: …" for arguments that did not decode.
func (e *formError) text() string {
	if e.tag == "ServerError" {
		return e.message
	}
	return e.tag + ": " + e.message
}
