// Package bigschema writes the synthetic schema that generation speed is measured on: the
// 1,000-function schema of peers-measured.md section 3 (10 files of 100 functions, 3,010
// messages), written as .sfn, or any other number of files and functions per file.
package bigschema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write writes files schema files s0.sfn ... to dir, each with one service of funcs functions,
// and returns their paths. Each file has package bench.sN.v1, go_package
// example.com/anchor/big/sN, a shared Meta message, and per function OpK a request and a
// response message (the response with a nested Item), each with six fields.
func Write(dir string, files, funcs int) ([]string, error) {
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
