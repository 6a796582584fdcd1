package gogen

import (
	"sort"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// The client codecs: for each function, the generated client encodes the arguments in the
// function's argument format and decodes the result in its result format with methods
// generated for those types in those formats, written in calls to runtime/wire's writers
// and readers. So a client program links the code of the formats and kinds its functions
// use, and none of runtime/wire's plan-driven codecs or reflection; a WebAssembly client
// stays small. Servers keep the plan-driven codecs (through rpc.Func), which the tests hold
// these to, byte for byte and error for error.

// codecOp is one codec a type can have: an encoder or a decoder in one format.
type codecOp struct {
	format ir.Format
	decode bool
}

// codecOps in the order their methods are written.
var codecOps = []codecOp{
	{ir.FormatForm, false}, {ir.FormatJSON, false}, {ir.FormatCBOR, false},
	{ir.FormatJSON, true}, {ir.FormatCBOR, true},
}

// method is the name of the op's method on a message.
func (op codecOp) method() string {
	if op.decode {
		return "decode" + formatName[op.format]
	}
	return "append" + formatName[op.format]
}

// param is the op's writer or reader parameter: w *wire.JSONWriter, r *wire.CBORReader.
func (f *goFile) param(op codecOp) string {
	if op.decode {
		return "r *" + f.q(pkgWire, formatName[op.format]+"Reader")
	}
	return "w *" + f.q(pkgWire, formatName[op.format]+"Writer")
}

// Tables the codecs are written from, kept here rather than built per call: generation
// writes thousands of codecs for a large schema.
var (
	formatWords = map[ir.Format]string{ir.FormatForm: "a form", ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR"}
	scalarReads = map[ir.Kind]string{
		ir.KindString: "String", ir.KindBool: "Bool", ir.KindInt32: "Int32", ir.KindInt64: "Int64",
		ir.KindUint32: "Uint32", ir.KindUint64: "Uint64", ir.KindFloat32: "Float32", ir.KindFloat64: "Float64",
		ir.KindBytes: "Bytes", ir.KindTimestamp: "Timestamp", ir.KindJSONValue: "Value", ir.KindJSONObject: "Object",
	}
	keyReads = map[ir.Kind]string{
		ir.KindString: "StringKey", ir.KindInt32: "Int32Key", ir.KindInt64: "Int64Key",
		ir.KindUint32: "Uint32Key", ir.KindUint64: "Uint64Key",
	}
)

// codecNeeds collects which codecs each message needs: the argument encoders and result
// decoders of the file's functions, and those of every message they contain.
type codecNeeds map[*ir.Message]map[codecOp]bool

func (n codecNeeds) add(m *ir.Message, op codecOp) {
	if n[m][op] {
		return
	}
	if n[m] == nil {
		n[m] = map[codecOp]bool{}
	}
	n[m][op] = true
	for _, f := range m.Fields {
		n.addType(f.Type, op)
		if f.Oneof != nil {
			for _, v := range f.Oneof.Variants {
				n.addType(v.Type, op)
			}
		}
	}
}

func (n codecNeeds) addType(t *ir.Type, op codecOp) {
	if t == nil || t.IsFramework() {
		// The framework variant is read with the reader's TextVariant: no codec of its own.
		return
	}
	if t.Kind == ir.KindMessage {
		n.add(t.Message, op)
	}
	n.addType(t.Elem, op)
}

func (g *generator) codecNeeds() codecNeeds {
	n := codecNeeds{}
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if fn.Stream != nil {
				n.addStream(fn)
				continue
			}
			if !fn.NoArgs {
				n.add(fn.Input, codecOp{fn.Encoding.ArgsFormat(), false})
			}
			if !fn.Unit {
				n.addType(fn.Output, codecOp{fn.Encoding.ResultFormat(), true})
			}
			if fn.Error != nil {
				n.add(fn.Error, codecOp{fn.Error.Error.Format, true})
			}
		}
	}
	return n
}

// codecs writes the codecs the file's functions need: methods on the file's messages in
// declaration order, the result wrappers' decoders, then functions for the messages of other
// schema files, ordered by file and declaration.
func (f *goFile) codecs() {
	needs := f.codecNeeds()
	for _, m := range f.file.Messages {
		for _, op := range codecOps {
			if needs[m][op] {
				f.messageCodec(m, op)
			}
		}
	}
	for _, s := range f.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				op := codecOp{fn.Encoding.ResultFormat(), true}
				fields := []*ir.Field{{WireName: "value", GoName: "Value", Type: fn.Output}}
				name := resultWrapper(s, fn)
				d := codecDecl{typ: name, desc: lowerFirst(name) + "Message", file: f.file.Name}
				f.codecMethod(d, true, fields, op)
			}
		}
	}
	var others []*ir.Message
	for m := range needs {
		if !f.own(m.File) {
			others = append(others, m)
		}
	}
	sort.Slice(others, func(i, j int) bool {
		a, b := others[i], others[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return f.declIndex(a) < f.declIndex(b)
	})
	for _, m := range others {
		for _, op := range codecOps {
			if needs[m][op] {
				f.messageCodec(m, op)
			}
		}
	}
	for _, m := range f.file.Messages {
		if m.Error != nil && needs[m][codecOp{m.Error.Format, true}] {
			f.errorReaderFunc(m)
		}
	}
}

