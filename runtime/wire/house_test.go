package wire

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestValuesOnly keeps wire to values and bytes: no file of the package may import
// anything about HTTP or the errors a function answers with (runtime/rpc holds those), nor
// declare an error body or tag of its own. A WebAssembly client links this package, and
// the split keeps error handling in one place.
func TestValuesOnly(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := func(path string) bool {
		return strings.HasPrefix(path, "net") || strings.HasPrefix(path, "github.com/sfn-dev/sfn/runtime/")
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if forbidden(path) {
				t.Errorf("%s imports %q: runtime/wire is values to bytes and back", fset.Position(imp.Pos()), path)
			}
		}
		for _, id := range declared(f) {
			if n := id.Name; strings.Contains(n, "ErrorBody") || strings.Contains(n, "ErrorTag") || strings.HasPrefix(n, "Tag") {
				t.Errorf("%s declares %s: error bodies and tags belong to runtime/rpc", fset.Position(id.Pos()), n)
			}
		}
	}
}

// declared returns the names f declares at top level.
func declared(f *ast.File) []*ast.Ident {
	var ids []*ast.Ident
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				ids = append(ids, d.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					ids = append(ids, s.Name)
				case *ast.ValueSpec:
					ids = append(ids, s.Names...)
				}
			}
		}
	}
	return ids
}
