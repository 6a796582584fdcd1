package gogen

import (
	"strings"

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
func (f *goFile) descriptors() {
	if len(f.file.Enums) == 0 && len(f.file.Messages) == 0 && !f.hasResultWrappers() {
		return
	}
	var rows []row
	def := func(name, value string) { rows = append(rows, row{cells: []string{name}, rest: "= " + value}) }
	for _, e := range f.file.Enums {
		values := make([]string, len(e.Values))
		for i, v := range e.Values {
			values[i] = lit(v.WireName)
		}
		def(enumVar(e), "&"+f.q(pkgWire, "Enum")+"{Name: "+lit(e.FullName)+", Values: []string{"+strings.Join(values, ", ")+"}}")
	}
	for _, m := range f.file.Messages {
		// An error type is its oneof on the wire: {"NotFound":{"id":7}}.
		def(messageVar(m), f.messageDecl(m.FullName, m.GoName, m.Transparent || m.Error != nil))
	}
	for _, m := range f.file.Messages {
		if m.Error == nil {
			continue
		}
		cbor := ""
		if m.Error.Format == ir.FormatCBOR {
			cbor = ", CBOR: true"
		}
		var framework string
		for _, v := range m.Error.Variants {
			if v.Framework {
				framework = v.Member.WireName
			}
		}
		def(errorVar(m), "&"+f.q(pkgRPC, "ErrorType")+"{Message: "+messageVar(m)+cbor+", Framework: "+lit(framework)+"}")
	}
	for _, s := range f.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				def(lowerFirst(resultWrapper(s, fn))+"Message", f.messageDecl(s.FullName+"."+fn.Name+" result", resultWrapper(s, fn), true))
			}
		}
	}
	f.blank()
	f.comment("Wire descriptors: what the runtime's codecs know of each type.")
	f.specs("var", rows)

	var body strings.Builder
	for _, m := range f.file.Messages {
		if len(m.Fields) == 0 {
			continue
		}
		body.WriteString(messageVar(m) + ".Fields = " + f.fieldDescs(m) + "\n")
	}
	for _, s := range f.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				body.WriteString(lowerFirst(resultWrapper(s, fn)) + "Message.Fields = []" + f.q(pkgWire, "Field") +
					"{{Name: \"value\", GoName: \"Value\", Type: " + f.wireType(fn.Output) + "}}\n")
			}
		}
	}
	if body.Len() > 0 {
		f.blank()
		f.fn("func init()", body.String())
	}
}

// messageDecl is the expression of a message's descriptor.
func (f *goFile) messageDecl(fullName, goName string, transparent bool) string {
	tr := ""
	if transparent {
		tr = ", Transparent: true"
	}
	return "&" + f.q(pkgWire, "Message") + "{Name: " + lit(fullName) + tr + ", GoType: " + f.typeFor(goName) + "}"
}

// typeFor is the expression of the reflect.Type of the named type of this package.
func (f *goFile) typeFor(goName string) string {
	return f.q("reflect", "TypeFor") + "[" + goName + "]()"
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

// fieldDescs is the expression of m's field descriptors, a field to a line.
func (f *goFile) fieldDescs(m *ir.Message) string {
	var b strings.Builder
	b.WriteString("[]" + f.q(pkgWire, "Field") + "{\n")
	for _, fl := range m.Fields {
		b.WriteString("{Name: " + lit(fl.WireName) + ", GoName: " + lit(fl.GoName))
		if fl.Oneof == nil {
			b.WriteString(", Type: " + f.wireType(fl.Type) + "},\n")
			continue
		}
		b.WriteString(", Oneof: &" + f.q(pkgWire, "Oneof") + "{Variants: []" + f.q(pkgWire, "Variant") + "{\n")
		for _, v := range fl.Oneof.Variants {
			b.WriteString("{Name: " + lit(v.WireName) + ", Type: " + f.wireType(v.Type) + ", GoType: " + f.typeFor(v.GoName) + "},\n")
		}
		b.WriteString("}}},\n")
	}
	b.WriteString("}")
	return b.String()
}

// wireScalars names runtime/wire's Type of each scalar kind.
var wireScalars = map[ir.Kind]string{
	ir.KindString: "String", ir.KindBool: "Bool", ir.KindInt32: "Int32", ir.KindInt64: "Int64",
	ir.KindUint32: "Uint32", ir.KindUint64: "Uint64", ir.KindFloat32: "Float32", ir.KindFloat64: "Float64",
	ir.KindBytes: "Bytes", ir.KindTimestamp: "Timestamp", ir.KindJSONValue: "JSONValue", ir.KindJSONObject: "JSONObject",
}

// wireType is the expression of a wire.Type for t.
func (f *goFile) wireType(t *ir.Type) string {
	if name, ok := wireScalars[t.Kind]; ok {
		return f.q(pkgWire, name)
	}
	switch t.Kind {
	case ir.KindEnum:
		return f.q(pkgWire, "EnumType") + "(" + f.enumDesc(t.Enum) + ")"
	case ir.KindMessage:
		if t.IsFramework() {
			return f.q(pkgRPC, "FrameworkType")
		}
		return f.q(pkgWire, "MessageType") + "(" + f.messageDesc(t.Message) + ")"
	case ir.KindList:
		return f.q(pkgWire, "ListOf") + "(" + f.wireType(t.Elem) + ")"
	case ir.KindMap:
		return f.q(pkgWire, "MapOf") + "(" + f.wireType(t.Key) + ", " + f.wireType(t.Elem) + ")"
	case ir.KindOptional:
		return f.q(pkgWire, "OptionalOf") + "(" + f.wireType(t.Elem) + ")"
	}
	panic("gogen: unknown kind " + t.Kind.String())
}
