package gogen_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	gogen "github.com/sfn-dev/sfn/gen/go"
	"github.com/sfn-dev/sfn/schema"
)

// goldens are the schemas whose generated Go is checked in under golden/<package>/. Those
// directories are real packages: golden_compile_test.go imports them, so the generated code
// must compile and work, not only match.
var goldens = []string{
	"testdata/kitchen.sfn",
	"testdata/errors.sfn",
	"testdata/streams.sfn",
	"../../../shared/vectors/vectors.sfn",
	"../../../shared/leptos/echo.sfn",
}

func TestGolden(t *testing.T) {
	for _, src := range goldens {
		t.Run(filepath.Base(src), func(t *testing.T) {
			t.Parallel()
			pkg := compile(t, []string{src}, nil)
			files, err := gogen.Generate(pkg, gogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			again, err := gogen.Generate(pkg, gogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("golden", pkg.Files[0].GoName)
			for i, f := range files {
				if !bytes.Equal(f.Content, again[i].Content) {
					t.Errorf("%s: two runs give different bytes", f.Path)
				}
				compareGolden(t, filepath.Join(dir, path.Base(f.Path)), f.Content)
			}
		})
	}
}

// goldenModule is the module path that golden/ stands for in multi-package schemas, whose
// go_package options lie below it so that the generated packages import each other.
const goldenModule = "github.com/sfn-dev/sfn/gen/go/golden"

// multiRoot is the import root of the acme schema: three Go packages that use each other's
// types.
const multiRoot = "testdata/multi"

// multiSchemas are the acme schema's files.
func multiSchemas() []string {
	var srcs []string
	for _, p := range []string{"acme/common/v1/common.sfn", "acme/todo/v1/todo.sfn", "acme/billing/v1/billing.sfn"} {
		srcs = append(srcs, filepath.Join(multiRoot, p))
	}
	return srcs
}

// TestGoldenMulti generates the acme schema of testdata/multi, three Go packages that use
// each other's types (common, todo, billing), into golden/acme/. The packages' tests
// (golden/acme/billing/v1) call across them through a server and a client.
func TestGoldenMulti(t *testing.T) {
	t.Parallel()
	pkg := compile(t, multiSchemas(), []string{multiRoot})
	if diags := compiler.CheckGo(pkg, goldenModule); len(diags) > 0 {
		t.Fatal(diags)
	}
	files, err := gogen.Generate(pkg, gogen.Options{Module: goldenModule})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		compareGolden(t, filepath.Join("golden", filepath.FromSlash(f.Path)), f.Content)
	}
}

// compile loads and compiles the schema files at paths, with roots as import paths.
func compile(t *testing.T, paths, roots []string) *ir.Package {
	t.Helper()
	set, diags := schema.Load(context.Background(), paths, schema.Options{ImportPaths: roots})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return pkg
}

// compareGolden checks got against the golden file p, or writes it under SFN_UPDATE.
func compareGolden(t *testing.T, p string, got []byte) {
	t.Helper()
	if os.Getenv("SFN_UPDATE") != "" {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run SFN_UPDATE=1 go test ./gen/go)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s is stale: run SFN_UPDATE=1 go test ./gen/go and review the diff", p)
	}
}
