//go:build js && wasm

// Command wasm is the example app's browser client: Go compiled to WebAssembly that calls the
// five server functions through the generated client, which uses the browser's fetch (no
// net/http), and renders each result into the page served at /wasm.
//
//	GOOS=js GOARCH=wasm go build -o examples/todos/wasm/main.wasm ./examples/todos/wasm
package main

import (
	"context"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

func main() {
	doc := js.Global().Get("document")
	origin := js.Global().Get("location").Get("origin").String()
	c := todov1.NewTodosClient(origin)
	ctx := context.Background()

	show := func(id, text string) {
		el := doc.Call("getElementById", id)
		if el.IsNull() {
			label := doc.Call("createElement", "h2")
			label.Set("textContent", id)
			el = doc.Call("createElement", "pre")
			el.Set("id", id)
			results := doc.Call("getElementById", "results")
			results.Call("appendChild", label)
			results.Call("appendChild", el)
		}
		el.Set("textContent", text)
	}
	// result renders a value or an error as text. It uses strconv, not fmt: fmt would add
	// about 200 KB to the WebAssembly binary.
	//
	// The functions fail with TodoError (todos.sfn), which the generated client returns as
	// a *todov1.TodoError: errors.As gives the variant and its fields, and the status it
	// came with. Framework failures (arguments that do not decode, a refused request) come
	// in its framework variant as an *rpc.Error; no answer at all is an *rpc.Error tagged
	// Request.
	result := func(text string, err error) string {
		if err == nil {
			return text
		}
		var te *todov1.TodoError
		if errors.As(err, &te) {
			status := "error " + strconv.Itoa(te.HTTPStatus()) + " "
			switch k := te.Kind.(type) {
			case todov1.TodoErrorKindInvalid:
				return status + "invalid " + k.Invalid.Field + ": " + k.Invalid.Reason
			case todov1.TodoErrorKindNotFound:
				return status + "no todo " + strconv.FormatInt(k.NotFound.ID, 10)
			case todov1.TodoErrorKindServerFnError:
				if fe := k.ServerFnError; fe != nil {
					return status + string(fe.Tag) + ": " + fe.Message
				}
			}
			return status + te.Error()
		}
		var we *rpc.Error
		if errors.As(err, &we) {
			return "error " + strconv.Itoa(we.Status) + " " + string(we.Tag) + ": " + we.Message
		}
		return "error: " + err.Error()
	}
	todoText := func(t *todov1.Todo) string {
		return "id=" + strconv.FormatInt(t.ID, 10) + " title=" + strconv.Quote(t.Title) + " done=" + strconv.FormatBool(t.Done)
	}

	todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Buy milk"})
	if err != nil {
		show("add_todo", result("", err))
		doc.Get("body").Get("dataset").Set("done", "true")
		return
	}
	show("add_todo", todoText(todo))
	_, err = c.AddTodo(ctx, &todov1.AddTodo{Title: "   "})
	show("add_todo_error", result("", err))

	toggled, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: todo.ID})
	if err == nil {
		show("toggle_todo", todoText(toggled))
	} else {
		show("toggle_todo", result("", err))
	}

	list, err := c.ListTodos(ctx, &todov1.ListTodos{})
	titles := ""
	if err == nil {
		for i, t := range list.Todos {
			if i > 0 {
				titles += ", "
			}
			titles += t.Title
		}
	}
	show("list_todos", result("["+titles+"]", err))
	bad := "not a cursor"
	_, err = c.ListTodos(ctx, &todov1.ListTodos{Cursor: &bad})
	show("list_todos_error", result("", err))

	stats, err := c.TodoStats(ctx)
	if err == nil {
		show("todo_stats", "total="+strconv.FormatInt(stats.Total, 10)+" done="+strconv.FormatInt(stats.Done, 10))
	} else {
		show("todo_stats", result("", err))
	}

	show("delete_todo", result("deleted", c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: todo.ID})))
	show("delete_todo_again", result("", c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: todo.ID})))
	doc.Get("body").Get("dataset").Set("done", "true")
}
