package compiler_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/schema"
)

var update = os.Getenv("SFN_UPDATE") != ""

// TestDiagnostics compiles each testdata/errors/*.txtar archive: its .sfn and .proto
// files are the schema (the .sfn ones named on the command line), and its "stderr" section is
// the exact list of diagnostics, with paths relative to the archive. An archive with a
// "go-module" section is also checked with CheckGo for Go code generated into that module.
func TestDiagnostics(t *testing.T) {
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(archives) < 25 {
		t.Fatalf("found %d diagnostic archives, want at least 25", len(archives))
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := compileArchive(t, ar)
			checkSection(t, path, ar, "stderr", got)
		})
	}
}

// TestIR dumps the IR of the example schema and of the shared reference schemas; each golden
// names its schema in a "schema" section.
func TestIR(t *testing.T) {
	archives, _ := filepath.Glob("testdata/ir/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no IR goldens")
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src := strings.TrimSpace(string(section(ar, "schema")))
			// Schemas are named relative to the repository root, as a user at the root would.
			root := filepath.Join("..")
			set, diags := schema.Load(context.Background(), []string{filepath.Join(root, src)}, schema.Options{})
			if len(diags) > 0 {
				t.Fatalf("load %s:\n%v", src, diags)
			}
			pkg, diags := compiler.Compile(set)
			if len(diags) > 0 {
				t.Fatalf("compile %s:\n%v", src, diags)
			}
			got := strings.ReplaceAll(ir.Dump(pkg), filepath.Join(root, src), src)
			checkSection(t, path, ar, "ir", got)
		})
	}
}

// compileArchive writes the archive's schema files to a temporary directory, compiles them
// and returns the diagnostics as the CLI would print them, paths relative to that directory.
func compileArchive(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	var inputs []string
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".sfn") && !strings.HasSuffix(f.Name, ".proto") {
			continue
		}
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, ".sfn") {
			inputs = append(inputs, p)
		}
	}
	set, diags := schema.Load(context.Background(), inputs, schema.Options{ImportPaths: []string{dir}})
	if len(diags) == 0 {
		var pkg *ir.Package
		pkg, diags = compiler.Compile(set)
		if module := section(ar, "go-module"); pkg != nil && module != nil {
			diags = compiler.CheckGo(pkg, strings.TrimSpace(string(module)))
		}
	}
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.ReplaceAll(d.String(), dir+string(filepath.Separator), ""))
		b.WriteByte('\n')
	}
	return b.String()
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// checkSection compares got with the named section of the archive at path, or rewrites the
// section when SFN_UPDATE is set.
func checkSection(t *testing.T, path string, ar *txtar.Archive, name, got string) {
	t.Helper()
	if update {
		found := false
		for i := range ar.Files {
			if ar.Files[i].Name == name {
				ar.Files[i].Data = []byte(got)
				found = true
			}
		}
		if !found {
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got)})
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := string(section(ar, name))
	if want == "" && got != "" || want != "" && got == "" {
		t.Errorf("%s: section %q: want %q, got %q", path, name, want, got)
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: section %q mismatch (-want +got):\n%s", path, name, diff)
	}
}
