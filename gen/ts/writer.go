package tsgen

import (
	"fmt"
	"strings"
)

// writer accumulates TypeScript source, two spaces per indentation level.
type writer struct {
	strings.Builder
}

// line writes one line at the given depth; an empty text writes an empty line.
func (w *writer) line(depth int, text string) {
	if text != "" {
		w.indent(depth)
		w.WriteString(text)
	}
	w.WriteByte('\n')
}

// indent writes depth levels of indentation, without allocating for the usual depths.
func (w *writer) indent(depth int) {
	if n := 2 * depth; n <= len(spaces) {
		w.WriteString(spaces[:n])
	} else {
		w.WriteString(strings.Repeat("  ", depth))
	}
}

const spaces = "                                "

// doc writes text as a JSDoc comment at the given depth: on one line when it is one short
// line, else one " * " line per line. Nothing is written for an empty text.
func (w *writer) doc(depth int, text string) {
	if text == "" {
		return
	}
	text = strings.ReplaceAll(text, "*/", "*\\/")
	lines := strings.Split(text, "\n")
	if len(lines) == 1 && 2*depth+len(text)+7 <= maxWidth {
		w.line(depth, "/** "+text+" */")
		return
	}
	w.line(depth, "/**")
	for _, l := range lines {
		w.line(depth, strings.TrimRight(" * "+l, " "))
	}
	w.line(depth, " */")
}

// comment writes text as "//" lines at the given depth.
func (w *writer) comment(depth int, text string) {
	for _, l := range strings.Split(text, "\n") {
		w.line(depth, strings.TrimRight("// "+l, " "))
	}
}

// list writes head, the items separated by commas, and tail on one line when that fits
// within maxWidth, else head, one item a line (each with a trailing comma) one level
// deeper, and tail.
func (w *writer) list(depth int, head string, items []string, tail string) {
	// The one-line form's width, counted rather than built: most lists fit, and then their
	// pieces go straight into the buffer.
	width := 2*depth + len(head) + len(tail)
	for i, it := range items {
		if i > 0 {
			width += len(", ")
		}
		width += len(it)
	}
	if width <= maxWidth {
		w.indent(depth)
		w.WriteString(head)
		for i, it := range items {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString(it)
		}
		w.WriteString(tail)
		w.WriteByte('\n')
		return
	}
	w.line(depth, head)
	for _, it := range items {
		w.line(depth+1, it+",")
	}
	w.line(depth, tail)
}

// maxWidth is the column a generated line is kept within where it can be broken.
const maxWidth = 100

// quote spells s as a TypeScript string literal in double quotes, escaping only what must
// be: quotes, backslashes and control characters.
func quote(s string) string {
	// Most strings need no escape and are copied once. Invalid UTF-8 (read as U+FFFD) takes
	// the slow path too, which writes it as U+FFFD.
	plain := true
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0xfffd {
			plain = false
			break
		}
	}
	if plain {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteString(fmt.Sprintf(`\u%04x`, r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// isIdent reports whether s can be written as a property name without quotes.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}

// propName spells a property name: bare when it is an identifier, else quoted.
func propName(s string) string {
	if isIdent(s) {
		return s
	}
	return quote(s)
}
