package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Plain HTML forms (SPEC section 6). The page at / posts its forms straight to the server
// functions; the server answers each post 302 back to the page, with the error, if any, in
// the page's query string as __path (the function) and __err (the TodoError's JSON body in
// base64url, SPEC 5.1), which the page renders beside the form that caused it.
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
//
// An upload's arguments are its parts, read as they arrive: for those, it keeps the
// fields (not the files), as the function reads them, so that the page can show the error
// beside the todo whose file was refused.
func keepFailedForm(ctx context.Context, call *server.Call, next server.Next) (any, error) {
	if parts, ok := call.Args.(iter.Seq2[*rpc.Part, error]); ok {
		return keepFailedUpload(ctx, call, parts, next)
	}
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

// keepFailedUpload is keepFailedForm for an upload: it wraps the parts to keep the
// fields' values (short ones; not the files), and sets flashCookie to them if the call
// fails.
func keepFailedUpload(ctx context.Context, call *server.Call, parts iter.Seq2[*rpc.Part, error], next server.Next) (any, error) {
	r := server.Request(ctx)
	if r == nil || !strings.Contains(r.Header.Get("Accept"), "text/html") {
		return next(ctx, call)
	}
	fields := url.Values{}
	call.Args = iter.Seq2[*rpc.Part, error](func(yield func(*rpc.Part, error) bool) {
		for p, err := range parts {
			if err == nil && p.FileName == "" && len(fields) < 8 {
				b, rerr := io.ReadAll(io.LimitReader(p.Body, 256))
				if rerr != nil {
					err = rerr
				} else {
					fields.Add(p.Field, string(b))
					p.Body = bytes.NewReader(b)
				}
			}
			if !yield(p, err) {
				return
			}
		}
	})
	res, err := next(ctx, call)
	if err != nil && len(fields) > 0 {
		v := base64.RawURLEncoding.EncodeToString([]byte(call.Func.Path + "?" + fields.Encode()))
		if len(v) <= maxFlash {
			server.SetCookie(ctx, &http.Cookie{
				Name: flashCookie, Value: v, Path: "/",
				MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode,
			})
		}
	}
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
// __err, as the runtime writes them. The functions of todos.sfn fail with TodoError, so
// __err is the padded base64url of its JSON body (SPEC 5.1), such as
// {"Invalid":{"field":"title","reason":"must not be empty"}}.
type formError struct {
	path string
	err  *todov1.TodoError
}

// formErrorOf reads the error in q, or returns nil if there is none or it does not
// decode. A "Tag|message" body, which a function without an error type would leave, reads
// as TodoError's framework variant with that tag and message.
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
	te := new(todov1.TodoError)
	if err := wire.UnmarshalJSON(te.WireMessage(), body, te, nil); err == nil && te.Kind != nil {
		return &formError{path: path, err: te}
	}
	tag, msg, ok := strings.Cut(string(body), "|")
	if !ok || tag == "" {
		return nil
	}
	return &formError{path: path, err: &todov1.TodoError{Kind: todov1.TodoErrorKindServerFnError{
		ServerFnError: &rpc.Error{Tag: rpc.ErrorTag(tag), Message: msg},
	}}}
}

// errorMessage is how the page shows a TodoError (page/enhance.ts's errorText says the same):
// "invalid title: must not be empty" for Invalid, "no todo with id 7" for NotFound, and
// for the framework variant the message alone when the function failed (tag ServerError,
// such as "internal error"), with its tag otherwise, such as "Args: …" for arguments
// that did not decode. Beside the input that field names, Invalid shows its reason alone
// (field is "" where there is no such input).
func errorMessage(e *todov1.TodoError, field string) string {
	switch k := e.Kind.(type) {
	case todov1.TodoErrorKindInvalid:
		if field != "" && k.Invalid.Field == field {
			return k.Invalid.Reason
		}
		return "invalid " + k.Invalid.Field + ": " + k.Invalid.Reason
	case todov1.TodoErrorKindNotFound:
		return "no todo with id " + strconv.FormatInt(k.NotFound.ID, 10)
	case todov1.TodoErrorKindServerFnError:
		if fe := k.ServerFnError; fe != nil {
			if fe.Tag == rpc.TagServerError {
				return fe.Message
			}
			return string(fe.Tag) + ": " + fe.Message
		}
	}
	return e.Error()
}
