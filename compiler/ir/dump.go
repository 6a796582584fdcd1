package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// Dump writes p as indented text, one declaration a line, for golden tests and for reading
// what the compiler decided. Positions are included; the format is for people, not parsers.
func Dump(p *Package) string {
	var d dumper
	for _, f := range p.Files {
		d.file(f)
	}
	return d.String()
}

type dumper struct{ strings.Builder }

func (d *dumper) line(depth int, format string, args ...any) {
	d.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(d, format, args...)
	d.WriteByte('\n')
}

func (d *dumper) doc(depth int, doc string) {
	if doc != "" {
		d.line(depth, "doc %s", strconv.Quote(doc))
	}
}

func (d *dumper) file(f *File) {
	d.line(0, "file %s name=%s package=%s go=%s;%s generate=%t", f.Path, f.Name, f.Package, f.GoPackage, f.GoName, f.Generate)
	d.doc(1, f.Doc)
	for _, e := range f.Enums {
		d.line(1, "enum %s go=%s ts=%s @%s", e.FullName, e.GoName, e.TSName, e.Pos)
		d.doc(2, e.Doc)
		for _, v := range e.Values {
			d.line(2, "value %s wire=%s go=%s @%s", v.Name, strconv.Quote(v.WireName), v.GoName, v.Pos)
			d.doc(3, v.Doc)
		}
	}
	for _, m := range f.Messages {
		flags := ""
		if m.Transparent {
			flags = " transparent"
		}
		d.line(1, "message %s go=%s ts=%s%s @%s", m.FullName, m.GoName, m.TSName, flags, m.Pos)
		d.doc(2, m.Doc)
		if e := m.Error; e != nil {
			d.line(2, "error %s oneof=%s", e.Format, e.Oneof.Name)
			for _, v := range e.Variants {
				if v.Framework {
					d.line(3, "variant %s framework", v.Member.Name)
					continue
				}
				d.line(3, "variant %s %s status=%d", v.Member.Name, v.Message.FullName, v.Status)
			}
		}
		for _, fl := range m.Fields {
			if fl.Oneof != nil {
				d.line(2, "oneof %s go=%s ts=%s iface=%s @%s", fl.Name, fl.GoName, fl.TSName, fl.Oneof.GoName, fl.Pos)
				d.doc(3, fl.Doc)
				for _, v := range fl.Oneof.Variants {
					d.line(3, "variant %s %s wire=%s go=%s.%s ts=%s @%s", v.Name, v.Type, strconv.Quote(v.WireName), v.GoName, v.FieldGoName, v.TSName, v.Pos)
					d.doc(4, v.Doc)
				}
				continue
			}
			d.line(2, "field %s %s wire=%s go=%s ts=%s @%s", fl.Name, fl.Type, strconv.Quote(fl.WireName), fl.GoName, fl.TSName, fl.Pos)
			d.doc(3, fl.Doc)
		}
	}
	for _, s := range f.Services {
		d.line(1, "service %s go=%s @%s", s.FullName, s.GoName, s.Pos)
		d.doc(2, s.Doc)
		for _, fn := range s.Funcs {
			in := fn.Input.FullName
			if fn.NoArgs {
				in = "()"
			}
			out := fn.Output.String()
			if fn.Unit {
				out = "()"
			}
			d.line(2, "func %s fn=%s go=%s ts=%s @%s", fn.Name, fn.FnName, fn.GoName, fn.TSName, fn.Pos)
			d.line(3, "%s %s %s prefix=%s endpoint=%s", fn.Method, fn.Path, fn.Encoding, strconv.Quote(fn.Prefix), strconv.Quote(fn.Endpoint))
			d.line(3, "%s -> %s", in, out)
			if st := fn.Stream; st != nil {
				format := ""
				if st.Format != "" {
					format = " format=" + string(st.Format)
				}
				d.line(3, "stream %s in=%s%s out=%s%s%s", st.Protocol, st.In, item(st.InItem), st.Out, item(st.OutItem), format)
			}
			if fn.Error != nil {
				d.line(3, "error %s", fn.Error.FullName)
			}
			d.doc(3, fn.Doc)
		}
	}
}

// item names a websocket item message after its stream kind: "(todo.v1.Todo)".
func item(m *Message) string {
	if m == nil {
		return ""
	}
	return "(" + m.FullName + ")"
}
