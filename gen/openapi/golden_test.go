package openapi_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen/openapi"
	"github.com/sfn-dev/sfn/schema"
)

// goldens are the schemas whose documents are checked in, and where. scripts/openapi-test.sh
// lints each with Redocly and calls the example's server with a client generated from
// todos.json.
var goldens = []struct {
	schema, golden string
}{
	{"../../examples/todos/todos.sfn", "golden/todos.json"},
	{"../go/testdata/kitchen.sfn", "golden/kitchen.json"},
	{"../../compiler/testdata/ir/typed_errors.sfn", "golden/typed_errors.json"},
}

func compile(t *testing.T, srcs ...string) *ir.Package {
	t.Helper()
	set, diags := schema.Load(context.Background(), srcs, schema.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return pkg
}

func TestGolden(t *testing.T) {
	update := os.Getenv("SFN_UPDATE") != ""
	for _, gd := range goldens {
		t.Run(filepath.Base(gd.golden), func(t *testing.T) {
			pkg := compile(t, gd.schema)
			files, err := openapi.Generate(pkg, openapi.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Path != openapi.FileName {
				t.Fatalf("got %d files, want one named %s", len(files), openapi.FileName)
			}
			again, err := openapi.Generate(compile(t, gd.schema), openapi.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := files[0].Content
			if !bytes.Equal(got, again[0].Content) {
				t.Error("two runs give different bytes")
			}
			if update {
				if err := os.WriteFile(gd.golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gd.golden)
			if err != nil {
				t.Fatalf("%v (run SFN_UPDATE=1 go test ./gen/openapi)", err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("%s is stale: run SFN_UPDATE=1 go test ./gen/openapi and review the diff", gd.golden)
			}
		})
	}
}
