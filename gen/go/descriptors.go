package gogen

import (
	"github.com/dave/jennifer/jen"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// Descriptor variable names. Exported Go names are unique in a package (the compiler checks),
// so these unexported derivations are too.
func messageVar(m *ir.Message) string { return lowerFirst(m.GoName) + "Message" }
func errorVar(m *ir.Message) string   { return lowerFirst(m.GoName) + "ErrorType" }
func enumVar(e *ir.Enum) string       { return lowerFirst(e.GoName) + "Enum" }
func funcVar(s *ir.Service, fn *ir.Func) string {
	return lowerFirst(s.GoName) + fn.GoName + "Func"
}

// resultWrapper names the struct that carries a result that is not a message (a timestamp,
// a wrapper type, a JSON value): the codecs encode structs, so the result travels as the one
// field of a transparent struct.
func resultWrapper(s *ir.Service, fn *ir.Func) string {
	return lowerFirst(s.GoName) + fn.GoName + "Result"
}

// descriptors writes the wire descriptors of the file's enums and messages: one variable
// each, with the fields filled in by init so that messages may refer to each other in any
// order, recursion included.
func (g *generator) descriptors(f *jen.File) {
	if len(g.file.Enums) == 0 && len(g.file.Messages) == 0 && !g.hasResultWrappers() {
		return
	}
	var defs []jen.Code
	for _, e := range g.file.Enums {
		values := make([]jen.Code, len(e.Values))
		for i, v := range e.Values {
			values[i] = jen.Lit(v.WireName)
		}
		defs = append(defs, jen.Id(enumVar(e)).Op("=").Op("&").Qual(pkgWire, "Enum").Values(fields(
			"Name", jen.Lit(e.FullName),
			"Values", jen.Index().String().Values(values...),
		)...))
	}
	for _, m := range g.file.Messages {
		// An error type is its oneof on the wire: {"NotFound":{"id":7}}.
		defs = append(defs, g.messageDecl(messageVar(m), m.FullName, m.GoName, m.Transparent || m.Error != nil))
	}
	for _, m := range g.file.Messages {
		if m.Error == nil {
			continue
		}
		var cbor jen.Code
		if m.Error.Format == ir.FormatCBOR {
			cbor = jen.True()
		}
		var framework string
		for _, v := range m.Error.Variants {
			if v.Framework {
				framework = v.Member.WireName
			}
		}
		defs = append(defs, jen.Id(errorVar(m)).Op("=").Op("&").Qual(pkgRPC, "ErrorType").Values(fields(
			"Message", jen.Id(messageVar(m)),
			"CBOR", cbor,
			"Framework", jen.Lit(framework),
		)...))
	}
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				defs = append(defs, g.messageDecl(lowerFirst(resultWrapper(s, fn))+"Message", s.FullName+"."+fn.Name+" result", resultWrapper(s, fn), true))
			}
		}
	}
	f.Line()
	f.Comment("Wire descriptors: what the runtime's codecs know of each type.")
	f.Var().Defs(defs...)

	var body []jen.Code
	for _, m := range g.file.Messages {
		if len(m.Fields) == 0 {
			continue
		}
		body = append(body, jen.Id(messageVar(m)).Dot("Fields").Op("=").Add(g.fieldDescs(m)))
	}
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				body = append(body, jen.Id(lowerFirst(resultWrapper(s, fn))+"Message").Dot("Fields").Op("=").Index().Qual(pkgWire, "Field").Values(
					jen.Values(fields("Name", jen.Lit("value"), "GoName", jen.Lit("Value"), "Type", g.wireType(fn.Output))...)))
			}
		}
	}
	if len(body) > 0 {
		f.Line()
		f.Func().Id("init").Params().Block(body...)
	}
}

func (g *generator) messageDecl(varName, fullName, goName string, transparent bool) jen.Code {
	var tr jen.Code
	if transparent {
		tr = jen.True()
	}
	return jen.Id(varName).Op("=").Op("&").Qual(pkgWire, "Message").Values(fields(
		"Name", jen.Lit(fullName),
		"Transparent", tr,
		"GoType", jen.Qual("reflect", "TypeFor").Types(jen.Id(goName)).Call(),
	)...)
}

func (g *generator) hasResultWrappers() bool {
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				return true
			}
		}
	}
	return false
}

func needsResultWrapper(fn *ir.Func) bool { return !fn.Unit && fn.Output.Kind != ir.KindMessage }

func (g *generator) fieldDescs(m *ir.Message) *jen.Statement {
	var list []jen.Code
	for _, fl := range m.Fields {
		if fl.Oneof == nil {
			list = append(list, jen.Values(fields("Name", jen.Lit(fl.WireName), "GoName", jen.Lit(fl.GoName), "Type", g.wireType(fl.Type))...))
			continue
		}
		variants := jen.Index().Qual(pkgWire, "Variant").ValuesFunc(func(gr *jen.Group) {
			for _, v := range fl.Oneof.Variants {
				gr.Line().Values(fields(
					"Name", jen.Lit(v.WireName),
					"Type", g.wireType(v.Type),
					"GoType", jen.Qual("reflect", "TypeFor").Types(jen.Id(v.GoName)).Call(),
				)...)
			}
			gr.Line()
		})
		list = append(list, jen.Values(fields("Name", jen.Lit(fl.WireName), "GoName", jen.Lit(fl.GoName),
			"Oneof", jen.Op("&").Qual(pkgWire, "Oneof").Values(jen.Id("Variants").Op(":").Add(variants)))...))
	}
	return jen.Index().Qual(pkgWire, "Field").ValuesFunc(func(gr *jen.Group) {
		for _, c := range list {
			gr.Line().Add(c)
		}
		gr.Line()
	})
}

// wireScalars names runtime/wire's Type of each scalar kind.
var wireScalars = map[ir.Kind]string{
	ir.KindString: "String", ir.KindBool: "Bool", ir.KindInt32: "Int32", ir.KindInt64: "Int64",
	ir.KindUint32: "Uint32", ir.KindUint64: "Uint64", ir.KindFloat32: "Float32", ir.KindFloat64: "Float64",
	ir.KindBytes: "Bytes", ir.KindTimestamp: "Timestamp", ir.KindJSONValue: "JSONValue", ir.KindJSONObject: "JSONObject",
}

// wireType is the expression of a wire.Type for t.
func (g *generator) wireType(t *ir.Type) *jen.Statement {
	if name, ok := wireScalars[t.Kind]; ok {
		return jen.Qual(pkgWire, name)
	}
	switch t.Kind {
	case ir.KindEnum:
		return jen.Qual(pkgWire, "EnumType").Call(g.enumDesc(t.Enum))
	case ir.KindMessage:
		if t.IsFramework() {
			return jen.Qual(pkgRPC, "FrameworkType")
		}
		return jen.Qual(pkgWire, "MessageType").Call(g.messageDesc(t.Message))
	case ir.KindList:
		return jen.Qual(pkgWire, "ListOf").Call(g.wireType(t.Elem))
	case ir.KindMap:
		return jen.Qual(pkgWire, "MapOf").Call(g.wireType(t.Key), g.wireType(t.Elem))
	case ir.KindOptional:
		return jen.Qual(pkgWire, "OptionalOf").Call(g.wireType(t.Elem))
	}
	panic("gogen: unknown kind " + t.Kind.String())
}
