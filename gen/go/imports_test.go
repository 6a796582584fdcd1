package gogen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// TestImportNames checks the names other Go packages are imported by: their package name,
// else longer names from their path when that is taken by another package or by a name the
// generated code uses itself.
func TestImportNames(t *testing.T) {
	t.Parallel()
	file := func(name, goPkg, goName string, msgs ...*ir.Message) *ir.File {
		return &ir.File{Name: name, GoPackage: goPkg, GoName: goName, Messages: msgs}
	}
	ref := func(name, file string) *ir.Field {
		return &ir.Field{Name: name, Type: &ir.Type{Kind: ir.KindMessage, Message: &ir.Message{GoName: "T", File: file}}}
	}
	use := &ir.Message{GoName: "Use", File: "use.sfn", Fields: []*ir.Field{
		ref("a", "a.sfn"), ref("b", "b.sfn"), ref("c", "c.sfn"), ref("d", "d.sfn"), ref("e", "e.sfn"), ref("same", "same.sfn"),
	}}
	files := map[string]*ir.File{}
	for _, f := range []*ir.File{
		file("use.sfn", "example.com/app/use", "use", use),
		file("a.sfn", "example.com/acme/common/v1", "v1"),
		file("b.sfn", "example.com/acme/billing/v1", "v1"),
		file("c.sfn", "example.com/other/billing/v1", "v1"),
		file("d.sfn", "example.com/x/wire", "wire"),
		file("e.sfn", "example.com/y/w", "w"),
		file("same.sfn", "example.com/app/use", "use"),
	} {
		files[f.Name] = f
	}
	want := map[string]string{
		"example.com/acme/billing/v1":  "v1",
		"example.com/acme/common/v1":   "commonv1",
		"example.com/other/billing/v1": "billingv1",
		"example.com/x/wire":           "xwire",
		"example.com/y/w":              "yw",
	}
	if diff := cmp.Diff(want, importNames(files["use.sfn"], files)); diff != "" {
		t.Errorf("importNames (-want +got):\n%s", diff)
	}
	for name, want := range map[string]string{"todo.sfn": "todo", "acme/todo_admin.sfn": "todoAdmin", "9lives.sfn": "file9lives", "a-b.c.sfn": "aBC"} {
		if got := fileIdent(name); got != want {
			t.Errorf("fileIdent(%q) = %q, want %q", name, got, want)
		}
	}
}
