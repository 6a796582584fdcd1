package refserver

import (
	"strconv"
	"strings"
	"unicode"
)

// rustDebug formats s as Rust's {:?} formats a str: in double quotes, with \0, \t, \r,
// \n, \\ and \" escaped, and characters that Rust does not print as themselves (control
// and other non-printable characters, and combining marks) written \u{hex}. Rust decides
// "printable" with its own Unicode tables; unicode.IsPrint agrees on every character the
// conformance cases use.
func rustDebug(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case 0:
			b.WriteString(`\0`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			if r == ' ' || unicode.IsPrint(r) && !unicode.In(r, unicode.Mn, unicode.Me) {
				b.WriteRune(r)
			} else {
				b.WriteString(`\u{` + strconv.FormatInt(int64(r), 16) + `}`)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
