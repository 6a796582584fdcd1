package tsgen

import (
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// types writes the file's enums and messages in declaration order: enums as unions of their
// wire names, messages as interfaces, transparent messages as aliases of what they stand for,
// error types as unions of their variants.
func (g *generator) types(w *writer) {
	for _, e := range g.file.Enums {
		w.line(0, "")
		w.doc(0, e.Doc)
		var values, docs []string
		for _, v := range e.Values {
			values = append(values, quote(v.WireName))
			docs = append(docs, v.Doc)
		}
		g.union(w, "export type "+e.TSName+" =", values, docs, ";")
	}
	for _, m := range g.file.Messages {
		w.line(0, "")
		w.doc(0, m.Doc)
		if m.Error != nil {
			g.errorType(w, m)
			continue
		}
		if m.Transparent {
			w.line(0, "export type "+m.TSName+" = "+g.fieldType(m.Fields[0])+";")
			continue
		}
		if len(m.Fields) == 0 {
			w.line(0, "export interface "+m.TSName+" {}")
			continue
		}
		w.line(0, "export interface "+m.TSName+" {")
		for _, f := range m.Fields {
			w.doc(1, f.Doc)
			if f.Oneof != nil {
				g.oneofProperty(w, f)
				continue
			}
			opt := ""
			if f.Type.Kind == ir.KindOptional {
				opt = "?"
			}
			w.line(1, propName(f.TSName)+opt+": "+g.tsType(f.Type)+";")
		}
		w.line(0, "}")
	}
}

// union writes "head A | B | C tail" on one line when it fits and no member has a doc
// comment, else one member a line, each after its comment.
func (g *generator) union(w *writer, head string, members, docs []string, tail string) {
	one := head + " " + strings.Join(members, " | ") + tail
	if len(one) <= maxWidth && strings.Join(docs, "") == "" {
		w.line(0, one)
		return
	}
	w.line(0, head)
	for i, m := range members {
		w.doc(1, docs[i])
		end := ""
		if i == len(members)-1 {
			end = tail
		}
		w.line(1, "| "+m+end)
	}
}

// errorType writes an error type (SPEC 5.1) as what travels: one of its variants, keyed by
// wire name as serde tags an enum, with no property for the oneof, since an error always
// holds one. Each variant's doc says the status it answers with.
func (g *generator) errorType(w *writer, m *ir.Message) {
	var members, docs []string
	for _, v := range m.Error.Variants {
		members = append(members, "{ "+propName(v.Member.WireName)+": "+g.tsType(v.Member.Type)+" }")
		doc := v.Member.Doc
		if doc != "" {
			doc += "\n\n"
		}
		if v.Framework {
			doc += "The framework's failures (Leptos's ServerFnErrorErr), with the failure's status."
		} else {
			doc += "Answered with status " + strconv.Itoa(v.Status) + "."
		}
		docs = append(docs, doc)
	}
	g.union(w, "export type "+m.TSName+" =", members, docs, ";")
}

// oneofProperty writes a oneof as an optional property holding one {member: value} object,
// each member keyed by its wire name, or null when none is set.
func (g *generator) oneofProperty(w *writer, f *ir.Field) {
	members := g.variantTypes(f.Oneof)
	one := propName(f.TSName) + "?: " + strings.Join(members, " | ") + " | null;"
	documented := false
	for _, v := range f.Oneof.Variants {
		documented = documented || v.Doc != ""
	}
	if !documented && 2+len(one) <= maxWidth {
		w.line(1, one)
		return
	}
	w.line(1, propName(f.TSName)+"?:")
	for _, v := range f.Oneof.Variants {
		w.doc(2, v.Doc)
		w.line(2, "| { "+propName(v.WireName)+": "+g.tsType(v.Type)+" }")
	}
	w.line(2, "| null;")
}

func (g *generator) variantTypes(o *ir.Oneof) []string {
	var members []string
	for _, v := range o.Variants {
		members = append(members, "{ "+propName(v.WireName)+": "+g.tsType(v.Type)+" }")
	}
	return members
}

// fieldType is the TypeScript type of a field's value, a oneof's included.
func (g *generator) fieldType(f *ir.Field) string {
	if f.Oneof != nil {
		return strings.Join(g.variantTypes(f.Oneof), " | ") + " | null"
	}
	return g.tsType(f.Type)
}

// tsType is the TypeScript type of values of t (SPEC section 1's table).
func (g *generator) tsType(t *ir.Type) string {
	switch t.Kind {
	case ir.KindString, ir.KindTimestamp:
		return "string"
	case ir.KindBool:
		return "boolean"
	case ir.KindInt64, ir.KindUint64:
		if g.bigint {
			return "bigint"
		}
		return "number"
	case ir.KindInt32, ir.KindUint32, ir.KindFloat32, ir.KindFloat64:
		return "number"
	case ir.KindBytes:
		return "Uint8Array"
	case ir.KindEnum:
		return g.ref(t.Enum.TSName, t.Enum.File, false)
	case ir.KindMessage:
		if isFramework(t.Message) {
			return g.rt + ".ServerFnErrorErr"
		}
		return g.ref(t.Message.TSName, t.Message.File, false)
	case ir.KindList:
		elem := g.tsType(t.Elem)
		if strings.Contains(elem, " ") {
			return "(" + elem + ")[]"
		}
		return elem + "[]"
	case ir.KindMap:
		return "{ [key: string]: " + g.tsType(t.Elem) + " }"
	case ir.KindOptional:
		return g.tsType(t.Elem) + " | null"
	case ir.KindJSONValue:
		return g.rt + ".JsonValue"
	case ir.KindJSONObject:
		return g.rt + ".JsonObject"
	}
	panic("tsgen: unexpected type kind " + t.Kind.String())
}

// isFramework reports whether m is sfn.v1.ServerFnErrorErr, the type of an error type's
// framework variant, which the runtime declares (ServerFnErrorErr and its description
// serverFnErrorErr) rather than a generated module.
func isFramework(m *ir.Message) bool {
	return m.FullName == "sfn.v1.ServerFnErrorErr"
}
