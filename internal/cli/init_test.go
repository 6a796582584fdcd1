package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/internal/config"
)

// TestInit: in an empty module, init writes a config and a starter schema that generate
// turns into code at once; it refuses to overwrite the config without --force.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, errs := run(t, "init")
	if code != 0 || !strings.HasPrefix(out, "wrote api.sfn\nwrote sfn.yaml\n") {
		t.Fatalf("init: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	cfg, err := config.Load("sfn.yaml")
	if err != nil {
		t.Fatalf("the starter config does not load: %v", err)
	}
	if diff := cmp.Diff([]string{"api.sfn"}, cfg.Targets[0].Inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if code, _, errs := run(t, "generate"); code != 0 {
		t.Fatalf("generate after init: exit %d:\n%s", code, errs)
	}
	for _, p := range []string{"gen/apiv1/api.sfn.go", "web/gen/api.ts"} {
		if !exists(t, p) {
			t.Errorf("generate after init did not write %s", p)
		}
	}
	code, out, _ = run(t, "routes")
	if code != 0 || !strings.Contains(out, "api.v1.Hello  greet     POST    /api/greet  Url") {
		t.Errorf("routes after init: exit %d:\n%s", code, out)
	}

	before, _ := os.ReadFile("sfn.yaml")
	if err := os.WriteFile("sfn.yaml", []byte("version: 1\n# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "init"); code != 1 || errs != "sfn init: sfn.yaml already exists; --force overwrites it\n" {
		t.Errorf("init over an existing config: exit %d: %s", code, errs)
	}
	if code, out, errs := run(t, "init", "--force"); code != 0 || strings.Contains(out, "api.sfn") {
		t.Errorf("init --force: exit %d (%s), stdout:\n%s", code, errs, out)
	}
	// The schema is there now, so the new config reads its directory.
	want := strings.Replace(string(before), "      - api.sfn\n", "      - .\n", 1)
	if after, _ := os.ReadFile("sfn.yaml"); string(after) != want {
		t.Errorf("init --force wrote:\n%s\nwant:\n%s", after, want)
	}
	if code, _, _ := run(t, "init", "x"); code != 2 {
		t.Errorf("init with an argument: exit %d, want 2", code)
	}
}

// TestInitFindsSchemas: with schemas present, init lists their directories (not testdata)
// and writes no starter schema.
func TestInitFindsSchemas(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"proto/acme/v1/a.sfn", "proto/acme/v1/sub/b.sfn", "other/c.sfn", "x/testdata/bad.sfn", "node_modules/m/d.sfn", ".hidden/e.sfn"} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("syntax = \"proto3\";\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	if code, out, errs := run(t, "init"); code != 0 || strings.Contains(out, "api.sfn") {
		t.Fatalf("init: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	cfg, err := config.Load("sfn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"other", filepath.Join("proto", "acme", "v1")}, cfg.Targets[0].Inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if exists(t, "api.sfn") {
		t.Error("init wrote a starter schema beside existing ones")
	}
}
