package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/diag"
)

// tree writes files (path: contents) below a new temporary directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
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

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{
		"sfn.yaml": `# two targets
version: 1
targets:
  - name: app
    inputs: [api/app.sfn, shared]
    import_paths: [., shared]
    go:
      out: .
      module: example.com/app
    ts:
      out: web/gen
  - inputs:
      - /ABS/other.sfn
    ts: {out: other/ts}
`,
		"api/app.sfn":     "",
		"shared/x.sfn":    "",
		"other/other.sfn": "",
	})
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "other", "other.sfn")
	data = []byte(strings.Replace(string(data), "/ABS/other.sfn", filepath.ToSlash(abs), 1))
	c, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:    path,
		Dir:     dir,
		Version: 1,
		Targets: []Target{
			{
				Name:        "app",
				Pos:         diag.Pos{File: path, Line: 4, Col: 5},
				Inputs:      []string{filepath.Join(dir, "api", "app.sfn"), filepath.Join(dir, "shared")},
				ImportPaths: []string{dir, filepath.Join(dir, "shared")},
				Go:          &GoOutput{Out: dir, Module: "example.com/app"},
				TS:          &TSOutput{Out: filepath.Join(dir, "web", "gen")},
			},
			{
				Pos:    diag.Pos{File: path, Line: 12, Col: 5},
				Inputs: []string{abs},
				TS:     &TSOutput{Out: filepath.Join(dir, "other", "ts")},
			},
		},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if got := c.Targets[1].Label(); got != "the target at "+path+":12:5" {
		t.Errorf("Label of an unnamed target: %q", got)
	}
	sel, err := c.Select([]string{"app"})
	if err != nil || len(sel) != 1 || sel[0].Name != "app" {
		t.Errorf("Select(app) = %v, %v", sel, err)
	}
	if _, err := c.Select([]string{"ap"}); err == nil || !strings.Contains(err.Error(), `has no target "ap"; did you mean "app"?`) {
		t.Errorf("Select(ap): %v", err)
	}
}

// TestRelativePaths: a config found from a subdirectory gives paths that work from there.
func TestRelativePaths(t *testing.T) {
	dir := tree(t, map[string]string{
		"sfn.yaml":       "version: 1\ntargets:\n  - inputs: [api]\n    ts: {out: web/gen}\n",
		"api/a.sfn":      "",
		"sub/deep/.keep": "",
		".git/HEAD":      "",
	})
	t.Chdir(filepath.Join(dir, "sub", "deep"))
	c, err := Discover(".")
	if err != nil {
		t.Fatal(err)
	}
	up := filepath.Join("..", "..")
	if c.Path != filepath.Join(up, FileName) {
		t.Errorf("Path = %q", c.Path)
	}
	want := []string{filepath.Join(up, "api")}
	if diff := cmp.Diff(want, c.Targets[0].Inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if got, want := c.Targets[0].TS.Out, filepath.Join(up, "web", "gen"); got != want {
		t.Errorf("ts.out = %q, want %q", got, want)
	}
}

// TestFindStopsAtGit: the search does not leave the repository.
func TestFindStopsAtGit(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{
		"sfn.yaml":           "version: 1\n",
		"repo/.git/HEAD":     "",
		"repo/sub/.keep":     "",
		"repo/mod/go.mod":    "module m\n",
		"repo/mod/pkg/.keep": "",
	})
	if _, err := Find(filepath.Join(dir, "repo", "sub")); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find below a .git with sfn.yaml above it: %v, want ErrNotFound", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "repo", FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A go.mod is no boundary: one repository, several modules, one config.
	for _, from := range []string{"repo/sub", "repo/mod/pkg", "repo"} {
		got, err := Find(filepath.Join(dir, filepath.FromSlash(from)))
		if want := filepath.Join(dir, "repo", FileName); err != nil || filepath.Clean(got) != want {
			t.Errorf("Find(%s) = %q, %v; want %q", from, got, err, want)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"a.sfn": "", "file": ""})
	path := filepath.Join(dir, FileName)
	for _, tc := range []struct {
		name, in string
		want     []string // diagnostics without the file name
	}{
		{"empty", "", []string{": the file is empty; it needs at least version and targets (see docs/config.md)"}},
		{"syntax", "version: 1\ntargets: [\n", []string{":2:1: syntax error: did not find expected node content"}},
		{"not a mapping", "- 1\n", []string{":1:1: want a mapping with the keys version and targets, not a list"}},
		{"missing keys", "{}\n", []string{
			`:1:1: missing key "targets" (a list of targets, each with inputs and outputs)`,
			`:1:1: missing key "version" (the format's version: write version: 1)`,
		}},
		{"unknown key", "version: 1\ntarget:\n  - inputs: [a.sfn]\n", []string{
			`:1:1: missing key "targets" (a list of targets, each with inputs and outputs)`,
			`:2:1: unknown key "target"; did you mean "targets"?`,
		}},
		{"unknown nested keys", "version: 1\ntargets:\n  - inputs: [a.sfn]\n    go: {out: ., modul: x}\n    ts: {out: web, dir: x}\n    color: red\n", []string{
			`:4:18: unknown go key "modul"; did you mean "module"?`,
			`:5:20: unknown ts key "dir"; the keys are "bigint" or "out"`,
			`:6:5: unknown target key "color"; the keys are "go", "import_paths", "inputs", "name" or "ts"`,
		}},
		{"bad version", "version: 2\ntargets: [{inputs: [a.sfn]}]\n", []string{":1:10: version 2 is not supported: this sfn reads version 1"}},
		{"version as a string", "version: \"1\"\ntargets: [{inputs: [a.sfn]}]\n", []string{`:1:10: version: want an integer, not "1"`}},
		{"bad values", "version: 1\ntargets:\n  - name: [x]\n    inputs: a.sfn\n    import_paths: [file, missing]\n    go: .\n    ts: {out: 3}\n", []string{
			`:3:11: name: want a string, not a list`,
			`:4:13: inputs: want a list of paths, not "a.sfn"`,
			`:5:20: import_paths: ` + filepath.Join(dir, "file") + ` is not a directory`,
			`:5:26: import_paths: ` + filepath.Join(dir, "missing") + ` does not exist`,
			`:6:9: go: want a mapping with the keys out or module, not "."`,
			`:7:15: ts.out: want a string, not the number 3`,
		}},
		{"no inputs, no out", "version: 1\ntargets:\n  - go: {module: m}\n  - inputs: []\n", []string{
			`:3:5: target: missing key "inputs" (the .sfn files or directories to read)`,
			`:3:9: go: missing key "out" (the directory to write below)`,
			`:4:13: inputs: want one or more .sfn files or directories`,
		}},
		{"duplicates", "version: 1\nversion: 1\ntargets:\n  - {name: a, inputs: [a.sfn]}\n  - {name: a, inputs: [a.sfn]}\n", []string{
			`:2:1: key "version" already given at ` + path + `:1:1`,
			`:5:5: target name "a" already used at ` + path + `:4:5`,
		}},
		{"empty targets", "version: 1\ntargets: []\n", []string{`:2:10: targets: want a list of one or more targets, not a list`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(path, []byte(tc.in))
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("error %v (%T), want a diag.List", err, err)
			}
			var got []string
			for _, d := range list {
				got = append(got, strings.TrimPrefix(d.String(), path))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
