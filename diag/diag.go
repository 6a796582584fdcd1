// Package diag holds source positions and the diagnostics that every stage of the sfn pipeline
// reports against them. It sits below all the stages: schema (stage 1) reports syntax and link
// errors with it, compiler (stage 2) its semantic errors, and the CLI prints the sorted list.
//
// Like go/scanner's ErrorList, a List is collected whole, then sorted and de-duplicated, so a
// run reports every mistake at once, in file order.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col count from 1; a zero Line means the
// position is only the file (or unknown, when File is empty too).
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out the parts it does not know.
func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return "-"
	case p.Line == 0:
		return p.File
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// IsValid reports whether p names a line of a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p sorts before q: by file, then line, then column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Diagnostic is one error found in a schema.
type Diagnostic struct {
	Pos Pos
	Msg string
}

// String formats d the way compilers print errors: "file.sfn:12:5: message".
func (d Diagnostic) String() string {
	if d.Pos == (Pos{}) {
		return d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// List is the diagnostics of one run. The zero value is empty and ready to use.
type List []Diagnostic

// Add appends a diagnostic at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by position, then message, and removes exact duplicates, which
// arise when one mistake is reached from two directions (a type used by two functions).
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Pos != s[j].Pos {
			return s[i].Pos.Before(s[j].Pos)
		}
		return s[i].Msg < s[j].Msg
	})
	out := s[:0]
	for i, d := range s {
		if i > 0 && d == s[i-1] {
			continue
		}
		out = append(out, d)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error joins the diagnostics one per line, so a List is an error value.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
