package openapi

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/schema"
)

// The framework variant's schema lists the variants the runtime writes and reads.
func TestFrameworkTags(t *testing.T) {
	if diff := cmp.Diff(rpc.ServerFnErrorErr.Values, frameworkTags); diff != "" {
		t.Errorf("frameworkTags differ from rpc.ServerFnErrorErr (-rpc +here):\n%s", diff)
	}
	for _, tag := range textTags {
		if !rpc.ErrorTag(tag).Known() {
			t.Errorf("text tag %q is not one the runtime knows", tag)
		}
	}
}

// document generates the document of src and decodes it.
func document(t *testing.T, src string) map[string]any {
	t.Helper()
	set, diags := schema.Load(context.Background(), []string{src}, schema.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files, err := Generate(pkg, Options{Title: "T", Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(files[0].Content, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return doc
}

// at walks doc along keys (strings for objects, ints for arrays).
func at(t *testing.T, doc any, keys ...any) any {
	t.Helper()
	v := doc
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %q", keys, k)
			}
			v, ok = m[k]
			if !ok {
				t.Fatalf("%v: no key %q", keys, k)
			}
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("%v: no element %d", keys, k)
			}
			v = l[k]
		}
	}
	return v
}

func TestOperations(t *testing.T) {
	doc := document(t, "../../examples/todos/todos.sfn")
	tests := []struct {
		name string
		keys []any
		want any
	}{
		{"title", []any{"info", "title"}, "T"},
		{"version", []any{"info", "version"}, "1.2.3"},
		{"form body", []any{"paths", "/api/todos/toggle/form", "post", "requestBody", "content", "application/x-www-form-urlencoded", "x-sfn-form"}, "serde_qs"},
		{"cbor body", []any{"paths", "/api/todos/toggle", "post", "requestBody", "content", "application/cbor", "schema", "$ref"}, "#/components/schemas/todo.v1.ToggleTodo"},
		{"cbor result", []any{"paths", "/api/todos/stats", "get", "responses", "200", "content", "application/cbor", "schema", "$ref"}, "#/components/schemas/todo.v1.Stats"},
		{"json unit", []any{"paths", "/api/todos/delete", "post", "responses", "200", "content", "application/json", "schema", "type"}, "null"},
		{"query param", []any{"paths", "/api/todos", "get", "parameters", 2, "name"}, "limit"},
		{"optional param", []any{"paths", "/api/todos", "get", "parameters", 2, "required"}, false},
		{"param schema is the value's", []any{"paths", "/api/todos", "get", "parameters", 2, "schema", "type"}, "integer"},
		{"operation id", []any{"paths", "/api/todos", "get", "operationId"}, "Todos_list_todos"},
		{"typed error status", []any{"paths", "/api/todos", "get", "responses", "404", "$ref"}, "#/components/responses/todo.v1.TodoError.404"},
		{"error header", []any{"components", "responses", "todo.v1.TodoError.422", "headers", "serverfnerror", "$ref"}, "#/components/headers/serverfnerror"},
		{"int64", []any{"components", "schemas", "todo.v1.Todo", "properties", "id", "format"}, "int64"},
		{"timestamp", []any{"components", "schemas", "todo.v1.Todo", "properties", "created_at", "format"}, "date-time"},
		{"optional", []any{"components", "schemas", "todo.v1.TodoList", "properties", "next_cursor", "type"}, []any{"string", "null"}},
		{"required", []any{"components", "schemas", "todo.v1.TodoList", "required"}, []any{"todos"}},
		{"variant", []any{"components", "schemas", "todo.v1.TodoError", "oneOf", 0, "required"}, []any{"NotFound"}},
		{"framework variant", []any{"components", "schemas", "todo.v1.TodoError", "oneOf", 2, "properties", "ServerFnError", "$ref"}, "#/components/schemas/sfn.v1.ServerFnErrorErr"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, at(t, doc, tt.keys...)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestErrors(t *testing.T) {
	doc := document(t, "../../compiler/testdata/ir/typed_errors.sfn")
	tests := []struct {
		name string
		keys []any
		want any
	}{
		// A CBOR error type's body is CBOR, whatever the function's encoding.
		{"cbor error", []any{"components", "responses", "errs.v1.QuotaError.429", "content", "application/cbor", "schema", "$ref"}, "#/components/schemas/errs.v1.QuotaError"},
		{"busy is 500", []any{"components", "responses", "errs.v1.QuotaError.500", "description"}, "`Busy`: Nested variant messages read QuotaErrorBusy in Go."},
		{"text body", []any{"components", "responses", "sfn.v1.ErrorText.400", "content", "text/plain", "schema", "$ref"}, "#/components/schemas/sfn.v1.ErrorText"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, at(t, doc, tt.keys...)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	// ping drops the file's error type: "Tag|message" text.
	if got := at(t, operation(t, doc, "Todos_ping"), "responses", "default", "$ref"); got != "#/components/responses/sfn.v1.ErrorText.default" {
		t.Errorf("ping's default response is %v", got)
	}
}

// operation finds the operation with the given id.
func operation(t *testing.T, doc map[string]any, id string) any {
	t.Helper()
	for _, item := range at(t, doc, "paths").(map[string]any) {
		for _, op := range item.(map[string]any) {
			if op.(map[string]any)["operationId"] == id {
				return op
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

func TestFormStyles(t *testing.T) {
	doc := document(t, "../go/testdata/kitchen.sfn")
	got := at(t, operation(t, doc, "Kitchen_Choose"), "requestBody", "content", "application/x-www-form-urlencoded", "encoding")
	want := map[string]any{
		"choice": map[string]any{"style": "deepObject", "explode": true},
		"by_id":  map[string]any{"style": "deepObject", "explode": true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("encoding (-want +got):\n%s", diff)
	}
}
