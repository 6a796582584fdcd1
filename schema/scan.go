package schema

import (
	"strings"

	"github.com/sfn-dev/sfn/diag"
)

// A light scan of a schema's text, before protocompile parses it, finds two mistakes that
// protobuf's grammar turns into noise: a proto2 file (declared, or without a syntax
// statement) fails with one error per unlabelled field, and a map whose key is a message or
// enum is a syntax error ("unexpected identifier"). sfn reports its own message for each.

// token is one lexical token of a schema: an identifier, a number, a string literal or a
// single punctuation character. Comments and white space are skipped.
type token struct {
	text       string
	start, end int // byte offsets in the source
	line, col  int // 1-based; col counts bytes, as protocompile's positions do
}

// tokenize splits src into tokens. It is forgiving: text it does not understand becomes
// one-character tokens, so the scan never fails where the parser will report the mistake.
func tokenize(src []byte) []token {
	var toks []token
	line, lineStart := 1, 0
	i := 0
	newline := func(at int) { line++; lineStart = at + 1 }
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			newline(i)
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i < len(src) && !(src[i] == '*' && i+1 < len(src) && src[i+1] == '/') {
				if src[i] == '\n' {
					newline(i)
				}
				i++
			}
			i = min(i+2, len(src))
			continue
		}
		t := token{start: i, line: line, col: i - lineStart + 1}
		switch {
		case isIdentStart(c):
			for i < len(src) && (isIdentStart(src[i]) || isDigit(src[i])) {
				i++
			}
		case isDigit(c):
			for i < len(src) && (isIdentStart(src[i]) || isDigit(src[i]) || src[i] == '.' ||
				(src[i] == '-' || src[i] == '+') && (src[i-1] == 'e' || src[i-1] == 'E')) {
				i++
			}
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i = min(i+1, len(src))
		default:
			i++
		}
		t.end = i
		t.text = string(src[t.start:t.end])
		toks = append(toks, t)
	}
	return toks
}

func isIdentStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool      { return '0' <= c && c <= '9' }

// syntaxOf reads a file's syntax statement: "proto2" or "proto3" as declared, "edition" for
// an edition statement, "" (proto2, by protobuf's rule) when the file has neither. The
// position is the statement's, or the file's first line.
func syntaxOf(toks []token) (syntax string, line, col int) {
	if len(toks) == 0 {
		return "", 1, 1
	}
	first := toks[0]
	switch first.text {
	case "syntax":
		if len(toks) >= 3 && toks[1].text == "=" && len(toks[2].text) >= 2 {
			return strings.Trim(toks[2].text, `"'`), first.line, first.col
		}
		return "proto3", first.line, first.col // malformed: the parser reports it
	case "edition":
		return "edition", first.line, first.col
	}
	return "", 1, 1
}

// mapKey is a map field whose key type protobuf's grammar does not allow: a message, an enum
// (both names), or float, double or bytes.
type mapKey struct {
	name      string   // the key type as written, "Key" or ".t.v1.Key"
	field     string   // the map field's name
	scope     []string // the package, then the enclosing messages
	pos       diag.Pos // of the key type; File is left empty
	start     int      // byte offsets of the key type in the source
	end       int
	endCol    int // the column just after the key type
	spansLine bool
}

// validMapKeys are the key types protobuf's grammar accepts.
var validMapKeys = map[string]bool{
	"int32": true, "int64": true, "uint32": true, "uint64": true, "sint32": true, "sint64": true,
	"fixed32": true, "fixed64": true, "sfixed32": true, "sfixed64": true, "bool": true, "string": true,
}

// badMapKeys finds the map fields whose key type protobuf's grammar rejects, with the scope
// each is declared in.
func badMapKeys(toks []token) []mapKey {
	var (
		out   []mapKey
		pkg   []string
		stack []string // one entry per open brace: the message name, or "" for other blocks
	)
	scope := func() []string {
		s := append([]string(nil), pkg...)
		for _, m := range stack {
			if m != "" {
				s = append(s, m)
			}
		}
		return s
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.text {
		case "package":
			if len(stack) == 0 {
				pkg = nil
				for j := i + 1; j < len(toks) && toks[j].text != ";"; j++ {
					if toks[j].text != "." {
						pkg = append(pkg, toks[j].text)
					}
				}
			}
		case "{":
			name := ""
			if i >= 2 && toks[i-2].text == "message" {
				name = toks[i-1].text
			}
			stack = append(stack, name)
		case "}":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case "map":
			if i+1 >= len(toks) || toks[i+1].text != "<" {
				continue
			}
			j := i + 2
			for j < len(toks) && (toks[j].text == "." || isIdentStart(toks[j].text[0])) {
				j++
			}
			if j == i+2 || j >= len(toks) || toks[j].text != "," {
				continue // not a map key followed by a comma: the parser reports what it is
			}
			first, last := toks[i+2], toks[j-1]
			var name strings.Builder
			for _, k := range toks[i+2 : j] {
				name.WriteString(k.text)
			}
			if validMapKeys[name.String()] {
				continue
			}
			k := mapKey{
				name:      name.String(),
				scope:     scope(),
				pos:       diag.Pos{Line: first.line, Col: first.col},
				start:     first.start,
				end:       last.end,
				endCol:    last.col + len(last.text),
				spansLine: first.line != last.line,
			}
			for j++; j < len(toks) && toks[j].text != ">" && toks[j].text != ";"; j++ {
			}
			if j+1 < len(toks) && toks[j].text == ">" {
				k.field = toks[j+1].text
			}
			out = append(out, k)
		}
	}
	return out
}

// replaceMapKeys rewrites each bad key type as string, so the parser accepts the file and
// linking reports the file's other mistakes. It returns the new source and, per line, the
// column shifts to undo in positions reported against the new text.
func replaceMapKeys(src []byte, keys []mapKey) ([]byte, []colShift) {
	var (
		out    []byte
		shifts []colShift
		last   int
	)
	for _, k := range keys {
		repl := "string"
		if n := k.end - k.start; n > len(repl) {
			repl += strings.Repeat(" ", n-len(repl))
		}
		out = append(out, src[last:k.start]...)
		out = append(out, repl...)
		last = k.end
		if delta := len(repl) - (k.end - k.start); delta != 0 && !k.spansLine {
			shifts = append(shifts, colShift{line: k.pos.Line, after: k.endCol, delta: delta})
		}
	}
	out = append(out, src[last:]...)
	return out, shifts
}

// colShift records that, on line, text from column after on moved right by delta columns.
type colShift struct {
	line, after, delta int
}

// unshift maps a column on line of rewritten text back to the original text's column.
func unshift(shifts []colShift, line, col int) int {
	moved := 0
	for _, s := range shifts {
		if s.line == line && col >= s.after+moved+s.delta {
			moved += s.delta
		}
	}
	return col - moved
}
