package tsgen_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	tsgen "github.com/sfn-dev/sfn/gen/ts"
	"github.com/sfn-dev/sfn/schema"
)

// BenchmarkGenerationSpeed times `sfn generate --ts-out` alone (the schema loaded and compiled
// once) on the synthetic schema of docs/benchmarks.md: one file of 100 and of 1,000 functions
// (growth within a file should be linear) and ten files of 100 (the 1,000-function, 3,010-message
// schema). Profile with, for example:
//
//	go test -run '^$' -bench 'GenerationSpeed/10x100' -cpuprofile cpu.out ./gen/ts
func BenchmarkGenerationSpeed(b *testing.B) {
	for _, size := range []struct{ files, funcs int }{{1, 100}, {1, 1000}, {10, 100}} {
		dir := b.TempDir()
		paths, err := writeBigSchema(dir, size.files, size.funcs)
		if err != nil {
			b.Fatal(err)
		}
		set, diags := schema.Load(context.Background(), paths, schema.Options{ImportPaths: []string{dir}})
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		pkg, diags := compiler.Compile(set)
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprintf("%dx%d/ts", size.files, size.funcs), func(b *testing.B) {
			for b.Loop() {
				if _, err := tsgen.Generate(pkg, tsgen.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// writeBigSchema writes the schema of gen/go/internal/bigschema (which gen/ts cannot import,
// being outside gen/go), byte for byte, so both generators are timed on the same input: files
// s0.sfn ... in dir, each with one service of funcs functions and, per function OpK, a request
// and a response message (the response with a nested Item) of six fields each.
func writeBigSchema(dir string, files, funcs int) ([]string, error) {
	var paths []string
	for f := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "syntax = \"proto3\";\n\npackage bench.s%d.v1;\n\noption go_package = \"example.com/anchor/big/s%d;s%d\";\n\n", f, f, f)
		b.WriteString("// Meta is shared by every message in this file.\nmessage Meta {\n  string trace_id = 1;\n  int64 created_unix = 2;\n}\n\n")
		fmt.Fprintf(&b, "// Service%d has %d functions.\nservice Service%d {\n", f, funcs, f)
		for i := range funcs {
			fmt.Fprintf(&b, "  // Op%d does thing %d.\n  rpc Op%d(Op%dRequest) returns (Op%dResponse);\n", i, i, i, i, i)
		}
		b.WriteString("}\n")
		for i := range funcs {
			fmt.Fprintf(&b, "\n// Op%dRequest is the input of Op%d.\nmessage Op%dRequest {\n  string title = 1;\n  int64 id = 2;\n  bool done = 3;\n  double score = 4;\n  repeated string tags = 5;\n  Meta meta = 6;\n}\n", i, i, i)
			fmt.Fprintf(&b, "\n// Op%dResponse is the output of Op%d.\nmessage Op%dResponse {\n  // Item is one entry of the response.\n  message Item {\n    string key = 1;\n    int64 value = 2;\n  }\n  int64 id = 1;\n  string title = 2;\n  bool done = 3;\n  uint32 count = 4;\n  repeated Item items = 5;\n  Meta meta = 6;\n}\n", i, i, i)
		}
		p := filepath.Join(dir, fmt.Sprintf("s%d.sfn", f))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
