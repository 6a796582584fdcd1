package tsgen

import (
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// descriptors writes each enum's and message's wire description, the data the runtime walks
// to encode and decode it: an enum's kind, which knows its values' wire names; for a message
// [message, fields] with one [name, type, wire name] entry a field, or, for a transparent
// message, the description of what it stands for; for an error type [variants, members],
// its oneof alone. Each shares its type's name, as a value beside the type. It reports
// whether it wrote any.
func (g *generator) descriptors(w *writer) bool {
	if len(g.file.Messages) == 0 && len(g.file.Enums) == 0 {
		return false
	}
	w.line(0, "")
	w.comment(0, "How each type travels: descriptions for the runtime, which encodes and decodes by them.")
	for _, e := range g.file.Enums {
		var names []string
		for _, v := range e.Values {
			names = append(names, quote(v.WireName))
		}
		head := "export const " + e.TSName + ": " + g.rt + ".Type = /* @__PURE__ */ " + g.rt + ".enumOf(["
		if one := head + strings.Join(names, ", ") + "]);"; len(one) <= maxWidth {
			w.line(0, one)
			continue
		}
		w.line(0, head)
		for _, n := range names {
			w.line(1, n+",")
		}
		w.line(0, "]);")
	}
	for _, m := range g.file.Messages {
		head := "export const " + m.TSName + ": " + g.rt + ".Type = "
		switch {
		case m.Error != nil:
			w.list(0, head+"["+g.rt+".variants, [", g.variantEntries(m.Error.Oneof.Oneof), "]];")
		case m.Transparent:
			w.line(0, head+g.fieldDescriptor(m.Fields[0])+";")
		default:
			var entries []string
			for _, f := range m.Fields {
				entries = append(entries, g.fieldEntry(f))
			}
			w.list(0, head+"["+g.rt+".message, [", entries, "]];")
		}
		g.declared[m] = true
	}
	return true
}

// guards writes one type guard per error type of the file: isTodoError(e) tells a failure
// with a TodoError from others (another error type's, a ServerFnError) and narrows it.
func (g *generator) guards(w *writer) {
	for _, m := range g.file.Messages {
		if m.Error == nil {
			continue
		}
		w.line(0, "")
		w.doc(0, "is"+m.TSName+" tells whether e, a call's failure, holds a "+m.TSName+", and narrows it to one.")
		w.line(0, "export function is"+m.TSName+"(e: unknown): e is "+g.rt+".TypedServerFnError<"+m.TSName+"> {")
		w.line(1, "return "+g.rt+".TypedServerFnError.of<"+m.TSName+">(e, "+m.TSName+");")
		w.line(0, "}")
	}
}

// fieldEntry is a field's [name, type] or, when its wire name differs, [name, type, wire].
func (g *generator) fieldEntry(f *ir.Field) string {
	entry := "[" + quote(f.TSName) + ", " + g.fieldDescriptor(f)
	if f.WireName != f.TSName {
		entry += ", " + quote(f.WireName)
	}
	return entry + "]"
}

func (g *generator) fieldDescriptor(f *ir.Field) string {
	if f.Oneof == nil {
		return g.descriptor(f.Type)
	}
	return "[" + g.rt + ".oneof, [" + strings.Join(g.variantEntries(f.Oneof), ", ") + "]]"
}

// variantEntries are the [wire name, type] entries of o's members.
func (g *generator) variantEntries(o *ir.Oneof) []string {
	var entries []string
	for _, v := range o.Variants {
		entries = append(entries, "["+quote(v.WireName)+", "+g.descriptor(v.Type)+"]")
	}
	return entries
}

// scalarDescriptors name the runtime's constant for each scalar kind.
var scalarDescriptors = map[ir.Kind]string{
	ir.KindString:     "string",
	ir.KindBool:       "bool",
	ir.KindInt32:      "int32",
	ir.KindInt64:      "int64",
	ir.KindUint32:     "uint32",
	ir.KindUint64:     "uint64",
	ir.KindFloat32:    "float32",
	ir.KindFloat64:    "float64",
	ir.KindBytes:      "bytes",
	ir.KindTimestamp:  "timestamp",
	ir.KindJSONValue:  "jsonValue",
	ir.KindJSONObject: "jsonValue",
}

// descriptor is the runtime's description of t. A message of this file whose description
// is written further down (or is being written: recursion) is referred to through a
// function, since its constant does not exist yet when this one is built.
func (g *generator) descriptor(t *ir.Type) string {
	switch t.Kind {
	case ir.KindMessage:
		if isFramework(t.Message) {
			return g.rt + ".serverFnErrorErr"
		}
		name := g.ref(t.Message.TSName, t.Message.File, true)
		if t.Message.File == g.file.Name && !g.declared[t.Message] {
			return "() => " + name
		}
		return name
	case ir.KindList:
		return "[" + g.rt + ".list, " + g.descriptor(t.Elem) + "]"
	case ir.KindOptional:
		return "[" + g.rt + ".optional, " + g.descriptor(t.Elem) + "]"
	case ir.KindMap:
		return "[" + g.rt + ".map, " + g.descriptor(t.Key) + ", " + g.descriptor(t.Elem) + "]"
	case ir.KindEnum:
		return g.ref(t.Enum.TSName, t.Enum.File, true)
	}
	if s, ok := scalarDescriptors[t.Kind]; ok {
		if g.bigint && (t.Kind == ir.KindInt64 || t.Kind == ir.KindUint64) {
			s = "big" + s // bigint64, biguint64: bigint mode's kinds, from sfn/bigint.ts
		}
		return g.rt + "." + s
	}
	panic("tsgen: unexpected type kind " + t.Kind.String())
}
