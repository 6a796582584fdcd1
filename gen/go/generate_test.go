package gogen_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	gogen "github.com/sfn-dev/sfn/gen/go"
	"github.com/sfn-dev/sfn/schema"
)

// TestPackageDoc checks that a Go package gets one doc comment, on the main file of its first
// schema file by import name: that file's leading comment, or a line naming the schema.
func TestPackageDoc(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"a.sfn": "syntax = \"proto3\";\npackage p.v1;\noption go_package = \"example.com/app/pv1\";\nmessage A { string s = 1; }\nservice S { rpc f(A) returns (A); }\n",
		"b.sfn": "// The b file.\nsyntax = \"proto3\";\npackage p.v1;\noption go_package = \"example.com/app/pv1\";\nmessage B { string s = 1; }\n",
		"c.sfn": "syntax = \"proto3\";\n// Package q holds C.\npackage q;\nmessage C { string s = 1; }\n",
	}
	var paths []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	set, diags := schema.Load(context.Background(), paths, schema.Options{ImportPaths: []string{dir}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	out, err := gogen.Generate(pkg, gogen.Options{Module: "example.com/app"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"pv1/a.sfn.go": "// Package pv1 holds the types, server interface and client of a.sfn.\npackage pv1\n",
		"pv1/b.sfn.go": "// source: b.sfn\n\npackage pv1\n",
		"c.sfn.go":     "// Package q holds C.\npackage q\n",
	}
	for _, f := range out {
		w, ok := want[f.Path]
		if !ok {
			if strings.Contains(string(f.Content), "\n// Package") {
				t.Errorf("%s has a package doc comment:\n%s", f.Path, f.Content)
			}
			continue
		}
		delete(want, f.Path)
		if !strings.Contains(string(f.Content), w) {
			t.Errorf("%s lacks %q:\n%s", f.Path, w, f.Content)
		}
	}
	for p := range want {
		t.Errorf("no file %s", p)
	}
}
