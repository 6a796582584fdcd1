package gogen

import (
	"sort"

	"github.com/dave/jennifer/jen"

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
func (op codecOp) param() jen.Code {
	if op.decode {
		return jen.Id("r").Op("*").Qual(pkgWire, formatName[op.format]+"Reader")
	}
	return jen.Id("w").Op("*").Qual(pkgWire, formatName[op.format]+"Writer")
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
func (g *generator) codecs(f *jen.File) {
	needs := g.codecNeeds()
	for _, m := range g.file.Messages {
		for _, op := range codecOps {
			if needs[m][op] {
				g.messageCodec(f, m, op)
			}
		}
	}
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if needsResultWrapper(fn) {
				op := codecOp{fn.Encoding.ResultFormat(), true}
				fields := []*ir.Field{{WireName: "value", GoName: "Value", Type: fn.Output}}
				name := resultWrapper(s, fn)
				d := codecDecl{typ: jen.Id(name), desc: jen.Id(lowerFirst(name) + "Message"), file: g.file.Name}
				g.codecMethod(f, d, true, fields, op)
			}
		}
	}
	var others []*ir.Message
	for m := range needs {
		if !g.own(m.File) {
			others = append(others, m)
		}
	}
	sort.Slice(others, func(i, j int) bool {
		a, b := others[i], others[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return g.declIndex(a) < g.declIndex(b)
	})
	for _, m := range others {
		for _, op := range codecOps {
			if needs[m][op] {
				g.messageCodec(f, m, op)
			}
		}
	}
	for _, m := range g.file.Messages {
		if m.Error != nil && needs[m][codecOp{m.Error.Format, true}] {
			g.errorReaderFunc(f, m)
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
func (g *generator) messageCodec(f *jen.File, m *ir.Message, op codecOp) {
	d := codecDecl{typ: g.msgType(m), desc: g.messageDesc(m), file: m.File}
	if !g.own(m.File) {
		d.fn = g.codecFunc(m, op)
	}
	// An error type is its oneof on the wire, as a transparent message's field.
	g.codecMethod(f, d, m.Transparent || m.Error != nil, m.Fields, op)
}

// codecDecl is what a codec is written for.
type codecDecl struct {
	typ  *jen.Statement // the Go type
	desc *jen.Statement // its wire descriptor
	file string         // the schema file that declares it, for its oneofs' member types
	fn   string         // the function's name; "" for a method
}

// errorReader names the function that reads error type m in format, which the error type's
// descriptor carries (rpc.ErrorType.ReadJSON, ReadCBOR) for clients.
func errorReader(m *ir.Message, format ir.Format) string {
	return lowerFirst(m.GoName) + "From" + formatName[format]
}

// errorReaderFunc writes the function a client reads error type m with: a new value,
// returned as the error the call fails with.
func (g *generator) errorReaderFunc(f *jen.File, m *ir.Message) {
	op := codecOp{m.Error.Format, true}
	f.Line()
	f.Comment(errorReader(m, m.Error.Format) + " reads a " + m.GoName + ", the error a call fails with.")
	f.Func().Id(errorReader(m, m.Error.Format)).Params(op.param()).Error().Block(
		jen.Id("e").Op(":=").New(jen.Id(m.GoName)),
		jen.Id("e").Dot(op.method()).Call(jen.Id("r")),
		jen.Return(jen.Id("e")),
	)
	f.Line()
	f.Func().Id("init").Params().Block(
		jen.Id(errorVar(m)).Dot("Read" + formatName[m.Error.Format]).Op("=").Id(errorReader(m, m.Error.Format)),
	)
}

// hasCodecs reports whether the file's functions need codecs written: only functions
// that stream bytes both ways need none.
func (g *generator) hasCodecs() bool {
	return len(g.codecNeeds()) > 0 || g.hasResultWrappers()
}

func (g *generator) codecMethod(f *jen.File, d codecDecl, transparent bool, fields []*ir.Field, op codecOp) {
	c := codecGen{g: g, op: op, file: d.file}
	desc := d.desc
	var body []jen.Code
	switch {
	case transparent && op.decode && fields[0].Oneof != nil:
		body = []jen.Code{c.loneVariants(desc, fields[0])}
	case transparent && op.decode:
		body = c.assign(fields[0].Type, jen.Id("m").Dot(fields[0].GoName))
	case transparent:
		body = c.field(fields[0], jen.Id("m").Dot(fields[0].GoName))
	case op.decode:
		body = c.structDecoder(desc, fields)
	default:
		body = c.structEncoder(fields)
	}
	if !op.decode {
		// Every encoder counts itself in, so that a pointer cycle ends in an error, and
		// stops at once after an error.
		enter := jen.If(jen.Op("!").Id("w").Dot("Enter").Call()).Block(jen.Return())
		body = append(append([]jen.Code{enter}, body...), jen.Id("w").Dot("Leave").Call())
	}
	verb := "writes m"
	if op.decode {
		verb = "reads m"
	}
	what := formatWords[op.format]
	f.Line()
	if d.fn != "" {
		f.Comment(d.fn + " " + verb + " as " + what + ".")
		f.Func().Id(d.fn).Params(op.param(), jen.Id("m").Op("*").Add(d.typ)).Block(body...)
		return
	}
	f.Comment(op.method() + " " + verb + " as " + what + ".")
	f.Func().Params(jen.Id("m").Op("*").Add(d.typ)).Id(op.method()).Params(op.param()).Block(body...)
}

// codecGen writes the statements of one codec method.
type codecGen struct {
	g  *generator
	op codecOp
	// file declares the message whose codec this is, and so its oneofs' member types.
	file string
}

// member is the Go type of a oneof member of the message.
func (c codecGen) member(v *ir.Variant) *jen.Statement { return c.g.qual(c.file, v.GoName) }

func (c codecGen) w() *jen.Statement { return jen.Id("w") }
func (c codecGen) r() *jen.Statement { return jen.Id("r") }

// structEncoder writes each field's name and value between the message's delimiters.
func (c codecGen) structEncoder(fields []*ir.Field) []jen.Code {
	begin, end := c.begin(jen.Lit(len(fields)))
	out := []jen.Code{begin}
	for _, fl := range fields {
		out = append(out, c.w().Dot("Name").Call(jen.Lit(fl.WireName)))
		out = append(out, c.field(fl, jen.Id("m").Dot(fl.GoName))...)
	}
	return append(out, end)
}

// begin and end delimit a message, a map or a oneof's variant (n members).
func (c codecGen) begin(n jen.Code) (jen.Code, jen.Code) {
	switch c.op.format {
	case ir.FormatJSON:
		return c.w().Dot("BeginObject").Call(), c.w().Dot("EndObject").Call()
	case ir.FormatCBOR:
		return c.w().Dot("BeginMap").Call(n), c.w().Dot("End").Call()
	}
	return c.w().Dot("Begin").Call(), c.w().Dot("End").Call()
}

// field writes a field's value: a value of its type, or its oneof.
func (c codecGen) field(fl *ir.Field, expr *jen.Statement) []jen.Code {
	if fl.Oneof == nil {
		return c.encode(fl.Type, expr)
	}
	var cases []jen.Code
	if c.op.format == ir.FormatForm {
		cases = append(cases, jen.Case(jen.Nil()))
	} else {
		cases = append(cases, jen.Case(jen.Nil()).Block(c.w().Dot("Null").Call()))
	}
	for _, v := range fl.Oneof.Variants {
		begin, end := c.begin(jen.Lit(1))
		body := []jen.Code{begin, c.w().Dot("Name").Call(jen.Lit(v.WireName))}
		body = append(body, c.encode(v.Type, jen.Id("x").Dot(v.FieldGoName))...)
		body = append(body, end)
		cases = append(cases, jen.Case(c.member(v)).Block(body...))
	}
	cases = append(cases, jen.Default().Block(c.w().Dot("BadOneof").Call()))
	return []jen.Code{jen.Switch(jen.Id("x").Op(":=").Add(expr).Assert(jen.Type())).Block(cases...)}
}

// encode writes the value expr of type t; expr is addressable.
func (c codecGen) encode(t *ir.Type, expr *jen.Statement) []jen.Code {
	w := c.w
	call := func(method string, arg jen.Code) []jen.Code { return []jen.Code{w().Dot(method).Call(arg)} }
	switch t.Kind {
	case ir.KindString:
		return call("String", expr)
	case ir.KindBool:
		return call("Bool", expr)
	case ir.KindInt32:
		return call("Int", jen.Int64().Call(expr))
	case ir.KindInt64:
		return call("Int", expr)
	case ir.KindUint32:
		return call("Uint", jen.Uint64().Call(expr))
	case ir.KindUint64:
		return call("Uint", expr)
	case ir.KindFloat32:
		return call("Float32", expr)
	case ir.KindFloat64:
		return call("Float64", expr)
	case ir.KindBytes:
		return call("Bytes", expr)
	case ir.KindTimestamp:
		return call("Timestamp", expr)
	case ir.KindJSONValue:
		return call("Value", expr)
	case ir.KindJSONObject:
		return call("Object", expr)
	case ir.KindEnum:
		return []jen.Code{w().Dot("Enum").Call(jen.String().Call(expr), c.g.enumDesc(t.Enum))}
	case ir.KindMessage:
		return []jen.Code{c.g.codecCall(t.Message, c.op, expr, true)}
	case ir.KindOptional:
		var some []jen.Code
		if t.Elem.Kind == ir.KindMessage {
			some = []jen.Code{c.g.codecCall(t.Elem.Message, c.op, expr, false)}
		} else {
			some = c.encode(t.Elem, jen.Op("*").Add(expr.Clone()))
		}
		s := jen.If(expr.Clone().Op("!=").Nil()).Block(some...)
		if c.op.format != ir.FormatForm {
			s.Else().Block(w().Dot("Null").Call())
		}
		return []jen.Code{s}
	case ir.KindList:
		var begin, end jen.Code
		switch c.op.format {
		case ir.FormatJSON:
			begin, end = w().Dot("BeginList").Call(), w().Dot("EndList").Call()
		case ir.FormatCBOR:
			begin, end = w().Dot("BeginList").Call(jen.Len(expr.Clone())), w().Dot("End").Call()
		default:
			begin, end = w().Dot("Begin").Call(), w().Dot("End").Call()
		}
		body := append([]jen.Code{w().Dot("Index").Call(jen.Id("i"))}, c.encode(t.Elem, expr.Clone().Index(jen.Id("i")))...)
		return []jen.Code{begin, jen.For(jen.Id("i").Op(":=").Range().Add(expr.Clone())).Block(body...), end}
	case ir.KindMap:
		begin, end := c.begin(jen.Len(expr.Clone()))
		// The compiler refuses bool keys: every key kind is ordered.
		keys := jen.Qual(pkgWire, "SortedKeys").Call(expr.Clone())
		body := []jen.Code{c.keyWrite(t.Key)}
		if t.Elem.Kind == ir.KindMessage {
			body = append(body, jen.Id("v").Op(":=").Add(expr.Clone()).Index(jen.Id("k")))
			body = append(body, c.encode(t.Elem, jen.Id("v"))...)
		} else {
			body = append(body, c.encode(t.Elem, expr.Clone().Index(jen.Id("k")))...)
		}
		return []jen.Code{begin, jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Add(keys)).Block(body...), end}
	}
	panic("gogen: no encoder for kind " + t.Kind.String())
}

// keyWrite starts a map entry with the key k.
func (c codecGen) keyWrite(t *ir.Type) jen.Code {
	k := jen.Id("k")
	switch t.Kind {
	case ir.KindString:
		return c.w().Dot("StringKey").Call(k)
	case ir.KindInt32:
		return c.w().Dot("IntKey").Call(jen.Int64().Call(k))
	case ir.KindInt64:
		return c.w().Dot("IntKey").Call(k)
	case ir.KindUint32:
		return c.w().Dot("UintKey").Call(jen.Uint64().Call(k))
	case ir.KindUint64:
		return c.w().Dot("UintKey").Call(k)
	}
	panic("gogen: no map key kind " + t.Kind.String())
}

// structDecoder reads an object or map field by field into m.
func (c codecGen) structDecoder(desc *jen.Statement, fields []*ir.Field) []jen.Code {
	var cases []jen.Code
	for i, fl := range fields {
		var body []jen.Code
		if fl.Oneof == nil {
			body = c.assign(fl.Type, jen.Id("m").Dot(fl.GoName))
		} else {
			body = []jen.Code{c.variants(fl)}
		}
		cases = append(cases, jen.Case(jen.Lit(i)).Block(body...))
	}
	loop := jen.For(jen.Id("s").Op(":=").Add(c.r()).Dot("Struct").Call(desc), jen.Id("s").Dot("Next").Call(), jen.Empty())
	if len(cases) == 0 {
		return []jen.Code{loop.Block()}
	}
	return []jen.Code{loop.Block(jen.Switch(jen.Id("s").Dot("Field")).Block(cases...))}
}

// variants reads the oneof that is the current field into it.
func (c codecGen) variants(fl *ir.Field) jen.Code {
	var cases []jen.Code
	for i, v := range fl.Oneof.Variants {
		pre, val := c.read(v.Type, "v")
		wrap := jen.Id("m").Dot(fl.GoName).Op("=").Add(c.member(v)).Values(jen.Id(v.FieldGoName).Op(":").Add(val))
		cases = append(cases, jen.Case(jen.Lit(i)).Block(append(pre, wrap)...))
	}
	return jen.Switch(jen.Id("s").Dot("Variant").Call()).Block(cases...)
}

// loneVariants reads a oneof that is a transparent message's one field, as an error type's
// is: the variant, its value, and the oneof's end.
func (c codecGen) loneVariants(desc *jen.Statement, fl *ir.Field) jen.Code {
	var cases []jen.Code
	for i, v := range fl.Oneof.Variants {
		pre, val := c.read(v.Type, "v")
		wrap := jen.Id("m").Dot(fl.GoName).Op("=").Add(c.member(v)).Values(jen.Id(v.FieldGoName).Op(":").Add(val))
		cases = append(cases, jen.Case(jen.Lit(i)).Block(append(pre, wrap, c.r().Dot("EndVariant").Call())...))
	}
	return jen.Switch(c.r().Dot("Variant").Call(desc)).Block(cases...)
}

// scalarRead is the reader call that returns a value of t, or nil when t is not a scalar.
func (c codecGen) scalarRead(t *ir.Type) *jen.Statement {
	if name, ok := scalarReads[t.Kind]; ok {
		return c.r().Dot(name).Call()
	}
	if t.Kind == ir.KindEnum {
		return c.g.qual(t.Enum.File, t.Enum.GoName).Call(c.r().Dot("Enum").Call(c.g.enumDesc(t.Enum)))
	}
	return nil
}

// read returns statements that read a value of t and the expression of that value: the
// reader call itself for a scalar, else a variable called name.
func (c codecGen) read(t *ir.Type, name string) ([]jen.Code, jen.Code) {
	if s := c.scalarRead(t); s != nil {
		return nil, s
	}
	if t.IsFramework() {
		// The framework variant's value: a tag and a message, {"Args":"..."}.
		v := jen.Id(name)
		return []jen.Code{
			v.Clone().Op(":=").New(jen.Qual(pkgRPC, "Error")),
			v.Clone().Dot("SetTextVariant").Call(c.r().Dot("TextVariant").Call(jen.Qual(pkgRPC, "ServerFnErrorErr"))),
		}, v
	}
	v := jen.Id(name)
	pre := []jen.Code{jen.Var().Id(name).Add(c.g.goType(t))}
	return append(pre, c.assign(t, v)...), v
}

// assign reads a value of t into target, which is addressable.
func (c codecGen) assign(t *ir.Type, target *jen.Statement) []jen.Code {
	r := c.r
	if s := c.scalarRead(t); s != nil {
		return []jen.Code{target.Clone().Op("=").Add(s)}
	}
	switch t.Kind {
	case ir.KindMessage:
		return []jen.Code{c.g.codecCall(t.Message, c.op, target, true)}
	case ir.KindOptional:
		body := []jen.Code{target.Clone().Op("=").New(c.g.goType(t.Elem))}
		if t.Elem.Kind == ir.KindMessage {
			body = append(body, c.g.codecCall(t.Elem.Message, c.op, target, false))
		} else {
			body = append(body, c.assign(t.Elem, jen.Op("*").Add(target.Clone()))...)
		}
		return []jen.Code{jen.If(jen.Op("!").Add(r()).Dot("Null").Call()).Block(body...)}
	case ir.KindList:
		pre, val := c.read(t.Elem, "x")
		body := append(pre, target.Clone().Op("=").Append(target.Clone(), val))
		return []jen.Code{jen.For(jen.Id("l").Op(":=").Add(r()).Dot("List").Call(), jen.Id("l").Dot("Next").Call(), jen.Empty()).Block(body...)}
	case ir.KindMap:
		keyRead := keyReads[t.Key.Kind]
		pre, val := c.read(t.Elem, "v")
		body := []jen.Code{jen.Id("k").Op(":=").Add(r()).Dot(keyRead).Call()}
		body = append(body, pre...)
		body = append(body, jen.If(jen.Op("!").Qual(pkgWire, "Put").Call(jen.Op("&").Add(target.Clone()), jen.Id("k"), val)).Block(r().Dot("DuplicateKey").Call()))
		return []jen.Code{jen.For(jen.Id("e").Op(":=").Add(r()).Dot("Map").Call(), jen.Id("e").Dot("Next").Call(), jen.Empty()).Block(body...)}
	}
	panic("gogen: no decoder for kind " + t.Kind.String())
}
