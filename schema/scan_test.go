package schema

import (
	"reflect"
	"testing"
)

func TestSyntaxOf(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"// doc\n/* more */ syntax = \"proto3\";": "proto3",
		"syntax = 'proto2';":                      "proto2",
		"edition = \"2023\";":                     "edition",
		"package a;\nmessage A {}":                "",
		"":                                        "",
	} {
		if got, _, _ := syntaxOf(tokenize([]byte(src))); got != want {
			t.Errorf("syntaxOf(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestBadMapKeys(t *testing.T) {
	t.Parallel()
	src := "syntax = \"proto3\";\npackage a.b;\n// map<X, Y> in a comment\nmessage M { string s = 1 [json_name = \"map<Q, R>\"];\n" +
		"  map<K, V> m = 2; map<int64, V> ok = 3; message N { map<.a.b.K, V> n = 1; } }\n"
	keys := badMapKeys(tokenize([]byte(src)))
	var got [][]string
	for _, k := range keys {
		got = append(got, append([]string{k.name, k.field}, k.scope...))
	}
	want := [][]string{{"K", "m", "a", "b", "M"}, {".a.b.K", "n", "a", "b", "M", "N"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("badMapKeys = %q, want %q", got, want)
	}
	out, shifts := replaceMapKeys([]byte(src), keys)
	wantOut := "syntax = \"proto3\";\npackage a.b;\n// map<X, Y> in a comment\nmessage M { string s = 1 [json_name = \"map<Q, R>\"];\n" +
		"  map<string, V> m = 2; map<int64, V> ok = 3; message N { map<string, V> n = 1; } }\n"
	if string(out) != wantOut {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, wantOut)
	}
	// "m" is at column 13 of line 5 before the rewrite, 18 after; text before the key stays.
	if got := unshift(shifts, 5, 18); got != 13 {
		t.Errorf("unshift(18) = %d, want 13", got)
	}
	if got := unshift(shifts, 5, 3); got != 3 {
		t.Errorf("unshift(3) = %d, want 3", got)
	}
}
