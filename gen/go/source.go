package gogen

import (
	"go/doc/comment"
	"sort"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/gen"
)

// A goFile is one Go file as it is written: text that is already what gofmt makes of it, so
// that no formatter runs. Parsing and printing the output with go/format was most of
// generation's time (about 0.5 s of CPU for a schema of 1,000 functions); writing the
// layout gofmt would choose costs next to nothing. TestGofmtClean holds every file the tests
// generate to gofmt, byte for byte.
//
// The layout rules the writer knows are the few the generated code needs:
//
//   - indentation follows the brackets: a line that ends with { or ( opens a level, one that
//     starts with } or ) closes one, and case and default clauses sit one level out;
//   - aligned rows (struct fields, const and var specs) pad each cell to the widest of its
//     run of rows, a run ending at a comment or a blank line, as gofmt's tabwriter does;
//   - doc comments are reformatted as gofmt reformats them (go/doc/comment), so a schema's
//     comment with an indented block or a list comes out as gofmt would leave it.
type goFile struct {
	*generator
	buf   []byte
	depth int
	// used holds the import paths the code refers to, recorded as it is written: the body
	// is written first, the header with its imports last (source).
	used map[string]bool
}

func (g *generator) newFile() *goFile {
	return &goFile{generator: g, used: map[string]bool{}}
}

// p writes code, one or more lines, indenting each by the brackets (see goFile).
func (f *goFile) p(code string) {
	for code != "" {
		line, rest, _ := strings.Cut(code, "\n")
		code = rest
		f.line(line)
	}
}

// line writes one line of code.
func (f *goFile) line(line string) {
	if line == "" {
		f.buf = append(f.buf, '\n')
		return
	}
	if line[0] == '}' || line[0] == ')' {
		f.depth--
	}
	depth := f.depth
	if strings.HasPrefix(line, "case ") || line == "default:" {
		depth--
	}
	f.indent(depth)
	f.buf = append(f.buf, line...)
	f.buf = append(f.buf, '\n')
	if last := line[len(line)-1]; last == '{' || last == '(' {
		f.depth++
	}
}

func (f *goFile) indent(depth int) {
	for range depth {
		f.buf = append(f.buf, '\t')
	}
}

// fn writes a function declaration: its signature, from "func" to the results, and body,
// lines of code.
func (f *goFile) fn(signature, body string) {
	f.p(signature + " {")
	f.p(body)
	f.p("}")
}

// blank writes an empty line.
func (f *goFile) blank() { f.buf = append(f.buf, '\n') }

// comment writes text as "//" lines at the current indentation, word for word: for the
// generator's own sentences.
func (f *goFile) comment(text string) { f.lines(slashed(text)) }

// doc writes a doc comment: the schema's comment text, or fallback when it has none, in the
// form gofmt gives a doc comment.
func (f *goFile) doc(text, fallback string) {
	if text == "" {
		text = fallback
	}
	f.lines(docLines(text))
}

// lines writes lines as they are at the current indentation (an empty one as a blank
// line): comment lines, which the bracket rules of p must not read.
func (f *goFile) lines(lines []string) {
	for _, l := range lines {
		if l != "" {
			f.indent(f.depth)
			f.buf = append(f.buf, l...)
		}
		f.buf = append(f.buf, '\n')
	}
}

// docLines is text as the "//" lines of a doc comment, reformatted as go/printer reformats
// doc comments (an indented block, a list, a heading).
func docLines(text string) []string {
	if text == "" {
		return nil
	}
	// Reformatting is not always done in one pass (a line can become a heading once a blank
	// line is put after a code block before it), and gofmt reformats whatever it reads: go on
	// to the text that reformats as itself.
	var p comment.Parser
	var pr comment.Printer
	text += "\n"
	for range 4 {
		next := string(pr.Comment(p.Parse(text)))
		if next == text {
			break
		}
		text = next
	}
	if text = strings.TrimSuffix(text, "\n"); text == "" {
		return nil // gofmt drops a doc comment of blank lines
	}
	return slashed(text)
}

