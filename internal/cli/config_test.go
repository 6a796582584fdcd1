package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	apiSchema   = "syntax = \"proto3\";\npackage app.v1;\noption go_package = \"example.com/app/gen/appv1\";\nmessage A { string s = 1; }\nservice S { rpc f(A) returns (A); }\n"
	adminSchema = "syntax = \"proto3\";\npackage admin.v1;\nmessage B { int64 n = 1; }\nservice Admin { rpc g(B) returns (B); }\n"
	twoTargets  = `version: 1
targets:
  - name: app
    inputs: [api]
    go: {out: .}
    ts: {out: web/gen}
  - name: admin
    inputs: [admin/admin.sfn]
    ts: {out: admin/ts}
`
)

// project writes a module with two schema sets and an sfn.yaml for them, and returns its
// directory.
func writeProject(t *testing.T, cfg string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"go.mod":          "module example.com/app\n\ngo 1.26\n",
		"api/api.sfn":     apiSchema,
		"admin/admin.sfn": adminSchema,
		"sfn.yaml":        cfg,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func exists(t *testing.T, p string) bool {
	t.Helper()
	_, err := os.Stat(p)
	return err == nil
}

// TestConfigCommands runs generate, check and routes with --config and no file arguments:
// every target, one target, flags over the file, and the usage errors.
func TestConfigCommands(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, twoTargets)
	cfg := filepath.Join(dir, "sfn.yaml")
	goFile := filepath.Join(dir, "gen", "appv1", "api.sfn.go")
	appTS := filepath.Join(dir, "web", "gen", "api.ts")
	adminTS := filepath.Join(dir, "admin", "ts", "admin.ts")

	code, out, errs := run(t, "generate", "--config", cfg, "--target", "admin")
	if code != 0 || !strings.Contains(out, "wrote "+adminTS) || strings.Contains(out, appTS) {
		t.Fatalf("generate --target admin: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if code, _, errs := run(t, "generate", "--check", "--config", cfg); code != 1 || !strings.Contains(errs, goFile+": missing") || strings.Contains(errs, adminTS) {
		t.Errorf("--check after generating one target: exit %d:\n%s", code, errs)
	}
	code, out, errs = run(t, "generate", "--config", cfg)
	if code != 0 || !strings.Contains(out, "wrote "+goFile) || !strings.Contains(out, "wrote "+appTS) {
		t.Fatalf("generate: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if code, _, errs := run(t, "generate", "--check", "--config", cfg); code != 0 {
		t.Errorf("--check on fresh files: exit %d: %s", code, errs)
	}

	// --ts-out replaces the target's TypeScript directory; the file's Go output stays.
	other := filepath.Join(dir, "other")
	code, out, errs = run(t, "generate", "--config", cfg, "--target", "app", "--ts-out", other)
	if code != 0 || !strings.Contains(out, "wrote "+filepath.Join(other, "api.ts")) {
		t.Errorf("--ts-out over the file: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}

	code, out, errs = run(t, "routes", "--config", cfg)
	if code != 0 || !strings.Contains(out, "app.v1.S ") || !strings.Contains(out, "admin.v1.Admin ") {
		t.Errorf("routes: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if code, _, errs := run(t, "check", "--config", cfg); code != 0 || errs != "" {
		t.Errorf("check: exit %d: %s", code, errs)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--config", cfg, filepath.Join(dir, "api")}, "sfn check: --config and --target read the config file, which is not used when schema files are named"},
		{[]string{"routes", "--config", cfg, "--target", "ap"}, `sfn routes: ` + cfg + ` has no target "ap"; did you mean "app"?`},
		{[]string{"check", "--config", filepath.Join(dir, "none.yaml")}, "sfn check: --config: open " + filepath.Join(dir, "none.yaml") + ": no such file or directory"},
		{[]string{"generate", "--check", "--watch", "--config", cfg}, "sfn generate: --check and --watch cannot be used together"},
	} {
		if code, _, errs := run(t, tc.args...); code != 2 || strings.TrimSpace(errs) != tc.want {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant:\n%s", strings.Join(tc.args, " "), code, errs, tc.want)
		}
	}
}

// TestConfigImportOverride: -I on the command line replaces the file's import_paths.
func TestConfigImportOverride(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, "version: 1\ntargets:\n  - inputs: [app/app.sfn]\n    import_paths: [app]\n")
	if err := os.MkdirAll(filepath.Join(dir, "app"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app", "app.sfn"), []byte("syntax = \"proto3\";\npackage x;\nimport \"api/api.sfn\";\nmessage C { app.v1.A a = 1; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "sfn.yaml")
	if code, _, errs := run(t, "check", "--config", cfg); code != 1 || !strings.Contains(errs, `"api/api.sfn"`) {
		t.Errorf("check with the file's import_paths: exit %d, want 1 for the unresolved import:\n%s", code, errs)
	}
	if code, _, errs := run(t, "check", "--config", cfg, "-I", dir); code != 0 {
		t.Errorf("check -I %s: exit %d:\n%s", dir, code, errs)
	}
}

// TestConfigMistakes: a mistake in the file is reported at its position with exit 1, and a
// broken schema in one target fails the command without writing the others.
func TestConfigMistakes(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, "version: 1\ntargets:\n  - inputs: [api]\n    go: {out: ., modul: x}\n")
	cfg := filepath.Join(dir, "sfn.yaml")
	want := cfg + `:4:18: unknown go key "modul"; did you mean "module"?` + "\nsfn: 1 error\n"
	if code, _, errs := run(t, "generate", "--config", cfg); code != 1 || errs != want {
		t.Errorf("unknown key: exit %d, stderr:\n%s\nwant:\n%s", code, errs, want)
	}

	dir = writeProject(t, twoTargets)
	cfg = filepath.Join(dir, "sfn.yaml")
	if err := os.WriteFile(filepath.Join(dir, "admin", "admin.sfn"), []byte("syntax = \"proto3\";\npackage admin.v1;\nmessage B { Uuid n = 1; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "generate", "--config", cfg)
	if code != 1 || out != "" || !strings.Contains(errs, filepath.Join(dir, "admin", "admin.sfn")+`:3:13: field admin.v1.B.n: unknown type "Uuid"`) {
		t.Errorf("a broken target: exit %d, stdout %q, stderr:\n%s", code, out, errs)
	}
	if exists(t, filepath.Join(dir, "web", "gen", "api.ts")) {
		t.Error("a broken target let another target's files be written")
	}
}

// TestConfigDiscovery runs the commands with no arguments at all from below the project,
// as a user would: the sfn.yaml above is found and its paths work from there.
func TestConfigDiscovery(t *testing.T) {
	dir := writeProject(t, twoTargets)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "api"))
	code, out, errs := run(t, "generate")
	if code != 0 || !strings.Contains(out, "wrote "+filepath.Join("..", "web", "gen", "api.ts")+"\n") {
		t.Errorf("generate from a subdirectory: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if !exists(t, filepath.Join(dir, "gen", "appv1", "api.sfn.go")) {
		t.Error("generate from a subdirectory wrote no Go code")
	}

	// The search stops at the repository root.
	outside := t.TempDir()
	if err := os.Mkdir(filepath.Join(outside, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(outside)
	want := "sfn check: no schema files given, and no sfn.yaml in this directory or above it (up to the repository root): name the files, or run 'sfn init' to write one\n"
	if code, _, errs := run(t, "check"); code != 2 || errs != want {
		t.Errorf("no config: exit %d, stderr:\n%s\nwant:\n%s", code, errs, want)
	}
}
