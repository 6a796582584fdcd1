package tsgen_test

import (
	"strings"
	"testing"

	tsgen "github.com/sfn-dev/sfn/gen/ts"
)

// TestBigInt checks bigint mode's output: every 64-bit integer (in a message, a list, a map's
// values, an optional, a oneof) typed bigint and described by the bigint kinds, map keys
// still strings, other integers still numbers, and the module importing sfn/bigint.ts. The
// conformance client (conformance/clients/ts/gen, generated in this mode) is type-checked and
// run by conformance/run.sh; runtime/ts's tests cover the runtime's side.
func TestBigInt(t *testing.T) {
	t.Parallel()
	paths := schemaFiles(t, map[string]string{
		"a.sfn": `syntax = "proto3"; package p;
message M {
  int64 a = 1;
  sint64 b = 2;
  sfixed64 c = 3;
  uint64 d = 4;
  fixed64 e = 5;
  repeated int64 list = 6;
  map<int64, uint64> by_id = 7;
  optional int64 opt = 8;
  oneof pick { int64 big = 9; string text = 10; }
  int32 small = 11;
  uint32 count = 12;
}
service S { rpc Get(M) returns (M); }`,
	}, "a.sfn")
	pkg := compile(t, paths...)
	for _, bigint := range []bool{false, true} {
		files, err := tsgen.Generate(pkg, tsgen.Options{BigInt: bigint})
		if err != nil {
			t.Fatal(err)
		}
		src := string(files[0].Content)
		has := func(s string) bool { return strings.Contains(src, s) }
		want := []string{"a: number;", "list: number[];", "sfn.int64", "sfn.uint64", `from "./sfn/index.js"`}
		if bigint {
			want = []string{
				"a: bigint;", "b: bigint;", "c: bigint;", "d: bigint;", "e: bigint;",
				"list: bigint[];", "byId: { [key: string]: bigint };", "opt?: bigint | null;",
				"pick?: { big: bigint } | { text: string } | null;",
				`["a", sfn.bigint64]`, `["d", sfn.biguint64]`, `["list", [sfn.list, sfn.bigint64]]`,
				`[sfn.map, sfn.bigint64, sfn.biguint64]`, `["opt", [sfn.optional, sfn.bigint64]]`,
				`from "./sfn/bigint.js"`,
			}
			if has("sfn.int64") || has("sfn.uint64") || has("sfn/index.js") {
				t.Errorf("bigint mode names a number kind or index.js:\n%s", src)
			}
		}
		for _, w := range append(want, "small: number;", "count: number;") {
			if !has(w) {
				t.Errorf("bigint=%v: no %q in\n%s", bigint, w, src)
			}
		}
	}
}
