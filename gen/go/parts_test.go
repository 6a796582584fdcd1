package gogen

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/internal/bigschema"
	"github.com/sfn-dev/sfn/schema"
)

// TestPartsJoinAsWhole holds the main files rendered in parts and joined (what Generate
// does, for speed) to the same bytes as the files rendered whole, on the golden schemas
// and on a large synthetic one.
func TestPartsJoinAsWhole(t *testing.T) {
	t.Parallel()
	big := t.TempDir()
	bigFiles, err := bigschema.Write(big, 2, 30)
	if err != nil {
		t.Fatal(err)
	}
	multi := "testdata/multi/acme/"
	cases := []struct {
		name  string
		roots []string
		files []string
	}{
		{"kitchen", nil, []string{"testdata/kitchen.sfn"}},
		{"errors", nil, []string{"testdata/errors.sfn"}},
		{"streams", nil, []string{"testdata/streams.sfn"}},
		{"vectors", nil, []string{"../../../shared/vectors/vectors.sfn"}},
		{"echo", nil, []string{"../../../shared/leptos/echo.sfn"}},
		{"multi", []string{"testdata/multi"}, []string{multi + "common/v1/common.sfn", multi + "todo/v1/todo.sfn", multi + "billing/v1/billing.sfn"}},
		{"big", []string{big}, bigFiles},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			set, diags := schema.Load(context.Background(), c.files, schema.Options{ImportPaths: c.roots})
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			pkg, diags := compiler.Compile(set)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			parts, err := generate(pkg, Options{}, false)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := generate(pkg, Options{}, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(parts) != len(whole) {
				t.Fatalf("%d files in parts, %d whole", len(parts), len(whole))
			}
			for i := range parts {
				if !bytes.Equal(parts[i].Content, whole[i].Content) {
					t.Errorf("%s: joined parts differ from the whole file:\n%s", filepath.Base(parts[i].Path), firstDiff(parts[i].Content, whole[i].Content))
				}
			}
		})
	}
}

// firstDiff shows where a and b part.
func firstDiff(a, b []byte) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	from := max(0, n-200)
	return "parts: ..." + string(a[from:min(len(a), n+200)]) + "\nwhole: ..." + string(b[from:min(len(b), n+200)])
}
