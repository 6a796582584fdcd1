package gogen

import (
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// types writes the file's enums and messages in declaration order, each oneof's interface and
// wrapper structs right after its message.
func (f *goFile) types() {
	for _, e := range f.file.Enums {
		f.enum(e)
	}
	for _, m := range f.file.Messages {
		f.message(m)
	}
}

func (f *goFile) enum(e *ir.Enum) {
	f.blank()
	f.doc(e.Doc, e.GoName+" is the enum "+e.FullName+"; a value is its name on the wire.")
	f.p("type " + e.GoName + " string")
	f.blank()
	f.comment("The values of " + e.GoName + ".")
	var rows []row
	for _, v := range e.Values {
		rows = append(rows, docRows(v.Doc)...)
		rows = append(rows, row{cells: []string{v.GoName, e.GoName}, rest: "= " + lit(v.WireName)})
	}
	f.specs("const", rows)
	f.blank()
	f.comment("WireEnum returns the descriptor runtime/wire's codecs use for " + e.GoName + ", for code of your\n" +
		"own and for generated code of other packages.")
	f.fn("func ("+e.GoName+") WireEnum() *"+f.q(pkgWire, "Enum"), "return "+enumVar(e))
}

// specs writes a parenthesized const or var declaration of rows, each spec a row and each
// doc comment rows of its own.
func (f *goFile) specs(keyword string, rows []row) {
	f.p(keyword + " (")
	f.aligned(rows)
	f.p(")")
}

func (f *goFile) message(m *ir.Message) {
	f.blank()
	f.doc(m.Doc, m.GoName+" is the message "+m.FullName+".")
	var rows []row
	for _, fl := range m.Fields {
		rows = append(rows, docRows(fl.Doc)...)
		typ := ""
		if fl.Oneof != nil {
			typ = fl.Oneof.GoName
		} else {
			typ = f.goType(fl.Type)
		}
		rows = append(rows, row{cells: []string{fl.GoName}, rest: typ})
	}
	if m.Error != nil {
		// The status set with SetHTTPStatus. Unexported: the codecs bind fields by name and
		// never see it, so it is not on the wire.
		rows = append(rows, row{lines: []string{""}}, row{lines: []string{"// status is the status set with SetHTTPStatus, 0 when none."}},
			row{cells: []string{"status"}, rest: "int"})
	}
	f.structType(m.GoName, rows)
	f.blank()
	f.comment("WireMessage returns the descriptor runtime/wire's codecs use for " + m.GoName + ", for code of\n" +
		"your own that encodes or decodes it: wire.AppendJSON(nil, v.WireMessage(), v).")
	f.fn("func (*"+m.GoName+") WireMessage() *"+f.q(pkgWire, "Message"), "return "+messageVar(m))
	if m.Error != nil {
		f.errorMethods(m)
	}
	for _, fl := range m.Fields {
		if fl.Oneof != nil {
			f.oneof(m, fl)
		}
	}
}

// structType writes a struct type declaration with rows as its fields.
func (f *goFile) structType(name string, rows []row) {
	if len(rows) == 0 {
		f.p("type " + name + " struct{}")
		return
	}
	f.p("type " + name + " struct {")
	f.aligned(rows)
	f.p("}")
}

// errorMethods makes an error type's Go type an error and an rpc.TypedError (SPEC 5.1): a
// function returns it to fail with a variant, and clients return it. Each method is written
// a line of output to a line here.
func (f *goFile) errorMethods(m *ir.Message) {
	et := m.Error
	var framework *ir.ErrorVariant
	for _, v := range et.Variants {
		if v.Framework {
			framework = v
		}
	}
	kind := "e." + et.Oneof.GoName
	fe := "v." + framework.Member.FieldGoName // the framework variant's *rpc.Error
	// cases writes a type switch's cases on the variant e holds: one per variant of the
	// schema, with what variant returns, then the framework variant's.
	cases := func(variant func(v *ir.ErrorVariant) string, frameworkCase string) {
		f.p("switch v := " + kind + ".(type) {")
		for _, v := range et.Variants {
			if !v.Framework {
				f.p("case " + v.Member.GoName + ":")
				f.p(variant(v))
			}
		}
		f.p("case " + framework.Member.GoName + ":")
		f.p(frameworkCase)
		f.p("}")
	}

	f.blank()
	f.comment("Error returns the error type's name and the variant e holds, so that a log line says\n" +
		"which way the function failed; the variant's fields are in e.")
	f.p("func (e *" + m.GoName + ") Error() string {")
	cases(func(v *ir.ErrorVariant) string { return "return " + lit(m.FullName+": "+v.Member.WireName) },
		"if "+fe+" != nil {\nreturn "+lit(m.FullName+": ")+" + "+fe+".Error()\n}")
	f.p("return " + lit(m.FullName))
	f.p("}")

	f.blank()
	f.comment("HTTPStatus returns the status e answers with: the one set with SetHTTPStatus (a client\n" +
		"sets the answer's; a function may choose one for this error), else its variant's, else\n" +
		"for the framework variant its Error's Status, else 500.")
	f.p("func (e *" + m.GoName + ") HTTPStatus() int {")
	f.p("if e.status != 0 {\nreturn e.status\n}")
	cases(func(v *ir.ErrorVariant) string { return "return " + strconv.Itoa(v.Status) },
		"if "+fe+" != nil && "+fe+".Status != 0 {\nreturn "+fe+".Status\n}")
	f.p("return 500")
	f.p("}")

	f.blank()
	f.comment("SetHTTPStatus sets the status HTTPStatus returns, whatever the variant; 0 unsets it. A\n" +
		"client sets the status the error came with (a Leptos 0.8 server answers every error 500);\n" +
		"a function may set the one this error answers with, kept within 400-599 by the server,\n" +
		"which answers the framework variant with its Error's Status instead.")
	f.p("func (e *" + m.GoName + ") SetHTTPStatus(status int) {")
	f.p("e.status = status")
	f.p("}")

	f.blank()
	f.comment("FrameworkError returns the framework failure e holds (arguments that did not decode, a\n" +
		"refused request, an internal error), or nil when e holds another variant.")
	f.p("func (e *" + m.GoName + ") FrameworkError() *" + f.q(pkgRPC, "Error") + " {")
	f.p("if v, ok := " + kind + ".(" + framework.Member.GoName + "); ok {\nreturn " + fe + "\n}")
	f.p("return nil")
	f.p("}")
}

// oneof writes the interface a oneof field holds and one wrapper struct per member.
func (f *goFile) oneof(m *ir.Message, fl *ir.Field) {
	o := fl.Oneof
	marker := "is" + o.GoName
	names := make([]string, len(o.Variants))
	for i, v := range o.Variants {
		names[i] = v.GoName
	}
	f.blank()
	f.comment(o.GoName + " is the oneof " + fl.Name + " of " + m.GoName + ": nil, or one of " + strings.Join(names, ", ") + ".")
	f.p("type " + o.GoName + " interface {\n" + marker + "()\n}")
	for _, v := range o.Variants {
		f.blank()
		f.doc(v.Doc, v.GoName+" is the "+v.Name+" member of "+o.GoName+".")
		f.structType(v.GoName, []row{{cells: []string{v.FieldGoName}, rest: f.goType(v.Type)}})
		f.blank()
		f.p("func (" + v.GoName + ") " + marker + "() {}")
	}
}

// goType is the Go type of a value of t (SPEC section 1's table).
func (f *goFile) goType(t *ir.Type) string {
	switch t.Kind {
	case ir.KindString:
		return "string"
	case ir.KindBool:
		return "bool"
	case ir.KindInt32:
		return "int32"
	case ir.KindInt64:
		return "int64"
	case ir.KindUint32:
		return "uint32"
	case ir.KindUint64:
		return "uint64"
	case ir.KindFloat32:
		return "float32"
	case ir.KindFloat64:
		return "float64"
	case ir.KindBytes:
		return "[]byte"
	case ir.KindEnum:
		return f.qual(t.Enum.File, t.Enum.GoName)
	case ir.KindMessage:
		if t.IsFramework() {
			// Leptos's ServerFnErrorErr is the runtime's error: its tag and message.
			return "*" + f.q(pkgRPC, "Error")
		}
		return f.msgType(t.Message)
	case ir.KindList:
		return "[]" + f.goType(t.Elem)
	case ir.KindMap:
		return "map[" + f.goType(t.Key) + "]" + f.goType(t.Elem)
	case ir.KindOptional:
		return "*" + f.goType(t.Elem)
	case ir.KindTimestamp:
		return f.q("time", "Time")
	case ir.KindJSONValue:
		return "any"
	case ir.KindJSONObject:
		return "map[string]any"
	}
	panic("gogen: unknown kind " + t.Kind.String())
}

// msgType is the Go type of message m, qualified when m is of another Go package.
func (f *goFile) msgType(m *ir.Message) string { return f.qual(m.File, m.GoName) }
