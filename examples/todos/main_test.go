package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// wantTodoError checks that err is a *todov1.TodoError holding want, answered with
// status.
func wantTodoError(t *testing.T, err error, status int, want todov1.TodoErrorKind) {
	t.Helper()
	var te *todov1.TodoError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T), want a *todov1.TodoError", err, err)
	}
	if diff := cmp.Diff(want, te.Kind); diff != "" {
		t.Errorf("variant (-want +got):\n%s", diff)
	}
	if te.HTTPStatus() != status {
		t.Errorf("status %d, want %d", te.HTTPStatus(), status)
	}
}

// statusOf is the status of an error a client returned: a *todov1.TodoError's (its
// variant's, or the framework failure's), else an *rpc.Error's (0 when no answer came). ok
// is false for any other error.
func statusOf(err error) (status int, ok bool) {
	if te, ok := errors.AsType[*todov1.TodoError](err); ok {
		return te.HTTPStatus(), true
	}
	if e, ok := errors.AsType[*rpc.Error](err); ok {
		return e.Status, true
	}
	return 0, false
}

// kindOf is the variant of the *todov1.TodoError in err, or nil.
func kindOf(err error) todov1.TodoErrorKind {
	if te, ok := errors.AsType[*todov1.TodoError](err); ok {
		return te.Kind
	}
	return nil
}

func notFoundKind(id int64) todov1.TodoErrorKind {
	return todov1.TodoErrorKindNotFound{NotFound: todov1.NotFound{ID: id}}
}

func invalidKind(field, reason string) todov1.TodoErrorKind {
	return todov1.TodoErrorKindInvalid{Invalid: todov1.Invalid{Field: field, Reason: reason}}
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
	wantTodoError(t, err, 422, invalidKind("title", "must not be empty"))

	toggled, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !toggled.Done {
		t.Errorf("toggle_todo: done = false")
	}
	_, err = c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 99})
	wantTodoError(t, err, 404, notFoundKind(99))

	bad := "x"
	_, err = c.ListTodos(ctx, &todov1.ListTodos{Cursor: &bad})
	wantTodoError(t, err, 422, invalidKind("cursor", "not a next_cursor this server gave out"))

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
	wantTodoError(t, err, 404, notFoundKind(1))
	// The form twins fail as the functions they stand for.
	_, err = c.ToggleTodoForm(ctx, &todov1.ToggleTodo{ID: 1})
	wantTodoError(t, err, 404, notFoundKind(1))
	err = c.DeleteTodoForm(ctx, &todov1.DeleteTodo{ID: 1})
	wantTodoError(t, err, 404, notFoundKind(1))

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
	if code != 200 || hdr.Get("Content-Type") != "application/json" || body != `{"id":1,"title":"Buy milk","done":false,"created_at":"2026-11-24T12:00:00Z","attachment":null}` {
		t.Errorf("add_todo: %d %q %s", code, hdr.Get("Content-Type"), body)
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
}