// declIndex is m's place among its file's messages.
func (g *generator) declIndex(m *ir.Message) int {
	if f := g.byName[m.File]; f != nil {
		for i, x := range f.Messages {
			if x == m {
				return i
			}
		}
	}
	return -1
}

// messageCodec writes op's codec of m: a method when m is declared in this file, else a
// function of this file.
func (f *goFile) messageCodec(m *ir.Message, op codecOp) {
	d := codecDecl{typ: f.msgType(m), desc: f.messageDesc(m), file: m.File}
	if !f.own(m.File) {
		d.fn = f.codecFunc(m, op)
	}
	// An error type is its oneof on the wire, as a transparent message's field.
	f.codecMethod(d, m.Transparent || m.Error != nil, m.Fields, op)
}

// codecDecl is what a codec is written for.
type codecDecl struct {
	typ  string // the Go type
	desc string // its wire descriptor
	file string // the schema file that declares it, for its oneofs' member types
	fn   string // the function's name; "" for a method
}

// errorReader names the function that reads error type m in format, which the error type's
// descriptor carries (rpc.ErrorType.ReadJSON, ReadCBOR) for clients.
func errorReader(m *ir.Message, format ir.Format) string {
	return lowerFirst(m.GoName) + "From" + formatName[format]
}

// errorReaderFunc writes the function a client reads error type m with: a new value,
// returned as the error the call fails with.
func (f *goFile) errorReaderFunc(m *ir.Message) {
	op := codecOp{m.Error.Format, true}
	name := errorReader(m, m.Error.Format)
	f.blank()
	f.comment(name + " reads a " + m.GoName + ", the error a call fails with.")
	f.fn("func "+name+"("+f.param(op)+") error", "e := new("+m.GoName+")\ne."+op.method()+"(r)\nreturn e")
	f.blank()
	f.fn("func init()", errorVar(m)+".Read"+formatName[m.Error.Format]+" = "+name)
}

// hasCodecs reports whether the file's functions need codecs written: only functions
// that stream bytes both ways need none.
func (g *generator) hasCodecs() bool {
	return len(g.codecNeeds()) > 0 || g.hasResultWrappers()
}

func (f *goFile) codecMethod(d codecDecl, transparent bool, fields []*ir.Field, op codecOp) {
	c := codecGen{f: f, op: op, file: d.file}
	var body string
	switch {
	case transparent && op.decode && fields[0].Oneof != nil:
		body = c.loneVariants(d.desc, fields[0])
	case transparent && op.decode:
		body = c.assign(fields[0].Type, "m."+fields[0].GoName)
	case transparent:
		body = c.field(fields[0], "m."+fields[0].GoName)
	case op.decode:
		body = c.structDecoder(d.desc, fields)
	default:
		body = c.structEncoder(fields)
	}
	if !op.decode {
		// Every encoder counts itself in, so that a pointer cycle ends in an error, and
		// stops at once after an error.
		body = "if !w.Enter() {\nreturn\n}\n" + body + "w.Leave()\n"
	}
	verb := "writes m"
	if op.decode {
		verb = "reads m"
	}
	what := formatWords[op.format]
	f.blank()
	if d.fn != "" {
		f.comment(d.fn + " " + verb + " as " + what + ".")
		f.fn("func "+d.fn+"("+f.param(op)+", m *"+d.typ+")", body)
		return
	}
	f.comment(op.method() + " " + verb + " as " + what + ".")
	f.fn("func (m *"+d.typ+") "+op.method()+"("+f.param(op)+")", body)
}

// codecGen writes the statements of one codec method: each of its methods returns lines of
// code, each ending in a newline.
type codecGen struct {
	f  *goFile
	op codecOp
	// file declares the message whose codec this is, and so its oneofs' member types.
	file string
}

// member is the Go type of a oneof member of the message.
func (c codecGen) member(v *ir.Variant) string { return c.f.qual(c.file, v.GoName) }

// structEncoder writes each field's name and value between the message's delimiters.
func (c codecGen) structEncoder(fields []*ir.Field) string {
	begin, end := c.begin(strconv.Itoa(len(fields)))
	var b strings.Builder
	b.WriteString(begin)
	for _, fl := range fields {
		b.WriteString("w.Name(" + lit(fl.WireName) + ")\n")
		b.WriteString(c.field(fl, "m."+fl.GoName))
	}
	b.WriteString(end)
	return b.String()
}

