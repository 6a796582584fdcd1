package compiler_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/schema"
)

// referenceHashes reads the xxh64 cases of the shared serde reference file, which libxxhash
// computed for the same keys Leptos hashes.
func referenceHashes(t *testing.T) []struct {
	Input string `json:"input"`
	XXH64 string `json:"xxh64"`
} {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "vectors", "serde-reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		XXH64 []struct {
			Input string `json:"input"`
			XXH64 string `json:"xxh64"`
		} `json:"xxh64"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.XXH64) == 0 {
		t.Fatal("no xxh64 cases in the reference file")
	}
	return ref.XXH64
}

func TestLeptosHashMatchesReference(t *testing.T) {
	t.Parallel()
	for _, c := range referenceHashes(t) {
		want, err := strconv.ParseUint(c.XXH64, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		key, module, ok := strings.Cut(c.Input, ":")
		if !ok {
			// Keys without a colon still check the hash itself: split as hash_key "" is not
			// possible, so hash the whole input through the same function.
			if got := compiler.PathHash(c.Input); got != want {
				t.Errorf("PathHash(%q) = %d, want %d", c.Input, got, want)
			}
			continue
		}
		if got := compiler.LeptosHash(key, module); got != want {
			t.Errorf("LeptosHash(%q, %q) = %d, want %d", key, module, got, want)
		}
	}
}

// TestHashedPaths compiles functions without endpoints under each reference key, set through
// (sfn.v1.file), and checks the full paths the compiler gives them.
func TestHashedPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files []string
	want := map[string]string{}
	for i, c := range referenceHashes(t) {
		key, module, ok := strings.Cut(c.Input, ":")
		if !ok {
			continue
		}
		name := "f" + strconv.Itoa(i) + ".sfn"
		src := `syntax = "proto3";
package p` + strconv.Itoa(i) + `;
import "sfn/v1/sfn.proto";
option (sfn.v1.file) = { hash_key: ` + strconv.Quote(key) + ` module_path: ` + strconv.Quote(module) + ` };
message A {}
service S { rpc AddTodo(A) returns (A); }
`
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, name))
		want["p"+strconv.Itoa(i)] = "/api/add_todo" + c.XXH64
	}
	// The package default: hash_key = package, module_path = package with "::".
	if err := os.WriteFile(filepath.Join(dir, "todo.sfn"), []byte("syntax = \"proto3\";\npackage todo.v1;\nmessage A {}\nservice S { rpc list_todos(A) returns (A); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(dir, "todo.sfn"))
	want["todo.v1"] = "/api/list_todos83409731470755996"
	// hash = false drops the number.
	if err := os.WriteFile(filepath.Join(dir, "nohash.sfn"), []byte("syntax = \"proto3\";\npackage nohash;\nimport \"sfn/v1/sfn.proto\";\noption (sfn.v1.file) = { hash: false prefix: \"/rpc\" };\nmessage A {}\nservice S { rpc AddTodo(A) returns (A); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(dir, "nohash.sfn"))
	want["nohash"] = "/rpc/add_todo"

	set, diags := schema.Load(context.Background(), files, schema.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := map[string]string{}
	for _, f := range pkg.Files {
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				got[f.Package] = fn.Path
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d paths, want %d", len(got), len(want))
	}
	for pkgName, w := range want {
		if got[pkgName] != w {
			t.Errorf("package %s: path %q, want %q", pkgName, got[pkgName], w)
		}
	}
}
