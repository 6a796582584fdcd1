//go:build js

package main_test

// These tests run the example's generated Go client compiled to WebAssembly, under Node (whose global
// fetch the client calls through syscall/js), against the example server that a native
// process started: `make wasm-test` starts it and passes its address in SFN_TEST_SERVER.

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

func serverURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("SFN_TEST_SERVER")
	if u == "" {
		t.Fatal("SFN_TEST_SERVER is not set: run these tests with `make wasm-test`, which starts the example server")
	}
	return u
}

func wantError(t *testing.T, err error, status int, tag rpc.ErrorTag, msg string) {
	t.Helper()
	var we *rpc.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %v (%T), want a *rpc.Error", err, err)
	}
	if we.Status != status || we.Tag != tag || (msg != "" && we.Message != msg) {
		t.Errorf("error = %d %s|%s, want %d %s|%s", we.Status, we.Tag, we.Message, status, tag, msg)
	}
}

// wantTodoError checks that err is a *todov1.TodoError holding want, with status: what
// the generated client returns for the functions' failures, all of which declare
// TodoError (todos.sfn).
func wantTodoError(t *testing.T, err error, status int, want todov1.TodoErrorKind) {
	t.Helper()
	var te *todov1.TodoError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T), want a *todov1.TodoError", err, err)
	}
	if !reflect.DeepEqual(te.Kind, want) || te.HTTPStatus() != status {
		t.Errorf("error = %d %#v, want %d %#v", te.HTTPStatus(), te.Kind, status, want)
	}
}

func TestFetchAllFunctions(t *testing.T) {
	c := todov1.NewTodosClient(serverURL(t))
	ctx := context.Background()

	todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "wasm: café & co"})
	if err != nil {
		t.Fatal(err)
	}
	if todo.Title != "wasm: café & co" || todo.ID == 0 || todo.CreatedAt.IsZero() {
		t.Errorf("add_todo = %+v", todo)
	}
	_, err = c.AddTodo(ctx, &todov1.AddTodo{Title: " "})
	wantTodoError(t, err, 422, todov1.TodoErrorKindInvalid{Invalid: todov1.Invalid{Field: "title", Reason: "must not be empty"}})

	toggled, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: todo.ID})
	if err != nil || !toggled.Done {
		t.Fatalf("toggle_todo = %+v, %v", toggled, err)
	}
	_, err = c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 1 << 40})
	wantTodoError(t, err, 404, todov1.TodoErrorKindNotFound{NotFound: todov1.NotFound{ID: 1 << 40}})

	q := "wasm: café"
	list, err := c.ListTodos(ctx, &todov1.ListTodos{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Todos) != 1 || !reflect.DeepEqual(list.Todos[0], *toggled) {
		t.Errorf("list_todos = %+v, want [%+v]", list.Todos, *toggled)
	}

	stats, err := c.TodoStats(ctx)
	if err != nil || stats.Total < 1 || stats.Done < 1 {
		t.Errorf("todo_stats = %+v, %v", stats, err)
	}

	if err := c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: todo.ID}); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: todo.ID})
	wantTodoError(t, err, 404, todov1.TodoErrorKindNotFound{NotFound: todov1.NotFound{ID: todo.ID}})

	bad := "x"
	_, err = c.ListTodos(ctx, &todov1.ListTodos{Cursor: &bad})
	wantTodoError(t, err, 422, todov1.TodoErrorKindInvalid{Invalid: todov1.Invalid{Field: "cursor", Reason: "not a next_cursor this server gave out"}})
}

// TestFetchArgsRejected sends add_todo arguments of the wrong shape: the server answers
// 400 with TodoError's framework variant, {"ServerFnError":{"Args":"..."}}, which the
// client returns as a *todov1.TodoError whose FrameworkError is the Args failure.
func TestFetchArgsRejected(t *testing.T) {
	type wrong struct{ Name string }
	args := &wire.Message{Name: "test.Wrong", GoType: reflect.TypeFor[wrong](), Fields: []wire.Field{{Name: "name", GoName: "Name", Type: wire.String}}}
	todoError := &rpc.ErrorType{Message: new(todov1.TodoError).WireMessage(), Framework: "ServerFnError"}
	f := &rpc.Func{Service: "todo.v1.Todos", Name: "add_todo", Path: todov1.TodosAddTodoPath, Encoding: rpc.Url, Args: args, Result: wire.UnitMessage, Error: todoError}
	err := client.CallNoResult(context.Background(), client.New(serverURL(t)), f, &wrong{Name: "x"})
	var te *todov1.TodoError
	if !errors.As(err, &te) || te.FrameworkError() == nil {
		t.Fatalf("error %v (%T), want TodoError's framework variant", err, err)
	}
	want := rpc.Error{Tag: rpc.TagArgs, Message: "missing field `title`", Status: 400}
	if got := *te.FrameworkError(); got != want || te.HTTPStatus() != 400 {
		t.Errorf("framework variant %+v (status %d), want %+v", got, te.HTTPStatus(), want)
	}

	// Without the error type, the same body is one that does not decode as "Tag|message":
	// the client hands it over as it came.
	f.Error = nil
	err = client.CallNoResult(context.Background(), client.New(serverURL(t)), f, &wrong{Name: "x"})
	wantError(t, err, 400, rpc.TagResponse, `{"ServerFnError":{"Args":"missing field `+"`title`"+`"}}`)
}

func TestFetchCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := todov1.NewTodosClient(serverURL(t)).TodoStats(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	wantError(t, err, 0, rpc.TagRequest, "")
}

func TestFetchNetworkFailure(t *testing.T) {
	// Port 1 on the loopback address refuses connections.
	_, err := todov1.NewTodosClient("http://127.0.0.1:1").TodoStats(context.Background())
	wantError(t, err, 0, rpc.TagRequest, "")
}
