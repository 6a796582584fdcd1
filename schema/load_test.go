package schema_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/schema"
	sfnv1 "github.com/sfn-dev/sfn/schema/sfn/v1"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEmbeddedOptionsFile checks that the binary serves the options file exactly as it is in
// the repository, where buf lints it.
func TestEmbeddedOptionsFile(t *testing.T) {
	t.Parallel()
	disk, err := os.ReadFile(filepath.Join("sfn", "v1", "sfn.proto"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(disk, schema.OptionsSource()) {
		t.Error("embedded sfn.proto differs from schema/sfn/v1/sfn.proto")
	}
}

func TestLoadDirectoryAndImports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"api/b.sfn":          "syntax = \"proto3\";\npackage x;\nimport \"common/types.proto\";\nmessage B { common.T t = 1; }\n",
		"api/a.sfn":          "syntax = \"proto3\";\npackage x;\nmessage A {}\n",
		"api/notes.txt":      "not a schema",
		"common/types.proto": "syntax = \"proto3\";\npackage common;\nmessage T {}\n",
	})
	set, diags := schema.Load(context.Background(), []string{filepath.Join(dir, "api")}, schema.Options{ImportPaths: []string{dir}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var named, all []string
	for _, f := range set.Files {
		named = append(named, f.Path())
	}
	for _, f := range set.All {
		all = append(all, f.Path())
	}
	if diff := cmp.Diff([]string{"api/a.sfn", "api/b.sfn"}, named); diff != "" {
		t.Errorf("named files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"api/a.sfn", "common/types.proto", "api/b.sfn"}, all); diff != "" {
		t.Errorf("all files (-want +got):\n%s", diff)
	}
	if got, want := set.DisplayPath("common/types.proto"), filepath.Join(dir, "common", "types.proto"); got != want {
		t.Errorf("DisplayPath = %q, want %q", got, want)
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.sfn": "syntax = \"proto3\";\nmessage A { X x = 1; }\n",
		"b.sfn": "syntax = \"proto3\";\nmessage B { Y y = 1; }\n",
	})
	_, diags := schema.Load(context.Background(), []string{filepath.Join(dir, "a.sfn"), filepath.Join(dir, "b.sfn")}, schema.Options{})
	var got []string
	for _, d := range diags {
		got = append(got, strings.TrimPrefix(d.String(), dir+string(filepath.Separator)))
	}
	want := []string{"a.sfn:2:13: field A.x: unknown type \"X\"", "b.sfn:2:13: field B.y: unknown type \"Y\""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestOptionsReadBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, map[string]string{"o.sfn": `syntax = "proto3";
package o.v1;
import "sfn/v1/sfn.proto";
option (sfn.v1.file) = { prefix: "/f" encoding: Json hash_key: "k" module_path: "m" hash: false };
message M { option (sfn.v1.transparent) = true; string s = 1; }
enum E { A = 0 [(sfn.v1.rename) = "a"]; B = 1; }
service S {
  option (sfn.v1.service) = { prefix: "/s" encoding: GetCbor };
  rpc f(M) returns (M) { option (sfn.v1.fn) = { prefix: "/p" encoding: Cbor endpoint: "e" }; }
  rpc g(M) returns (M);
}
`})
	set, diags := schema.Load(context.Background(), []string{filepath.Join(dir, "o.sfn")}, schema.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	f := set.Files[0]
	fo := schema.FileOptions(f)
	if fo.GetPrefix() != "/f" || fo.GetEncoding() != sfnv1.Encoding_Json || fo.GetHashKey() != "k" || fo.GetModulePath() != "m" || fo.Hash == nil || fo.GetHash() {
		t.Errorf("file options = %v", fo)
	}
	so := schema.ServiceOptions(f.Services().Get(0))
	if so.GetPrefix() != "/s" || so.GetEncoding() != sfnv1.Encoding_GetCbor {
		t.Errorf("service options = %v", so)
	}
	fn := schema.FnOptions(f.Services().Get(0).Methods().Get(0))
	if fn.GetPrefix() != "/p" || fn.GetEncoding() != sfnv1.Encoding_Cbor || fn.GetEndpoint() != "e" {
		t.Errorf("fn options = %v", fn)
	}
	if g := schema.FnOptions(f.Services().Get(0).Methods().Get(1)); g != nil {
		t.Errorf("unset fn options = %v, want nil", g)
	}
	if !schema.Transparent(f.Messages().Get(0)) {
		t.Error("transparent not read")
	}
	values := f.Enums().Get(0).Values()
	if r, ok := schema.Rename(values.Get(0)); !ok || r != "a" {
		t.Errorf("rename of A = %q, %v", r, ok)
	}
	if _, ok := schema.Rename(values.Get(1)); ok {
		t.Error("rename of B reported as set")
	}
}
