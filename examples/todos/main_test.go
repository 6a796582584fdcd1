package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// startServer runs the example's handler on a real socket on 127.0.0.1 and returns a client
// for it, built from the generated code.
func startServer(t *testing.T) (todov1.Todos, *httptest.Server) {
	t.Helper()
	store := newStore(openTestDB(t, memoryDB))
	store.now = func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }
	srv := httptest.NewServer(newMux(store, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close)
	return todov1.NewTodosClient(srv.URL), srv
}

func wantError(t *testing.T, err error, status int, tag rpc.ErrorTag, msg string) {
	t.Helper()
	var we *rpc.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %v (%T), want a *rpc.Error", err, err)
	}
	if we.Status != status || we.Tag != tag || we.Message != msg {
		t.Errorf("error = %d %s|%s, want %d %s|%s", we.Status, we.Tag, we.Message, status, tag, msg)
	}
}

// TestClientAllFunctions calls every function of the example through the generated Go
// client, over HTTP, errors included.
func TestClientAllFunctions(t *testing.T) {
	t.Parallel()
	c, _ := startServer(t)
	ctx := context.Background()
	created := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

	milk, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "  Buy milk "})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&todov1.Todo{ID: 1, Title: "Buy milk", CreatedAt: created}, milk); diff != "" {
		t.Errorf("add_todo (-want +got):\n%s", diff)
	}
	if _, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Walk the dog & cat"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.AddTodo(ctx, &todov1.AddTodo{Title: " \t"})
	wantError(t, err, 400, rpc.TagServerError, "title must not be empty")

	toggled, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !toggled.Done {
		t.Errorf("toggle_todo: done = false")
	}
	_, err = c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 99})
	wantError(t, err, 404, rpc.TagServerError, "no todo with id 99")

	done := true
	list, err := c.ListTodos(ctx, &todov1.ListTodos{Done: &done})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&todov1.TodoList{Todos: []todov1.Todo{{ID: 1, Title: "Buy milk", Done: true, CreatedAt: created}}}, list); diff != "" {
		t.Errorf("list_todos done=true (-want +got):\n%s", diff)
	}
	q := "DOG"
	list, err = c.ListTodos(ctx, &todov1.ListTodos{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Todos) != 1 || list.Todos[0].Title != "Walk the dog & cat" {
		t.Errorf("list_todos query=DOG: %+v", list.Todos)
	}

	stats, err := c.TodoStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&todov1.Stats{Total: 2, Done: 1}, stats); diff != "" {
		t.Errorf("todo_stats (-want +got):\n%s", diff)
	}

	if err := c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: 1}); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: 1})
	wantError(t, err, 404, rpc.TagServerError, "no todo with id 1")

	list, err = c.ListTodos(ctx, &todov1.ListTodos{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Todos) != 1 || list.Todos[0].ID != 2 {
		t.Errorf("list after delete: %+v", list.Todos)
	}
}

// TestWire checks the exact exchanges a browser or a Leptos client would make.
func TestWire(t *testing.T) {
	t.Parallel()
	_, srv := startServer(t)
	do := func(method, path, ctype, body string) (int, http.Header, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b)
	}
	code, hdr, body := do("POST", todov1.TodosAddTodoPath, "application/x-www-form-urlencoded", "title=Buy+milk")
	if code != 200 || hdr.Get("Content-Type") != "application/json" || body != `{"id":1,"title":"Buy milk","done":false,"created_at":"2026-11-24T12:00:00Z"}` {
		t.Errorf("add_todo: %d %q %s", code, hdr.Get("Content-Type"), body)
	}
	code, hdr, body = do("POST", todov1.TodosAddTodoPath, "application/x-www-form-urlencoded", "title=")
	if code != 400 || hdr.Get("serverfnerror") != todov1.TodosAddTodoPath || body != "ServerError|title must not be empty" {
		t.Errorf("add_todo empty: %d %v %s", code, hdr, body)
	}
	code, _, body = do("GET", todov1.TodosListTodosPath+"?done=true", "", "")
	if code != 200 || body != `{"todos":[],"next_cursor":null}` {
		t.Errorf("list_todos: %d %s", code, body)
	}
	code, hdr, body = do("GET", todov1.TodosTodoStatsPath+"?", "", "")
	if code != 200 || hdr.Get("Content-Type") != "application/cbor" || !bytes.Equal([]byte(body), []byte{0xa2, 0x65, 't', 'o', 't', 'a', 'l', 0x01, 0x64, 'd', 'o', 'n', 'e', 0x00}) {
		t.Errorf("todo_stats: %d %x", code, body)
	}
	code, _, body = do("POST", todov1.TodosDeleteTodoPath, "application/json", `{"id":1}`)
	if code != 200 || body != "null" {
		t.Errorf("delete_todo: %d %s", code, body)
	}
	code, _, body = do("POST", todov1.TodosDeleteTodoPath, "application/json", `{"id":"x"}`)
	if code != 400 || !strings.HasPrefix(body, "Deserialization|") { // the caller's mistake (SPEC 5)
		t.Errorf("delete_todo bad args: %d %s", code, body)
	}
}