// TestWireTypedErrors checks each TodoError variant as it travels (SPEC 5.1): the
// variant's status, serverfnerror, Content-Type application/json whatever the function's
// encoding, and the body byte for byte, as serde_json writes the matching Rust enum; the
// framework variant for arguments that do not decode; and a plain Go error still masked.
func TestWireTypedErrors(t *testing.T) {
	t.Parallel()
	store := newStore(openTestDB(t, memoryDB))
	srv := httptest.NewServer(newMux(failingStore{store}, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close)
	form, cbor, jsonArgs := "application/x-www-form-urlencoded", "application/cbor", "application/json"
	for _, tc := range []struct {
		name, method, path, ctype, body string
		status                          int
		want                            string
	}{
		{"add_todo blank", "POST", todov1.TodosAddTodoPath, form, "title=+%09",
			422, `{"Invalid":{"field":"title","reason":"must not be empty"}}`},
		{"list_todos bad cursor", "GET", todov1.TodosListTodosPath + "?cursor=abc", "", "",
			422, `{"Invalid":{"field":"cursor","reason":"not a next_cursor this server gave out"}}`},
		// {"id": 42} in CBOR: a1 62 'i' 'd' 18 2a.
		{"toggle_todo unknown", "POST", todov1.TodosToggleTodoPath, cbor, "\xa1\x62id\x18\x2a",
			404, `{"NotFound":{"id":42}}`},
		{"delete_todo unknown", "POST", todov1.TodosDeleteTodoPath, jsonArgs, `{"id":42}`,
			404, `{"NotFound":{"id":42}}`},
		{"toggle_todo_form unknown", "POST", todov1.TodosToggleTodoFormPath, form, "id=42",
			404, `{"NotFound":{"id":42}}`},
		{"delete_todo_form unknown", "POST", todov1.TodosDeleteTodoFormPath, form, "id=42",
			404, `{"NotFound":{"id":42}}`},
		// Arguments that do not decode: the framework variant, 400 (SPEC 5).
		{"delete_todo bad args", "POST", todov1.TodosDeleteTodoPath, jsonArgs, `{"id":"x"}`,
			400, `{"ServerFnError":{"Deserialization":"id: invalid type: string \"x\", expected i64"}}`},
		{"toggle_todo_form bad args", "POST", todov1.TodosToggleTodoFormPath, form, "id=two",
			400, `{"ServerFnError":{"Args":"id: invalid digit found in string"}}`},
		// A plain Go error (failingStore's, for todo_stats) is not the caller's: masked.
		{"todo_stats masked", "GET", todov1.TodosTodoStatsPath + "?", "", "",
			500, `{"ServerFnError":{"ServerError":"internal error"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			fn, _, _ := strings.Cut(tc.path, "?")
			if res.StatusCode != tc.status || res.Header.Get("Content-Type") != "application/json" || res.Header.Get("serverfnerror") != fn || string(b) != tc.want {
				t.Errorf("answer %d, Content-Type %q, serverfnerror %q, body\n%s\nwant %d, application/json, %s, body\n%s",
					res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("serverfnerror"), b, tc.status, fn, tc.want)
			}
		})
	}
}

// failingStore fails todo_stats with a plain Go error, as a driver's would be.
type failingStore struct{ *store }

func (failingStore) TodoStats(context.Context) (*todov1.Stats, error) {
	return nil, errors.New("disk I/O error at /var/lib/todos.db")
}

// TestPlainFormTypedError posts add_todo's form as a browser without JavaScript does: the
// answer is 302 back to the page, with __path and __err, the padded base64url of the same
// JSON body a script gets (SPEC 5.1, 6).
func TestPlainFormTypedError(t *testing.T) {
	t.Parallel()
	_, srv := startServer(t)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, form, want string
		kind             todov1.TodoErrorKind
	}{
		{todov1.TodosAddTodoPath, "title=+", `{"Invalid":{"field":"title","reason":"must not be empty"}}`, invalidKind("title", "must not be empty")},
		{todov1.TodosToggleTodoFormPath, "id=7", `{"NotFound":{"id":7}}`, notFoundKind(7)},
		{todov1.TodosDeleteTodoFormPath, "id=7", `{"NotFound":{"id":7}}`, notFoundKind(7)},
	} {
		req, _ := http.NewRequest("POST", srv.URL+tc.path, strings.NewReader(tc.form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		req.Header.Set("Referer", srv.URL+"/?__path=%2Fold&__err=eA%3D%3D")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil || res.StatusCode != http.StatusFound {
			t.Fatalf("%s: answer %d, Location %q (%v), want 302", tc.path, res.StatusCode, res.Header.Get("Location"), err)
		}
		q := loc.Query()
		wantErr := base64.URLEncoding.EncodeToString([]byte(tc.want))
		if loc.Path != "/" || len(q) != 2 || q.Get("__path") != tc.path || q.Get("__err") != wantErr {
			t.Errorf("%s: Location %s, want /?__path=%s&__err=%s (the stale pair dropped)", tc.path, loc, tc.path, wantErr)
		}
		fe := formErrorOf(q)
		if fe == nil || fe.path != tc.path {
			t.Fatalf("%s: formErrorOf = %+v", tc.path, fe)
		}
		if diff := cmp.Diff(tc.kind, fe.err.Kind); diff != "" {
			t.Errorf("%s: the page decodes __err as (-want +got):\n%s", tc.path, diff)
		}
	}
}
