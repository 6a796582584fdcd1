package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenAPI(t *testing.T) {
	code, out, errs := run(t, "openapi", "--title", "Todos", todos)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct{ Title, Version string }
		Paths   map[string]map[string]struct {
			OperationID string `json:"operationId"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info.Title != "Todos" || doc.Info.Version != "0.0.0" {
		t.Errorf("openapi %q, info %+v", doc.OpenAPI, doc.Info)
	}
	if got := doc.Paths["/api/todos"]["get"].OperationID; got != "Todos_list_todos" {
		t.Errorf("GET /api/todos: operationId %q", got)
	}
	if got := doc.Paths["/api/todos/delete"]["post"].OperationID; got != "Todos_delete_todo" {
		t.Errorf("POST /api/todos/delete: operationId %q", got)
	}
}

func TestOpenAPIOut(t *testing.T) {
	file := filepath.Join(t.TempDir(), "api", "openapi.json")
	if code, _, errs := run(t, "openapi", "--out", file, "--check", todos); code != 1 || !strings.Contains(errs, "missing or stale") {
		t.Errorf("--check before writing: exit %d, stderr %q", code, errs)
	}
	if code, out, errs := run(t, "openapi", "--out", file, todos); code != 0 || out != "" || errs != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	_, stdout, _ := run(t, "openapi", todos)
	written, err := os.ReadFile(file)
	if err != nil || string(written) != stdout {
		t.Errorf("the file differs from standard output (%v)", err)
	}
	if code, _, errs := run(t, "openapi", "--out", file, "--check", todos); code != 0 {
		t.Errorf("--check after writing: exit %d, stderr %q", code, errs)
	}
}

func TestOpenAPIUsage(t *testing.T) {
	if code, _, _ := run(t, "openapi", "--check", todos); code != 2 {
		t.Errorf("--check without --out: exit %d, want 2", code)
	}
	if code, _, _ := run(t, "openapi"); code != 2 {
		t.Errorf("no files: exit %d, want 2", code)
	}
	if code, _, errs := run(t, "openapi", "testdata/nonexistent.sfn"); code != 1 || errs == "" {
		t.Errorf("missing schema: exit %d, stderr %q", code, errs)
	}
}
