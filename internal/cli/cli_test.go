package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// run runs the CLI from the repository root, so paths read as a user at the root types them.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestMain(m *testing.M) {
	if err := os.Chdir(filepath.Join("..", "..")); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

const todos = "examples/todos/todos.sfn"

func TestRoutesTable(t *testing.T) {
	code, out, errs := run(t, "routes", todos)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	want := `SERVICE        FUNCTION          METHOD  PATH                            ENCODING  SIGNATURE
todo.v1.Todos  add_todo          POST    /api/add_todo83409731470755996  Url       todo.v1.AddTodo -> todo.v1.Todo
todo.v1.Todos  list_todos        GET     /api/todos                      GetJson   todo.v1.ListTodos -> todo.v1.TodoList
todo.v1.Todos  toggle_todo       POST    /api/todos/toggle               Cbor      todo.v1.ToggleTodo -> todo.v1.Todo
todo.v1.Todos  delete_todo       POST    /api/todos/delete               Json      todo.v1.DeleteTodo -> google.protobuf.Empty
todo.v1.Todos  todo_stats        GET     /api/todos/stats                GetCbor   google.protobuf.Empty -> todo.v1.Stats
todo.v1.Todos  toggle_todo_form  POST    /api/todos/toggle/form          Url       todo.v1.ToggleTodo -> todo.v1.Todo
todo.v1.Todos  delete_todo_form  POST    /api/todos/delete/form          Url       todo.v1.DeleteTodo -> google.protobuf.Empty
todo.v1.Todos  watch_todos       GET     /api/todos/watch                Json      todo.v1.WatchTodos -> stream todo.v1.TodoEvent
todo.v1.Todos  attach_file       POST    /api/todos/attach               Url       sfn.v1.Multipart -> todo.v1.Attachment
todo.v1.Todos  attachment        GET     /api/todos/attachment           GetJson   todo.v1.GetAttachment -> stream sfn.v1.Bytes
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
}

func TestRoutesJSON(t *testing.T) {
	code, out, errs := run(t, "routes", "--json", todos)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got []map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	want := []map[string]string{
		{"service": "todo.v1.Todos", "name": "add_todo", "method": "POST", "path": "/api/add_todo83409731470755996", "encoding": "Url", "input": "todo.v1.AddTodo", "output": "todo.v1.Todo"},
		{"service": "todo.v1.Todos", "name": "list_todos", "method": "GET", "path": "/api/todos", "encoding": "GetJson", "input": "todo.v1.ListTodos", "output": "todo.v1.TodoList"},
		{"service": "todo.v1.Todos", "name": "toggle_todo", "method": "POST", "path": "/api/todos/toggle", "encoding": "Cbor", "input": "todo.v1.ToggleTodo", "output": "todo.v1.Todo"},
		{"service": "todo.v1.Todos", "name": "delete_todo", "method": "POST", "path": "/api/todos/delete", "encoding": "Json", "input": "todo.v1.DeleteTodo", "output": "google.protobuf.Empty"},
		{"service": "todo.v1.Todos", "name": "todo_stats", "method": "GET", "path": "/api/todos/stats", "encoding": "GetCbor", "input": "google.protobuf.Empty", "output": "todo.v1.Stats"},
		{"service": "todo.v1.Todos", "name": "toggle_todo_form", "method": "POST", "path": "/api/todos/toggle/form", "encoding": "Url", "input": "todo.v1.ToggleTodo", "output": "todo.v1.Todo"},
		{"service": "todo.v1.Todos", "name": "delete_todo_form", "method": "POST", "path": "/api/todos/delete/form", "encoding": "Url", "input": "todo.v1.DeleteTodo", "output": "google.protobuf.Empty"},
		{"service": "todo.v1.Todos", "name": "watch_todos", "method": "GET", "path": "/api/todos/watch", "encoding": "Json", "input": "todo.v1.WatchTodos", "output": "stream todo.v1.TodoEvent", "protocol": "websocket"},
		{"service": "todo.v1.Todos", "name": "attach_file", "method": "POST", "path": "/api/todos/attach", "encoding": "Url", "input": "sfn.v1.Multipart", "output": "todo.v1.Attachment", "protocol": "multipart"},
		{"service": "todo.v1.Todos", "name": "attachment", "method": "GET", "path": "/api/todos/attachment", "encoding": "GetJson", "input": "todo.v1.GetAttachment", "output": "stream sfn.v1.Bytes", "protocol": "byte_stream"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routes --json (-want +got):\n%s", diff)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.sfn")
	src := "syntax = \"proto3\";\npackage b;\nimport \"sfn/v1/sfn.proto\";\nmessage A { Uuid id = 1; }\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrHas  []string
		stderrNone bool
	}{
		{name: "clean", args: []string{"check", todos}, code: 0, stderrNone: true},
		{name: "directory", args: []string{"check", "examples/todos"}, code: 0, stderrNone: true},
		{name: "mistake", args: []string{"check", bad}, code: 1, stderrHas: []string{bad + ":4:13: field b.A.id: unknown type \"Uuid\"\n", "sfn: 1 error\n"}},
		{name: "missing file", args: []string{"check", "nope.sfn"}, code: 1, stderrHas: []string{"nope.sfn: no such file or directory"}},
		// With no files, the repository's own sfn.yaml (TestConfigDiscovery covers none found).
		{name: "no files", args: []string{"check"}, code: 0, stderrNone: true},
		{name: "bad flag", args: []string{"check", "--frobnicate", todos}, code: 2, stderrHas: []string{"flag provided but not defined: -frobnicate", "usage: sfn check"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderrHas: []string{`unknown command "frobnicate"`}},
		{name: "no command", args: nil, code: 2, stderrHas: []string{"Commands:"}},
		{name: "import root", args: []string{"check", "-I", "examples", "examples/todos/todos.sfn"}, code: 0, stderrNone: true},
		{name: "outside import root", args: []string{"check", "-I", "compiler", todos}, code: 1, stderrHas: []string{"file is not under any import path"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
			if tt.stderrNone && errs != "" {
				t.Errorf("stderr %q, want none", errs)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
		})
	}
}

// TestHelp checks that every command answers --help and "sfn help CMD" with its usage.
func TestHelp(t *testing.T) {
	if len(commands) < 3 {
		t.Fatalf("only %d commands registered", len(commands))
	}
	for name := range commands {
		for _, args := range [][]string{{name, "--help"}, {"help", name}} {
			code, out, errs := run(t, args...)
			if code != 0 || errs != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
			if !strings.HasPrefix(out, "usage: sfn "+name) || !strings.Contains(out, "Exit status") {
				t.Errorf("%v: help output:\n%s", args, out)
			}
		}
	}
	code, out, _ := run(t, "help")
	if code != 0 || !strings.Contains(out, "routes") || !strings.Contains(out, "check") {
		t.Errorf("sfn help: exit %d:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, errs := run(t, "version")
	if code != 0 || errs != "" || !strings.HasPrefix(out, "sfn v") {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, _ := run(t, "version", "extra"); code != 2 {
		t.Errorf("version with an argument: exit %d, want 2", code)
	}
}
