package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateCheck writes code for a schema into a temporary module, then checks that
// --check passes on it, fails on a stale and a missing file, and writes nothing.
func TestGenerateCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	schemaPath := filepath.Join(dir, "api.sfn")
	src := "syntax = \"proto3\";\npackage app.v1;\noption go_package = \"example.com/app/gen/appv1\";\nmessage A { string s = 1; }\nservice S { rpc f(A) returns (A); }\n"
	if err := os.WriteFile(schemaPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "generate", "--go-out", dir, schemaPath)
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errs)
	}
	main := filepath.Join(dir, "gen", "appv1", "api.sfn.go")
	server := filepath.Join(dir, "gen", "appv1", "api_server.sfn.go")
	if !strings.Contains(out, "wrote "+main) || !strings.Contains(out, "wrote "+server) {
		t.Errorf("generate output:\n%s", out)
	}
	if code, _, errs := run(t, "generate", "--check", "--go-out", dir, schemaPath); code != 0 {
		t.Errorf("check on fresh files: exit %d: %s", code, errs)
	}
	if code, out, _ := run(t, "generate", "--go-out", dir, schemaPath); code != 0 || out != "" {
		t.Errorf("regenerating unchanged files: exit %d, wrote %q", code, out)
	}
	if err := os.WriteFile(main, []byte("package appv1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(server); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "generate", "--check", "--go-out", dir, schemaPath)
	if code != 1 || !strings.Contains(errs, main+": stale") || !strings.Contains(errs, server+": missing") {
		t.Errorf("check on stale files: exit %d:\n%s", code, errs)
	}
	if _, err := os.Stat(server); err == nil {
		t.Error("--check wrote a file")
	}
	if code, _, errs := run(t, "generate", schemaPath); code != 2 || !strings.Contains(errs, "--go-out or --ts-out is required") {
		t.Errorf("no --go-out: exit %d: %s", code, errs)
	}
	outside := filepath.Join(t.TempDir(), "x.sfn")
	if err := os.WriteFile(outside, []byte("syntax = \"proto3\";\npackage x;\noption go_package = \"other.org/x\";\nmessage A {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A schema mistake like any other: reported at the go_package option, exit 1, nothing written.
	wantErr := outside + `:3:1: go_package "other.org/x" is not inside module "example.com/app", which Go code is generated into` + "\nsfn: 1 error\n"
	if code, out, errs := run(t, "generate", "--go-out", dir, "--ts-out", filepath.Join(dir, "web"), outside); code != 1 || errs != wantErr || out != "" {
		t.Errorf("go_package outside the module: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errs, wantErr)
	}
	// The rule is Go's: TypeScript alone can be generated from that file.
	if code, _, errs := run(t, "generate", "--ts-out", t.TempDir(), outside); code != 0 {
		t.Errorf("--ts-out for a go_package outside the module: exit %d: %s", code, errs)
	}

	tsDir := filepath.Join(dir, "web")
	code, out, errs = run(t, "generate", "--ts-out", tsDir, schemaPath)
	if code != 0 || !strings.Contains(out, "wrote "+filepath.Join(tsDir, "api.ts")) || !strings.Contains(out, filepath.Join(tsDir, "sfn")) {
		t.Errorf("generate --ts-out: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if code, _, errs := run(t, "generate", "--check", "--ts-out", tsDir, schemaPath); code != 0 {
		t.Errorf("check of fresh TypeScript: exit %d: %s", code, errs)
	}
}
