package gogen_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
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
			set, diags := schema.Load(context.Background(), []string{src}, schema.Options{})
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			pkg, diags := compiler.Compile(set)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
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
				p := filepath.Join(dir, path.Base(f.Path))
				if os.Getenv("SFN_UPDATE") != "" {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(p)
				if err != nil {
					t.Fatalf("%v (run SFN_UPDATE=1 go test ./gen/go)", err)
				}
				if !bytes.Equal(want, f.Content) {
					t.Errorf("%s is stale: run SFN_UPDATE=1 go test ./gen/go and review the diff", p)
				}
			}
		})
	}
}