// slashed is text as "//" lines, as go/printer writes a doc comment's: "//" alone for an
// empty line, no space before a tab (an indented block).
func slashed(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		switch {
		case l == "":
			lines[i] = "//"
		case l[0] == '\t':
			lines[i] = "//" + l
		default:
			lines[i] = "// " + l
		}
	}
	return lines
}

// q is the name of an identifier of the package at path in this file's code, recording the
// import: wire.Message, context.Context.
func (f *goFile) q(path, name string) string {
	f.used[path] = true
	return f.importName(path) + "." + name
}

// importName is the name the file's code calls the package at path by: the runtime's
// packages by their names, other schema packages by the names importNames chose, and the
// standard library's by their last element.
func (f *goFile) importName(path string) string {
	switch path {
	case pkgWire:
		return "wire"
	case pkgRPC:
		return "rpc"
	case pkgClient:
		return "client"
	case pkgServer:
		return "server"
	}
	if name, ok := f.imports[path]; ok {
		return name
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

// A row is one line of an aligned list: cells to align and the text after them, or (with
// no cells) a comment or blank line that ends a run of aligned rows.
type row struct {
	cells []string // aligned, each padded to the widest of its column in the run
	rest  string   // the text after the last cell, not aligned
	lines []string // a comment's lines, or "" for a blank line; only when cells is nil
}

// aligned writes rows at the current indentation, padding the cells of each run of rows
// without a comment or blank line between them to the widest cell of their column and a
// space, as gofmt aligns struct fields and const and var specs.
func (f *goFile) aligned(rows []row) {
	for start := 0; start < len(rows); {
		if rows[start].cells == nil {
			f.lines(rows[start].lines)
			start++
			continue
		}
		end := start
		var widths []int
		for ; end < len(rows) && rows[end].cells != nil; end++ {
			for i, c := range rows[end].cells {
				if i == len(widths) {
					widths = append(widths, 0)
				}
				widths[i] = max(widths[i], len(c))
			}
		}
		for _, r := range rows[start:end] {
			f.indent(f.depth)
			for i, c := range r.cells {
				f.buf = append(f.buf, c...)
				for range widths[i] - len(c) + 1 {
					f.buf = append(f.buf, ' ')
				}
			}
			f.buf = append(f.buf, r.rest...)
			f.buf = append(f.buf, '\n')
		}
		start = end
	}
}

// docRows is a row of a doc comment's lines, or nothing (nil) for no comment.
func docRows(text string) []row {
	if text == "" {
		return nil
	}
	return []row{{lines: docLines(text)}}
}

// source is the whole file: the constraint (a build line and a blank line, or ""), the
// generated-code header, the package comment and clause, the imports and the body.
func (f *goFile) source(constraint, packageDoc string) []byte {
	out := make([]byte, 0, len(f.buf)+512)
	out = append(out, constraint...)
	out = append(out, "// "+gen.Header+"\n// source: "+f.file.Name+"\n\n"...)
	for _, l := range docLines(packageDoc) {
		out = append(out, l...)
		out = append(out, '\n')
	}
	out = append(out, "package "+f.file.GoName+"\n"...)
	out = f.importBlock(out)
	return append(out, f.buf...)
}

// importBlock appends the import declaration: the standard library, a blank line, then the
// rest, each group sorted by path, as goimports groups them; packages outside the standard
// library are imported under their names, written out.
func (f *goFile) importBlock(out []byte) []byte {
	var std, other []string
	for path := range f.used {
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			other = append(other, path)
		} else {
			std = append(std, path)
		}
	}
	sort.Strings(std)
	sort.Strings(other)
	var specs []string
	for _, p := range std {
		specs = append(specs, strconv.Quote(p))
	}
	if len(std) > 0 && len(other) > 0 {
		specs = append(specs, "")
	}
	for _, p := range other {
		specs = append(specs, f.importName(p)+" "+strconv.Quote(p))
	}
	switch len(specs) {
	case 0:
		return out
	case 1:
		return append(out, "\nimport "+specs[0]+"\n"...)
	}
	out = append(out, "\nimport (\n"...)
	for _, s := range specs {
		if s != "" {
			out = append(out, '\t')
			out = append(out, s...)
		}
		out = append(out, '\n')
	}
	return append(out, ")\n"...)
}

// lit is a Go string literal of s.
func lit(s string) string { return strconv.Quote(s) }