// begin and end delimit a message, a map or a oneof's variant (n members).
func (c codecGen) begin(n string) (string, string) {
	switch c.op.format {
	case ir.FormatJSON:
		return "w.BeginObject()\n", "w.EndObject()\n"
	case ir.FormatCBOR:
		return "w.BeginMap(" + n + ")\n", "w.End()\n"
	}
	return "w.Begin()\n", "w.End()\n"
}

// field writes a field's value: a value of its type, or its oneof.
func (c codecGen) field(fl *ir.Field, expr string) string {
	if fl.Oneof == nil {
		return c.encode(fl.Type, expr)
	}
	var b strings.Builder
	b.WriteString("switch x := " + expr + ".(type) {\ncase nil:\n")
	if c.op.format != ir.FormatForm {
		b.WriteString("w.Null()\n")
	}
	for _, v := range fl.Oneof.Variants {
		begin, end := c.begin("1")
		b.WriteString("case " + c.member(v) + ":\n" + begin + "w.Name(" + lit(v.WireName) + ")\n")
		b.WriteString(c.encode(v.Type, "x."+v.FieldGoName))
		b.WriteString(end)
	}
	b.WriteString("default:\nw.BadOneof()\n}\n")
	return b.String()
}

// encoders are the writer methods of the scalar kinds, with the conversion their argument
// needs ("" for none).
var encoders = map[ir.Kind][2]string{
	ir.KindString: {"String", ""}, ir.KindBool: {"Bool", ""}, ir.KindInt32: {"Int", "int64"},
	ir.KindInt64: {"Int", ""}, ir.KindUint32: {"Uint", "uint64"}, ir.KindUint64: {"Uint", ""},
	ir.KindFloat32: {"Float32", ""}, ir.KindFloat64: {"Float64", ""}, ir.KindBytes: {"Bytes", ""},
	ir.KindTimestamp: {"Timestamp", ""}, ir.KindJSONValue: {"Value", ""}, ir.KindJSONObject: {"Object", ""},
}

// encode writes the value expr of type t; expr is addressable.
func (c codecGen) encode(t *ir.Type, expr string) string {
	if e, ok := encoders[t.Kind]; ok {
		if e[1] != "" {
			return "w." + e[0] + "(" + e[1] + "(" + expr + "))\n"
		}
		return "w." + e[0] + "(" + expr + ")\n"
	}
	switch t.Kind {
	case ir.KindEnum:
		return "w.Enum(string(" + expr + "), " + c.f.enumDesc(t.Enum) + ")\n"
	case ir.KindMessage:
		return c.f.codecCall(t.Message, c.op, expr, true) + "\n"
	case ir.KindOptional:
		var some string
		if t.Elem.Kind == ir.KindMessage {
			some = c.f.codecCall(t.Elem.Message, c.op, expr, false) + "\n"
		} else {
			some = c.encode(t.Elem, "*"+expr)
		}
		if c.op.format == ir.FormatForm {
			return "if " + expr + " != nil {\n" + some + "}\n"
		}
		return "if " + expr + " != nil {\n" + some + "} else {\nw.Null()\n}\n"
	case ir.KindList:
		var begin, end string
		switch c.op.format {
		case ir.FormatJSON:
			begin, end = "w.BeginList()\n", "w.EndList()\n"
		case ir.FormatCBOR:
			begin, end = "w.BeginList(len("+expr+"))\n", "w.End()\n"
		default:
			begin, end = "w.Begin()\n", "w.End()\n"
		}
		return begin + "for i := range " + expr + " {\nw.Index(i)\n" + c.encode(t.Elem, expr+"[i]") + "}\n" + end
	case ir.KindMap:
		begin, end := c.begin("len(" + expr + ")")
		// The compiler refuses bool keys: every key kind is ordered.
		body := c.keyWrite(t.Key)
		if t.Elem.Kind == ir.KindMessage {
			body += "v := " + expr + "[k]\n" + c.encode(t.Elem, "v")
		} else {
			body += c.encode(t.Elem, expr+"[k]")
		}
		return begin + "for _, k := range " + c.f.q(pkgWire, "SortedKeys") + "(" + expr + ") {\n" + body + "}\n" + end
	}
	panic("gogen: no encoder for kind " + t.Kind.String())
}

