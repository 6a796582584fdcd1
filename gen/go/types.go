package gogen

import (
	"github.com/dave/jennifer/jen"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// types writes the file's enums and messages in declaration order, each oneof's interface and
// wrapper structs right after its message.
func (g *generator) types(f *jen.File) {
	enums := map[string]*ir.Enum{}
	for _, e := range g.file.Enums {
		enums[e.FullName] = e
	}
	for _, e := range g.file.Enums {
		g.enum(f, e)
	}
	for _, m := range g.file.Messages {
		g.message(f, m)
	}
}

func (g *generator) enum(f *jen.File, e *ir.Enum) {
	f.Line()
	doc(f, e.Doc, e.GoName+" is the enum "+e.FullName+"; a value is its name on the wire.")
	f.Type().Id(e.GoName).String()
	f.Line()
	var consts []jen.Code
	for _, v := range e.Values {
		consts = append(consts, comment(v.Doc).Id(v.GoName).Id(e.GoName).Op("=").Lit(v.WireName))
	}
	f.Comment("The values of " + e.GoName + ".")
	f.Const().Defs(consts...)
}

func (g *generator) message(f *jen.File, m *ir.Message) {
	f.Line()
	doc(f, m.Doc, m.GoName+" is the message "+m.FullName+".")
	var fields []jen.Code
	for _, fl := range m.Fields {
		c := comment(fl.Doc)
		if fl.Oneof != nil {
			fields = append(fields, c.Id(fl.GoName).Id(fl.Oneof.GoName))
			continue
		}
		fields = append(fields, c.Id(fl.GoName).Add(g.goType(fl.Type)))
	}
	f.Type().Id(m.GoName).Struct(fields...)
	f.Line()
	f.Commentf("WireMessage returns the descriptor runtime/wire's codecs use for %s, for code of", m.GoName)
	f.Comment("your own that encodes or decodes it: wire.AppendJSON(nil, v.WireMessage(), v).")
	f.Func().Params(jen.Op("*").Id(m.GoName)).Id("WireMessage").Params().Op("*").Qual(pkgWire, "Message").Block(
		jen.Return(jen.Id(messageVar(m))),
	)
	for _, fl := range m.Fields {
		if fl.Oneof != nil {
			g.oneof(f, m, fl)
		}
	}
}

// oneof writes the interface a oneof field holds and one wrapper struct per member.
func (g *generator) oneof(f *jen.File, m *ir.Message, fl *ir.Field) {
	o := fl.Oneof
	marker := "is" + o.GoName
	names := ""
	for i, v := range o.Variants {
		if i > 0 {
			names += ", "
		}
		names += v.GoName
	}
	f.Line()
	f.Comment(o.GoName + " is the oneof " + fl.Name + " of " + m.GoName + ": nil, or one of " + names + ".")
	f.Type().Id(o.GoName).Interface(jen.Id(marker).Params())
	for _, v := range o.Variants {
		f.Line()
		doc(f, v.Doc, v.GoName+" is the "+v.Name+" member of "+o.GoName+".")
		f.Type().Id(v.GoName).Struct(jen.Id(v.FieldGoName).Add(g.goType(v.Type)))
		f.Line()
		f.Func().Params(jen.Id(v.GoName)).Id(marker).Params().Block()
	}
}

// goType is the Go type of a value of t (SPEC section 1's table).
func (g *generator) goType(t *ir.Type) *jen.Statement {
	switch t.Kind {
	case ir.KindString:
		return jen.String()
	case ir.KindBool:
		return jen.Bool()
	case ir.KindInt32:
		return jen.Int32()
	case ir.KindInt64:
		return jen.Int64()
	case ir.KindUint32:
		return jen.Uint32()
	case ir.KindUint64:
		return jen.Uint64()
	case ir.KindFloat32:
		return jen.Float32()
	case ir.KindFloat64:
		return jen.Float64()
	case ir.KindBytes:
		return jen.Index().Byte()
	case ir.KindEnum:
		return jen.Id(t.Enum.GoName)
	case ir.KindMessage:
		return jen.Id(t.Message.GoName)
	case ir.KindList:
		return jen.Index().Add(g.goType(t.Elem))
	case ir.KindMap:
		return jen.Map(g.goType(t.Key)).Add(g.goType(t.Elem))
	case ir.KindOptional:
		return jen.Op("*").Add(g.goType(t.Elem))
	case ir.KindTimestamp:
		return jen.Qual("time", "Time")
	case ir.KindJSONValue:
		return jen.Any()
	case ir.KindJSONObject:
		return jen.Map(jen.String()).Any()
	}
	panic("gogen: unknown kind " + t.Kind.String())
}
