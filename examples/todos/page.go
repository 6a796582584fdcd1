package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// The page at /: the todo list rendered on the server, whose forms post straight to the
// server functions and so work without JavaScript (see forms.go). The page's script
// (page/enhance.js) takes over the same forms when JavaScript runs.

//go:embed page/index.html
var pageTemplate string

// enhanceJS is the page's script, bundled from page/enhance.ts by page/build.mjs and
// checked in, so that the example builds and runs with Go alone.
//
//go:embed page/enhance.js
var enhanceJS []byte

// funcPaths are the server functions the page's forms post to, by their schema names, for
// the template's path function: {{path "add_todo"}}.
var funcPaths = map[string]string{
	"add_todo":         todov1.TodosAddTodoPath,
	"toggle_todo_form": todov1.TodosToggleTodoFormPath,
	"delete_todo_form": todov1.TodosDeleteTodoFormPath,
	"attach_file":      todov1.TodosAttachFilePath,
	"attachment":       todov1.TodosAttachmentPath,
}

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"path": func(fn string) (string, error) {
		p, ok := funcPaths[fn]
		if !ok {
			return "", fmt.Errorf("the page posts to no function %q", fn)
		}
		return p, nil
	},
	"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
}).Parse(pageTemplate))

// pageData is what the template renders.
type pageData struct {
	Todos []todov1.Todo
	Stats *todov1.Stats
	// Paged is set when the page shows a page of the list other than the first; Next is
	// the cursor of the page after it, "" on the last.
	Paged bool
	Next  string
	// Title is the add form's text: what was typed before a failed post, else empty.
	Title string
	// AddError is the add form's error; ListError an error of a toggle or delete form
	// whose todo is not on the list (any more); ItemErrors the errors of the forms of
	// todos on the list, by id.
	AddError   string
	ListError  string
	ItemErrors map[int64]string
}

// item is one todo of the list for the template, with the error of its forms, if any.
type item struct {
	todov1.Todo
	Error string
}

// Blank is an empty item, from which the template renders the one the script copies for
// each todo it adds.
func (d *pageData) Blank() item { return item{} }

// Items are the todos with their errors.
func (d *pageData) Items() []item {
	items := make([]item, len(d.Todos))
	for i, t := range d.Todos {
		items[i] = item{Todo: t, Error: d.ItemErrors[t.ID]}
	}
	return items
}

// pageHandler serves the page, calling the Todos functions in-process: the same code that
// the HTTP handler serves.
type pageHandler struct {
	todos  todov1.Todos
	logger *slog.Logger
}

func (h *pageHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := pageData{ItemErrors: map[int64]string{}}
	failed := takeFailedForm(w, r)
	// ?cursor= is list_todos's: the page shows one page of the list, from the first, and
	// links to the next with its next_cursor.
	var cursor *string
	if c := r.URL.Query().Get("cursor"); c != "" {
		cursor = &c
		d.Paged = true
	}
	list, err := h.todos.ListTodos(ctx, &todov1.ListTodos{Cursor: cursor})
	if err == nil {
		d.Stats, err = h.todos.TodoStats(ctx)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Todos = list.Todos
	if list.NextCursor != nil {
		d.Next = *list.NextCursor
	}
	if fe := formErrorOf(r.URL.Query()); fe != nil {
		d.placeError(fe, failed)
	}

	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The page shows the list as it is now: after a form post the browser must fetch it
	// again, not show a stored copy.
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// placeError puts a failed post's error beside the form that sent it, and the text the
// user typed back in it when the post was kept (failed is the flash cookie, or nil):
// add_todo's Invalid title beside the title input, with its reason; a toggle's,
// delete's or attachment's NotFound (or other failure, such as a file over the limit)
// beside that todo when it is still listed, else above the list.
func (d *pageData) placeError(fe *formError, failed *failedForm) {
	if failed != nil && failed.path != fe.path {
		failed = nil // a flash from another post; not this error's
	}
	switch fe.path {
	case todov1.TodosAddTodoPath:
		d.AddError = errorMessage(fe.err, "title")
		if failed != nil {
			d.Title = failed.fields.Get("title")
		}
		return
	case todov1.TodosToggleTodoFormPath, todov1.TodosDeleteTodoFormPath, todov1.TodosAttachFilePath:
		// An attachment's form names its todo todo_id, the others id.
		field := "id"
		if fe.path == todov1.TodosAttachFilePath {
			field = "todo_id"
		}
		id, ok := int64(0), false
		if nf, isNF := fe.err.Kind.(todov1.TodoErrorKindNotFound); isNF {
			id, ok = nf.NotFound.ID, true
		} else if failed != nil {
			var err error
			id, err = strconv.ParseInt(failed.fields.Get(field), 10, 64)
			ok = err == nil
		}
		if ok && d.listed(id) {
			d.ItemErrors[id] = errorMessage(fe.err, "")
			return
		}
	}
	d.ListError = errorMessage(fe.err, "")
}

func (d *pageData) listed(id int64) bool {
	for _, t := range d.Todos {
		if t.ID == id {
			return true
		}
	}
	return false
}

// serveEnhanceJS serves the page's script.
func serveEnhanceJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	// Revalidated on each load (no ETag, so fetched again): it is small, and a stale copy
	// after the example is rebuilt would be confusing.
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(enhanceJS)
}

// fail answers a function's own error for the caller (a cursor in the address that is not
// one: TodoError's Invalid, 422) with its status and text, says nothing to a client that
// went away, and answers anything else 500 and logs the cause, which stays out of the page.
func (h *pageHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if te, ok := errors.AsType[*todov1.TodoError](err); ok && te.FrameworkError() == nil {
		http.Error(w, errorMessage(te, ""), te.HTTPStatus())
		return
	}
	if e, ok := errors.AsType[*rpc.Error](err); ok && e.Status >= 400 && e.Status < 500 {
		http.Error(w, e.Message, e.Status)
		return
	}
	if r.Context().Err() != nil {
		return
	}
	h.logger.ErrorContext(r.Context(), "rendering the page", "err", err)
	http.Error(w, "the page could not be shown", http.StatusInternalServerError)
}
