package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateTSBigInt: --ts-bigint writes bigint mode's TypeScript (bigint fields, the
// runtime's bigint entry point), and --check sees a number-mode module as stale.
func TestGenerateTSBigInt(t *testing.T) {
	dir := t.TempDir()
	schemaPath := filepath.Join(dir, "api.sfn")
	src := "syntax = \"proto3\";\npackage app.v1;\nmessage A { int64 n = 1; }\nservice S { rpc f(A) returns (A); }\n"
	if err := os.WriteFile(schemaPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "web")
	if code, _, errs := run(t, "generate", "--ts-out", out, "--ts-bigint", schemaPath); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "api.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "n: bigint;") || !strings.Contains(string(b), `from "./sfn/bigint.js"`) {
		t.Errorf("api.ts is not in bigint mode:\n%s", b)
	}
	if code, _, errs := run(t, "generate", "--check", "--ts-out", out, "--ts-bigint", schemaPath); code != 0 {
		t.Errorf("check in bigint mode: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "generate", "--check", "--ts-out", out, schemaPath); code != 1 || !strings.Contains(errs, "api.ts: stale") {
		t.Errorf("check in number mode: exit %d: %s", code, errs)
	}
}
