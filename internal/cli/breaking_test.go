package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const breakingHead = "syntax = \"proto3\";\npackage todo.v1;\nimport \"sfn/v1/sfn.proto\";\n"

// writeSchemaFiles writes name -> content below dir and returns dir.
func writeSchemaFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBreakingExitCodes(t *testing.T) {
	dir := writeSchemaFiles(t, t.TempDir(), map[string]string{
		"old.sfn":    breakingHead + "message AddTodo { string title = 1; }\nservice Todos {\n  rpc add_todo(AddTodo) returns (AddTodo);\n}\n",
		"same.sfn":   breakingHead + "// Comments and numbers do not matter.\nmessage AddTodo { string title = 7; }\nservice Todos {\n  rpc add_todo(AddTodo) returns (AddTodo);\n}\n",
		"new.sfn":    breakingHead + "message AddTodo { int64 title = 1; }\nservice Todos {\n  rpc add_todo(AddTodo) returns (AddTodo);\n}\n",
		"broken.sfn": breakingHead + "message AddTodo { Uuid title = 1; }\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    string
		stderrHas []string
	}{
		{name: "nothing breaks", args: []string{"--against", p("old.sfn"), p("same.sfn")}, code: 0},
		{name: "breaks", args: []string{"--against", p("old.sfn"), p("new.sfn")}, code: 1,
			stdout: p("new.sfn") + `:4:25: function "todo.v1.Todos.add_todo": arguments field "title": type changed from string to int64` + "\n" +
				p("new.sfn") + `:4:25: function "todo.v1.Todos.add_todo": result field "title": type changed from string to int64` + "\n",
			stderrHas: []string{"sfn breaking: 2 breaking changes\n"}},
		{name: "old does not compile", args: []string{"--against", p("broken.sfn"), p("new.sfn")}, code: 1,
			stderrHas: []string{"the old schema (--against) does not compile", p("broken.sfn") + ":4:19:", "sfn: 1 error"}},
		{name: "new does not compile", args: []string{"--against", p("old.sfn"), p("broken.sfn")}, code: 1,
			stderrHas: []string{"the new schema does not compile", "unknown type"}},
		{name: "missing old", args: []string{"--against", p("nope.sfn"), p("new.sfn")}, code: 1, stderrHas: []string{"no such file"}},
		{name: "no new schema", args: []string{"--against", p("old.sfn")}, code: 2, stderrHas: []string{"no schema files given", "usage: sfn breaking"}},
		{name: "no old schema", args: []string{p("new.sfn")}, code: 2, stderrHas: []string{"--against or --against-git is required"}},
		{name: "both olds", args: []string{"--against", p("old.sfn"), "--against-git", "HEAD", p("new.sfn")}, code: 2, stderrHas: []string{"cannot be used together"}},
		{name: "bad flag", args: []string{"--frobnicate", p("new.sfn")}, code: 2, stderrHas: []string{"flag provided but not defined"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, append([]string{"breaking"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if diff := cmp.Diff(tt.stdout, out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
			if tt.code == 0 && errs != "" {
				t.Errorf("stderr %q, want none", errs)
			}
		})
	}
}

func TestBreakingJSON(t *testing.T) {
	dir := writeSchemaFiles(t, t.TempDir(), map[string]string{
		"old/api.sfn":  breakingHead + "message A { string title = 1; }\nservice S {\n  rpc keep(A) returns (A);\n  rpc gone(A) returns (A);\n}\n",
		"new/api.sfn":  breakingHead + "message A { string title = 1; repeated string tags = 2; }\nservice S {\n  rpc keep(A) returns (A) { option (sfn.v1.fn) = { encoding: Json }; }\n  rpc fresh(A) returns (A);\n}\n",
		"tags/api.sfn": breakingHead + "message A { string title = 1; repeated string tags = 2; }\nservice S {\n  rpc keep(A) returns (A);\n  rpc gone(A) returns (A);\n}\n",
	})
	code, out, errs := run(t, "breaking", "--json", "--rolling", "--against", filepath.Join(dir, "old"), filepath.Join(dir, "new"))
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errs)
	}
	var got []breakingJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	for i := range got {
		got[i].File = filepath.ToSlash(strings.TrimPrefix(got[i].File, dir+string(filepath.Separator)))
	}
	want := []breakingJSON{
		{File: "new/api.sfn", Line: 6, Col: 7, Function: "todo.v1.S.keep", Message: `function "todo.v1.S.keep": encoding changed from Url to Json`, Rule: "encoding-changed"},
		{File: "new/api.sfn", Line: 7, Col: 7, Function: "todo.v1.S.fresh", Message: `function "todo.v1.S.fresh": added, and an old server does not serve it (rolling deploy: a new client calling an old server)`, Rule: "function-added", Rolling: true},
		{File: "old/api.sfn", Line: 7, Col: 7, Function: "todo.v1.S.gone", Message: `function "todo.v1.S.gone": removed`, Rule: "function-removed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("--json (-want +got):\n%s", diff)
	}

	// Nothing breaks: an empty array and exit 0.
	code, out, _ = run(t, "breaking", "--json", "--against", filepath.Join(dir, "old"), filepath.Join(dir, "old"))
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("same schema: exit %d, stdout %q", code, out)
	}
	// A field path in the JSON.
	code, out, _ = run(t, "breaking", "--json", "--against", filepath.Join(dir, "tags"), filepath.Join(dir, "old"))
	if code != 1 || !strings.Contains(out, `"path": "result.tags"`) || !strings.Contains(out, `"rule": "field-removed"`) {
		t.Errorf("tags removed from the result: exit %d:\n%s", code, out)
	}
}

// TestBreakingGit makes a repository, commits a schema, changes it and compares the working
// tree with the commit: through a directory, a file with a neighbour it imports, and -I.
func TestBreakingGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=sfn", "-c", "user.email=sfn@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	common := breakingHead + "message Todo { int64 id = 1; string title = 2; }\n"
	api := breakingHead + "import \"common.sfn\";\nmessage Get { int64 id = 1; }\nservice Todos {\n  rpc get(Get) returns (Todo);\n  rpc drop(Get) returns (Todo);\n}\n"
	writeSchemaFiles(t, repo, map[string]string{"schema/common.sfn": common, "schema/api.sfn": api, "README": "x\n"})
	gitRun("init", "-q")
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "old")

	// The change: a result field's type narrows (fine), another widens, a function goes, and a
	// new schema file appears.
	writeSchemaFiles(t, repo, map[string]string{
		"schema/common.sfn": strings.Replace(strings.Replace(common, "int64 id", "int32 id", 1), "string title = 2;", "optional string title = 2;", 1),
		"schema/api.sfn":    strings.Replace(api, "  rpc drop(Get) returns (Todo);\n", "", 1),
		"schema/extra.sfn":  breakingHead + "message X {}\nservice Extra {\n  rpc x(X) returns (X);\n}\n",
	})
	schemaDir := filepath.Join(repo, "schema")
	want := schemaDir + `/api.sfn:8:7: function "todo.v1.Todos.drop": removed` + "\n" +
		schemaDir + `/common.sfn:4:46: function "todo.v1.Todos.get": result field "title": type changed from string to optional<string>` + "\n"
	for name, args := range map[string][]string{
		"directory":   {schemaDir},
		"file":        {filepath.Join(schemaDir, "api.sfn")},
		"import root": {"-I", schemaDir, filepath.Join(schemaDir, "api.sfn")},
		"new file":    {filepath.Join(schemaDir, "api.sfn"), filepath.Join(schemaDir, "extra.sfn")},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, append([]string{"breaking", "--against-git", "HEAD"}, args...)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", code, errs)
			}
			if diff := cmp.Diff(filepath.FromSlash(want), out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}

	code, out, errs := run(t, "breaking", "--against-git", "HEAD", filepath.Join(schemaDir, "extra.sfn"))
	if code != 0 || out != "" {
		t.Errorf("a schema new since HEAD: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = run(t, "breaking", "--against-git", "no-such-branch", schemaDir)
	if code != 2 || !strings.Contains(errs, `"no-such-branch" is not a revision`) {
		t.Errorf("unknown revision: exit %d, stderr %q", code, errs)
	}
	outside := writeSchemaFiles(t, t.TempDir(), map[string]string{"a.sfn": breakingHead})
	code, _, errs = run(t, "breaking", "--against-git", "HEAD", outside)
	if code != 1 || !strings.Contains(errs, "git working tree") {
		t.Errorf("outside a repository: exit %d, stderr %q", code, errs)
	}
}
