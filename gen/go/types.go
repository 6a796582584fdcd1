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
	f.Line()
	f.Commentf("WireEnum returns the descriptor runtime/wire's codecs use for %s, for code of your", e.GoName)
	f.Comment("own and for generated code of other packages.")
	f.Func().Params(jen.Id(e.GoName)).Id("WireEnum").Params().Op("*").Qual(pkgWire, "Enum").Block(
		jen.Return(jen.Id(enumVar(e))),
	)
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
	if m.Error != nil {
		// The status set with SetHTTPStatus. Unexported: the codecs bind fields by name and
		// never see it, so it is not on the wire.
		fields = append(fields, jen.Line().Comment("status is the status set with SetHTTPStatus, 0 when none.").Line().Id("status").Int())
	}
	f.Type().Id(m.GoName).Struct(fields...)
	f.Line()
	f.Commentf("WireMessage returns the descriptor runtime/wire's codecs use for %s, for code of", m.GoName)
	f.Comment("your own that encodes or decodes it: wire.AppendJSON(nil, v.WireMessage(), v).")
	f.Func().Params(jen.Op("*").Id(m.GoName)).Id("WireMessage").Params().Op("*").Qual(pkgWire, "Message").Block(
		jen.Return(jen.Id(messageVar(m))),
	)
	if m.Error != nil {
		g.errorMethods(f, m)
	}
	for _, fl := range m.Fields {
		if fl.Oneof != nil {
			g.oneof(f, m, fl)
		}
	}
}

// errorMethods makes an error type's Go type an error and an rpc.TypedError (SPEC 5.1): a
// function returns it to fail with a variant, and clients return it.
func (g *generator) errorMethods(f *jen.File, m *ir.Message) {
	et := m.Error
	kind := jen.Id("e").Dot(et.Oneof.GoName)
	var texts, statuses []jen.Code
	var framework *ir.ErrorVariant
	for _, v := range et.Variants {
		if v.Framework {
			framework = v
			continue
		}
		name := jen.Lit(m.FullName + ": " + v.Member.WireName)
		texts = append(texts, jen.Case(jen.Id(v.Member.GoName)).Block(jen.Return(name)))
		statuses = append(statuses, jen.Case(jen.Id(v.Member.GoName)).Block(jen.Return(jen.Lit(v.Status))))
	}
	fe := jen.Id("v").Dot(framework.Member.FieldGoName)
	texts = append(texts, jen.Case(jen.Id(framework.Member.GoName)).Block(
		jen.If(fe.Clone().Op("!=").Nil()).Block(jen.Return(jen.Lit(m.FullName+": ").Op("+").Add(fe.Clone()).Dot("Error").Call()))))
	statuses = append(statuses, jen.Case(jen.Id(framework.Member.GoName)).Block(
		jen.If(fe.Clone().Op("!=").Nil().Op("&&").Add(fe.Clone()).Dot("Status").Op("!=").Lit(0)).Block(jen.Return(fe.Clone().Dot("Status")))))

	f.Line()
	f.Comment("Error returns the error type's name and the variant e holds, so that a log line says")
	f.Comment("which way the function failed; the variant's fields are in e.")
	f.Func().Params(jen.Id("e").Op("*").Id(m.GoName)).Id("Error").Params().String().Block(
		jen.Switch(jen.Id("v").Op(":=").Add(kind.Clone()).Assert(jen.Type())).Block(texts...),
		jen.Return(jen.Lit(m.FullName)),
	)
	f.Line()
	f.Comment("HTTPStatus returns the status e answers with: the one set with SetHTTPStatus (a client")
	f.Comment("sets the answer's; a function may choose one for this error), else its variant's, else")
	f.Comment("for the framework variant its Error's Status, else 500.")
	f.Func().Params(jen.Id("e").Op("*").Id(m.GoName)).Id("HTTPStatus").Params().Int().Block(
		jen.If(jen.Id("e").Dot("status").Op("!=").Lit(0)).Block(jen.Return(jen.Id("e").Dot("status"))),
		jen.Switch(jen.Id("v").Op(":=").Add(kind.Clone()).Assert(jen.Type())).Block(statuses...),
		jen.Return(jen.Lit(500)),
	)
	f.Line()
	f.Comment("SetHTTPStatus sets the status HTTPStatus returns, whatever the variant; 0 unsets it. A")
	f.Comment("client sets the status the error came with (a Leptos 0.8 server answers every error 500);")
	f.Comment("a function may set the one this error answers with, kept within 400-599 by the server,")
	f.Comment("which answers the framework variant with its Error's Status instead.")
	f.Func().Params(jen.Id("e").Op("*").Id(m.GoName)).Id("SetHTTPStatus").Params(jen.Id("status").Int()).Block(
		jen.Id("e").Dot("status").Op("=").Id("status"),
	)
	f.Line()
	f.Comment("FrameworkError returns the framework failure e holds (arguments that did not decode, a")
	f.Comment("refused request, an internal error), or nil when e holds another variant.")
	f.Func().Params(jen.Id("e").Op("*").Id(m.GoName)).Id("FrameworkError").Params().Op("*").Qual(pkgRPC, "Error").Block(
		jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(kind.Clone()).Assert(jen.Id(framework.Member.GoName)), jen.Id("ok")).Block(
			jen.Return(fe.Clone())),
		jen.Return(jen.Nil()),
	)
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
		return g.qual(t.Enum.File, t.Enum.GoName)
	case ir.KindMessage:
		if t.IsFramework() {
			// Leptos's ServerFnErrorErr is the runtime's error: its tag and message.
			return jen.Op("*").Qual(pkgRPC, "Error")
		}
		return g.msgType(t.Message)
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

// msgType is the Go type of message m, qualified when m is of another Go package.
func (g *generator) msgType(m *ir.Message) *jen.Statement { return g.qual(m.File, m.GoName) }
