package compat_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/sfn-dev/sfn/compat"
	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/schema"
)

var update = os.Getenv("SFN_UPDATE") != ""

// TestRules runs each testdata/*.txtar archive: "old.sfn" and "new.sfn" (or files under
// "old/" and "new/") are the two schemas, "want" the exact report with paths relative to the
// archive ("old/api.sfn", "new/api.sfn"), empty when nothing breaks. A "flags" section with
// "rolling" compares in both directions.
func TestRules(t *testing.T) {
	archives, _ := filepath.Glob("testdata/*.txtar")
	if len(archives) < 40 {
		t.Fatalf("found %d archives, want at least 40", len(archives))
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, f := range ar.Files {
				name := f.Name
				switch name {
				case "old.sfn", "new.sfn":
					name = strings.TrimSuffix(name, ".sfn") + "/api.sfn"
				case "want", "flags":
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			opts := compat.Options{Rolling: strings.TrimSpace(string(section(ar, "flags"))) == "rolling"}
			changes := compat.Compare(load(t, filepath.Join(dir, "old")), load(t, filepath.Join(dir, "new")), opts)
			var b strings.Builder
			for _, ch := range changes {
				fmt.Fprintln(&b, strings.ReplaceAll(ch.String(), dir+string(filepath.Separator), ""))
			}
			got := filepath.ToSlash(b.String())
			if update {
				writeSection(t, path, ar, "want", got)
				return
			}
			if diff := cmp.Diff(string(section(ar, "want")), got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

func load(t testing.TB, dir string) *compat.Schema {
	t.Helper()
	set, diags := schema.Load(context.Background(), []string{dir}, schema.Options{})
	if len(diags) > 0 {
		t.Fatalf("load %s:\n%v", dir, diags)
	}
	pkg, diags := compiler.Compile(set)
	if len(diags) > 0 {
		t.Fatalf("compile %s:\n%v", dir, diags)
	}
	return compat.NewSchema(set, pkg)
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func writeSection(t *testing.T, path string, ar *txtar.Archive, name, content string) {
	t.Helper()
	found := false
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(content)
			found = true
		}
	}
	if !found {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(content)})
	}
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// bigSchema writes a schema of n functions, each with its own arguments and result and a
// shared nested type, changing every function's arguments when changed is set.
func bigSchema(t testing.TB, dir string, n int, changed bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("syntax = \"proto3\";\npackage big.v1;\nimport \"sfn/v1/sfn.proto\";\n\n")
	b.WriteString("enum Status { STATUS_UNSPECIFIED = 0; ACTIVE = 1; }\n")
	b.WriteString("message Item { string name = 1; Status status = 2; repeated Item children = 3; }\n")
	b.WriteString("service Big {\n")
	for i := range n {
		fmt.Fprintf(&b, "  rpc call%d(Args%d) returns (Result%d);\n", i, i, i)
	}
	b.WriteString("}\n")
	idType := "int32"
	if changed {
		idType = "string"
	}
	for i := range n {
		fmt.Fprintf(&b, "message Args%d { %s id = 1; Item item = 2; optional string note = 3; }\n", i, idType)
		fmt.Fprintf(&b, "message Result%d { repeated Item items = 1; map<string, Item> by_name = 2; }\n", i)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "big.sfn")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLarge compares two 1,000-function schemas and finds one change per function (a type
// change breaks both directions, and is reported once). How long it takes is measured by
// BenchmarkCompare1000 (about 20 ms), not held to a time here: a busy machine would make
// such a test flaky.
func TestLarge(t *testing.T) {
	dir := t.TempDir()
	old := load(t, bigSchema(t, filepath.Join(dir, "old"), 1000, false))
	new := load(t, bigSchema(t, filepath.Join(dir, "new"), 1000, true))
	changes := compat.Compare(old, new, compat.Options{Rolling: true})
	if len(changes) != 1000 {
		t.Errorf("got %d changes, want 1000 (one per function)", len(changes))
	}
}

func BenchmarkCompare1000(b *testing.B) {
	dir := b.TempDir()
	old := load(b, bigSchema(b, filepath.Join(dir, "old"), 1000, false))
	new := load(b, bigSchema(b, filepath.Join(dir, "new"), 1000, true))
	b.ResetTimer()
	for b.Loop() {
		compat.Compare(old, new, compat.Options{Rolling: true})
	}
}
