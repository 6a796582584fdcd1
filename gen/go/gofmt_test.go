package gogen_test

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sfn-dev/sfn/gen"
	gogen "github.com/sfn-dev/sfn/gen/go"
	"github.com/sfn-dev/sfn/internal/bigschema"
)

// oddDocs is a schema whose comments take every form gofmt rewrites in a doc comment: an
// indented block, lists, a heading, a doc link, a URL, a run of blank lines, trailing
// spaces, backquotes. The generator writes doc comments the way gofmt would leave them.
const oddDocs = `syntax = "proto3";
package odd.v1;

// Odd has a doc comment with a code block:
//
//     x := odd()
//   y := 2
//
// and a list:
//  - one
//  * two
//  1. three
//
// Heading Here
//
// See [Odd] and https://example.com/odd, ` + "``quoted''" + ` and it's fine.
message Odd {
  // A field comment   
  //
  //
  //
  // with blank lines.
  string s = 1;
  //	tab-indented
  int64 n = 2;
  // # A heading
  //
  // text
  repeated string tags = 3;
  map<string, Odd> kids = 4;
  oneof pick {
    // - listed member
    string a = 5;
    Odd b = 6;
  }
}

// Color:
//   RED
//   BLUE
enum Color {
  COLOR_UNSPECIFIED = 0;
  // 1. first
  COLOR_RED = 1;
  COLOR_BLUE_AND_LONGER = 2;
}

message Empty {}

// Svc:
//
//	tab block
service Svc {
  //   indented
  rpc Get(Odd) returns (Odd);
  rpc Put(Empty) returns (Empty);
}
`

// TestGofmtClean holds every file the generator writes to gofmt: formatting it changes no
// byte. The generator writes the layout itself (goFile), so this is what keeps it right:
// the golden schemas, the repository's own schemas, a synthetic one of many functions, and
// one whose comments take every form gofmt rewrites.
func TestGofmtClean(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	odd := filepath.Join(dir, "odd.sfn")
	if err := os.WriteFile(odd, []byte(oddDocs), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "big"), 0o755); err != nil {
		t.Fatal(err)
	}
	big, err := bigschema.Write(filepath.Join(dir, "big"), 2, 30)
	if err != nil {
		t.Fatal(err)
	}
	type schema struct {
		name         string
		paths, roots []string
	}
	sets := []schema{
		{"odd", []string{odd}, nil},
		{"big", big, []string{filepath.Join(dir, "big")}},
		{"multi", multiSchemas(), []string{multiRoot}},
		{"todos", []string{"../../examples/todos/todos.sfn"}, nil},
		{"conformance", []string{"../../conformance/conformance.sfn"}, nil},
	}
	for _, g := range goldens {
		sets = append(sets, schema{filepath.Base(g), []string{g}, nil})
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			files, err := gogen.Generate(compile(t, s.paths, s.roots), gogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkGofmt(t, files, "")
		})
	}
}

// checkGofmt fails t for each file that go/format changes; what says what was generated.
func checkGofmt(t *testing.T, files []gen.File, what string) {
	t.Helper()
	for _, f := range files {
		want, err := format.Source(f.Content)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Path, err, f.Content)
		}
		if !bytes.Equal(want, f.Content) {
			t.Errorf("%s is not gofmt-clean%s:\n%s", f.Path, what, lineDiff(f.Content, want))
		}
	}
}

// lineDiff shows the first lines where got and want differ, with their line number.
func lineDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(g), len(w)) && shown < 8; i++ {
		var a, b []byte
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if !bytes.Equal(a, b) {
			shown++
			out.WriteString("line " + strconv.Itoa(i+1) + ":\n  got:  " + string(a) + "\n  gofmt: " + string(b) + "\n")
		}
	}
	return out.String()
}

// FuzzDocComments puts one comment text, as the compiler hands it over, on every
// declaration of the odd schema (file, messages, fields, oneof members, enums and their
// values, services, functions) and holds the generated Go to gofmt: the doc comment
// rewriting and the alignment around comment rows must agree with gofmt for any text.
func FuzzDocComments(f *testing.F) {
	for _, seed := range []string{
		"plain",
		"a code block:\n\n    x := 1\n  y",
		"- one\n* two\n1. three\n\nHeading Here\n\nmore",
		"# heading\n\ntext [Link] and https://example.com.",
		"\ttab\n\n\n\nblank lines",
		"``quoted'' `code` it's",
		"//go:generate x\ngo:build",
		"trailing \\\n*/ /* */",
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	odd := filepath.Join(dir, "odd.sfn")
	if err := os.WriteFile(odd, []byte(oddDocs), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc, ok := compilerDoc(text)
		if !ok {
			t.Skip("not a comment's text")
		}
		pkg := compile(t, []string{odd}, nil)
		for _, file := range pkg.Files {
			file.Doc = doc
			for _, m := range file.Messages {
				m.Doc = doc
				for _, fl := range m.Fields {
					fl.Doc = doc
					if fl.Oneof != nil {
						for _, v := range fl.Oneof.Variants {
							v.Doc = doc
						}
					}
				}
			}
			for _, e := range file.Enums {
				e.Doc = doc
				for _, v := range e.Values {
					v.Doc = doc
				}
			}
			for _, s := range file.Services {
				s.Doc = doc
				for _, fn := range s.Funcs {
					fn.Doc = doc
				}
			}
		}
		files, err := gogen.Generate(pkg, gogen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkGofmt(t, files, fmt.Sprintf(" for the comment %q", doc))
	})
}

// compilerDoc is text as the compiler makes a comment's text (compiler/source.go): lines
// of UTF-8 without other control characters than a tab, trailing blanks and one leading
// space taken off each, then trailing blank lines dropped. ok is false for text no comment has.
func compilerDoc(text string) (string, bool) {
	if !utf8.ValidString(text) {
		return "", false
	}
	for _, r := range text {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff') {
			return "", false
		}
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(strings.TrimRight(l, " \t"), " ")
	}
	doc := strings.TrimRight(strings.Join(lines, "\n"), "\n")
	return doc, doc != ""
}