// keyWrite starts a map entry with the key k.
func (c codecGen) keyWrite(t *ir.Type) string {
	switch t.Kind {
	case ir.KindString:
		return "w.StringKey(k)\n"
	case ir.KindInt32:
		return "w.IntKey(int64(k))\n"
	case ir.KindInt64:
		return "w.IntKey(k)\n"
	case ir.KindUint32:
		return "w.UintKey(uint64(k))\n"
	case ir.KindUint64:
		return "w.UintKey(k)\n"
	}
	panic("gogen: no map key kind " + t.Kind.String())
}

// structDecoder reads an object or map field by field into m.
func (c codecGen) structDecoder(desc string, fields []*ir.Field) string {
	loop := "for s := r.Struct(" + desc + "); s.Next(); {\n"
	if len(fields) == 0 {
		return loop + "}\n"
	}
	var b strings.Builder
	b.WriteString(loop + "switch s.Field {\n")
	for i, fl := range fields {
		b.WriteString("case " + strconv.Itoa(i) + ":\n")
		if fl.Oneof == nil {
			b.WriteString(c.assign(fl.Type, "m."+fl.GoName))
		} else {
			b.WriteString(c.variants(fl))
		}
	}
	b.WriteString("}\n}\n")
	return b.String()
}

// variants reads the oneof that is the current field into it.
func (c codecGen) variants(fl *ir.Field) string {
	var b strings.Builder
	b.WriteString("switch s.Variant() {\n")
	for i, v := range fl.Oneof.Variants {
		b.WriteString("case " + strconv.Itoa(i) + ":\n" + c.setVariant(fl, v))
	}
	b.WriteString("}\n")
	return b.String()
}

// setVariant reads the value of oneof member v and sets the oneof field fl to it.
func (c codecGen) setVariant(fl *ir.Field, v *ir.Variant) string {
	pre, val := c.read(v.Type, "v")
	return pre + "m." + fl.GoName + " = " + c.member(v) + "{" + v.FieldGoName + ": " + val + "}\n"
}

// loneVariants reads a oneof that is a transparent message's one field, as an error type's
// is: the variant, its value, and the oneof's end.
func (c codecGen) loneVariants(desc string, fl *ir.Field) string {
	var b strings.Builder
	b.WriteString("switch r.Variant(" + desc + ") {\n")
	for i, v := range fl.Oneof.Variants {
		b.WriteString("case " + strconv.Itoa(i) + ":\n" + c.setVariant(fl, v) + "r.EndVariant()\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// scalarRead is the reader call that returns a value of t, or "" when t is not a scalar.
func (c codecGen) scalarRead(t *ir.Type) string {
	if name, ok := scalarReads[t.Kind]; ok {
		return "r." + name + "()"
	}
	if t.Kind == ir.KindEnum {
		return c.f.qual(t.Enum.File, t.Enum.GoName) + "(r.Enum(" + c.f.enumDesc(t.Enum) + "))"
	}
	return ""
}

// read returns statements that read a value of t and the expression of that value: the
// reader call itself for a scalar, else a variable called name.
func (c codecGen) read(t *ir.Type, name string) (string, string) {
	if s := c.scalarRead(t); s != "" {
		return "", s
	}
	if t.IsFramework() {
		// The framework variant's value: a tag and a message, {"Args":"..."}.
		return name + " := new(" + c.f.q(pkgRPC, "Error") + ")\n" +
			name + ".SetTextVariant(r.TextVariant(" + c.f.q(pkgRPC, "ServerFnErrorErr") + "))\n", name
	}
	return "var " + name + " " + c.f.goType(t) + "\n" + c.assign(t, name), name
}

// assign reads a value of t into target, which is addressable.
func (c codecGen) assign(t *ir.Type, target string) string {
	if s := c.scalarRead(t); s != "" {
		return target + " = " + s + "\n"
	}
	switch t.Kind {
	case ir.KindMessage:
		return c.f.codecCall(t.Message, c.op, target, true) + "\n"
	case ir.KindOptional:
		body := target + " = new(" + c.f.goType(t.Elem) + ")\n"
		if t.Elem.Kind == ir.KindMessage {
			body += c.f.codecCall(t.Elem.Message, c.op, target, false) + "\n"
		} else {
			body += c.assign(t.Elem, "*"+target)
		}
		return "if !r.Null() {\n" + body + "}\n"
	case ir.KindList:
		pre, val := c.read(t.Elem, "x")
		return "for l := r.List(); l.Next(); {\n" + pre + target + " = append(" + target + ", " + val + ")\n}\n"
	case ir.KindMap:
		pre, val := c.read(t.Elem, "v")
		return "for e := r.Map(); e.Next(); {\nk := r." + keyReads[t.Key.Kind] + "()\n" + pre +
			"if !" + c.f.q(pkgWire, "Put") + "(&" + target + ", k, " + val + ") {\nr.DuplicateKey()\n}\n}\n"
	}
	panic("gogen: no decoder for kind " + t.Kind.String())
}
