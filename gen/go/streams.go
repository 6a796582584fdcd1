package gogen

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// Streams and uploads (SPEC 11). A streaming function's Go signature mirrors the runtime's
// constructor of its shape (server.StreamBoth, client.StreamBoth, ...), so one interface
// method is both what a server implements and what the client calls:
//
//	websocket, both ways   Chat(ctx, in iter.Seq2[*Msg, error]) iter.Seq2[*Reply, error]
//	websocket, stream out  Count(ctx, in *CountArgs) iter.Seq2[*Item, error]
//	websocket, stream in   Ingest(ctx, in iter.Seq2[*Item, error]) (*Summary, error)
//	bytes or text out      Download(ctx, in *Args, w io.Writer) error
//	bytes or text in       Upload(ctx, r io.Reader) (*Result, error)
//	bytes or text both     Upper(ctx, r io.Reader, w io.Writer) error
//	upload                 Attach(ctx, parts iter.Seq2[*rpc.Part, error]) (*Result, error)
//
// The runtime does the rest; generated code only picks the constructor and, for the
// client, passes the items' generated codecs.

// shape is the Go form of a function: ordinary, or one of the stream shapes above.
type shape int

const (
	plain shape = iota
	wsBoth
	wsOut
	wsIn
	rawOut
	rawIn
	rawBoth
	upload
)

func shapeOf(fn *ir.Func) shape {
	st := fn.Stream
	switch {
	case st == nil:
		return plain
	case st.Protocol == ir.ProtocolMultipart:
		return upload
	case st.Protocol == ir.ProtocolWebsocket && st.In == ir.StreamItems && st.Out == ir.StreamItems:
		return wsBoth
	case st.Protocol == ir.ProtocolWebsocket && st.Out == ir.StreamItems:
		return wsOut
	case st.Protocol == ir.ProtocolWebsocket:
		return wsIn
	case st.In == ir.StreamNone:
		return rawOut
	case st.Out == ir.StreamNone:
		return rawIn
	}
	return rawBoth
}

// streamParams is a streaming method's parameter list after ctx; names are dropped for
// Unimplemented's methods.
func (g *generator) streamParams(fn *ir.Func, named bool) []jen.Code {
	name := func(n string) *jen.Statement {
		if named {
			return jen.Id(n)
		}
		return jen.Null()
	}
	reader := func() jen.Code { return name("r").Qual("io", "Reader") }
	writer := func() jen.Code { return name("w").Qual("io", "Writer") }
	switch shapeOf(fn) {
	case wsBoth, wsIn:
		return []jen.Code{name("in").Add(g.items(fn.Stream.InItem))}
	case wsOut:
		return []jen.Code{name("in").Op("*").Add(g.msgType(fn.Stream.InItem))}
	case rawOut:
		if fn.NoArgs {
			return []jen.Code{writer()}
		}
		return []jen.Code{name("in").Op("*").Add(g.msgType(fn.Input)), writer()}
	case rawIn:
		return []jen.Code{reader()}
	case rawBoth:
		return []jen.Code{reader(), writer()}
	case upload:
		return []jen.Code{name("parts").Qual("iter", "Seq2").Types(jen.Op("*").Qual(pkgRPC, "Part"), jen.Error())}
	}
	panic("gogen: streamParams of an ordinary function")
}

// items is the iterator type of a stream of m.
func (g *generator) items(m *ir.Message) *jen.Statement {
	return jen.Qual("iter", "Seq2").Types(jen.Op("*").Add(g.msgType(m)), jen.Error())
}

// streamResults is a streaming method's result list.
func (g *generator) streamResults(fn *ir.Func) []jen.Code {
	switch shapeOf(fn) {
	case wsBoth, wsOut:
		return []jen.Code{g.items(fn.Stream.OutItem)}
	case wsIn:
		return []jen.Code{jen.Op("*").Add(g.msgType(fn.Stream.OutItem)), jen.Error()}
	case rawOut, rawBoth:
		return []jen.Code{jen.Error()}
	}
	return g.plainResults(fn) // rawIn, upload: one result, as an ordinary function's
}

// streamDoc says what a streaming method carries, below the schema's comment.
func streamDoc(fn *ir.Func) string {
	st := fn.Stream
	format := map[ir.Format]string{ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR", ir.FormatForm: "a form"}
	args := format[fn.Encoding.ArgsFormat()]
	if fn.Encoding.Method() == "GET" {
		args = "the query"
	}
	result := "the result comes back as " + format[fn.Encoding.ResultFormat()]
	if fn.Unit {
		result = "no result"
	}
	raw := func(k ir.StreamKind) string {
		if k == ir.StreamText {
			return "a text stream (UTF-8)"
		}
		return "a byte stream"
	}
	switch shapeOf(fn) {
	case wsBoth:
		return "A websocket: " + st.InItem.GoName + " items in, " + st.OutItem.GoName + " items out, as " + format[st.Format] +
			". Either stream may hold errors as items, and goes on after them."
	case wsOut:
		return "A websocket: in is sent as the one input item, " + st.OutItem.GoName + " items come out, as " + format[st.Format] +
			". The output may hold errors as items, and goes on after them."
	case wsIn:
		return "A websocket: " + st.InItem.GoName + " items in, as " + format[st.Format] +
			"; the result, or the error, is the one output item, once the input ends."
	case rawOut:
		if fn.NoArgs {
			return "The answer is " + raw(st.Out) + ", written to w as it is produced."
		}
		return "The arguments travel as " + args + "; the answer is " + raw(st.Out) + ", written to w as it is produced."
	case rawIn:
		return "The request body is " + raw(st.In) + ", read from r as it arrives; " + result + "."
	case rawBoth:
		return "The request body is " + raw(st.In) + ", read from r, and the answer " + raw(st.Out) + ", written to w."
	case upload:
		return "An upload (multipart/form-data): parts are the form's fields and files in the order sent, each Body read as it arrives; " +
			result + "."
	}
	return ""
}

// wrap breaks text into lines of at most width bytes, between words.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(word) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// streamDescriptor returns the rpc.Func fields that a streaming function sets its own way:
// for a websocket the items' encoding (GetJson or GetCbor, the upgrade's method) and
// descriptors and its rpc.Stream; for raw bodies and uploads the encoding of the side that
// does not stream, with rpc.NoArgs or wire.UnitMessage for the side that does.
func (g *generator) streamDescriptor(s *ir.Service, fn *ir.Func) (encoding, args, result, stream jen.Code) {
	sh := shapeOf(fn)
	encoding = jen.Qual(pkgRPC, encodingConst[fn.Encoding])
	switch sh {
	case wsBoth, wsOut, wsIn:
		enc := "GetJson"
		if fn.Stream.Format == ir.FormatCBOR {
			enc = "GetCbor"
		}
		var in, out jen.Code
		if sh != wsOut {
			in = jen.True()
		}
		if sh != wsIn {
			out = jen.True()
		}
		return jen.Qual(pkgRPC, enc), g.messageDesc(fn.Stream.InItem), g.messageDesc(fn.Stream.OutItem),
			jen.Op("&").Qual(pkgRPC, "Stream").Values(fields("InStream", in, "OutStream", out)...)
	case rawOut:
		if fn.NoArgs {
			args = jen.Qual(pkgRPC, "NoArgs")
		} else {
			args = g.messageDesc(fn.Input)
		}
		return encoding, args, jen.Qual(pkgWire, "UnitMessage"), nil
	case rawBoth:
		return encoding, jen.Qual(pkgRPC, "NoArgs"), jen.Qual(pkgWire, "UnitMessage"), nil
	}
	return encoding, jen.Qual(pkgRPC, "NoArgs"), g.resultDesc(s, fn), nil // rawIn, upload
}

// unimplementedStream is the body of Unimplemented's method of a streaming function.
func (g *generator) unimplementedStream(fn *ir.Func, err jen.Code) []jen.Code {
	switch shapeOf(fn) {
	case wsBoth, wsOut:
		// An iterator that yields the error, as a server's function that fails at once.
		return []jen.Code{jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Op("*").Add(g.msgType(fn.Stream.OutItem)), jen.Error()).Bool()).Block(
			jen.Id("yield").Call(jen.Nil(), err),
		))}
	case wsIn:
		return []jen.Code{jen.Return(jen.Nil(), err)}
	case rawOut, rawBoth:
		return []jen.Code{jen.Return(err)}
	}
	return []jen.Code{jen.Return(g.failedResult(fn, err)...)}
}

// rawConstructor names the runtime constructor of a raw-body function by what its streams
// carry: BytesOut, TextIn, TextBoth, TextInBytesOut, ...
func rawConstructor(fn *ir.Func) string {
	st := fn.Stream
	name := map[ir.StreamKind]string{ir.StreamBytes: "Bytes", ir.StreamText: "Text"}
	switch {
	case st.In == ir.StreamNone:
		return name[st.Out] + "Out"
	case st.Out == ir.StreamNone:
		return name[st.In] + "In"
	case st.In == st.Out:
		return name[st.In] + "Both"
	}
	return name[st.In] + "In" + name[st.Out] + "Out"
}

// streamRoute is the handler's route of a streaming function: the constructor of its shape
// with the implementation's method, adapted where the Go shapes differ (no arguments, a
// unit result, a result that is not a message).
func (g *generator) streamRoute(s *ir.Service, fn *ir.Func, fv jen.Code) jen.Code {
	method := jen.Id("impl").Dot(fn.GoName)
	ctx := jen.Id("ctx").Qual("context", "Context")
	switch sh := shapeOf(fn); sh {
	case wsBoth:
		return jen.Qual(pkgServer, "StreamBoth").Call(fv, method)
	case wsOut:
		return jen.Qual(pkgServer, "StreamOut").Call(fv, method)
	case wsIn:
		return jen.Qual(pkgServer, "StreamIn").Call(fv, method)
	case rawOut:
		if fn.NoArgs {
			// The runtime's arguments are struct{}, which the method does not take.
			method = jen.Func().Params(ctx, jen.Id("_").Op("*").Struct(), jen.Id("w").Qual("io", "Writer")).Error().Block(
				jen.Return(jen.Id("impl").Dot(fn.GoName).Call(jen.Id("ctx"), jen.Id("w"))))
		}
		return jen.Qual(pkgServer, rawConstructor(fn)).Call(fv, method)
	case rawBoth:
		return jen.Qual(pkgServer, rawConstructor(fn)).Call(fv, method)
	case rawIn, upload:
		ctor := "Upload"
		param := jen.Id("parts").Qual("iter", "Seq2").Types(jen.Op("*").Qual(pkgRPC, "Part"), jen.Error())
		arg := jen.Id("parts")
		if sh == rawIn {
			ctor = rawConstructor(fn)
			param, arg = jen.Id("r").Qual("io", "Reader"), jen.Id("r")
		}
		call := jen.Id("impl").Dot(fn.GoName).Call(jen.Id("ctx"), arg)
		switch {
		case fn.Unit:
			method = jen.Func().Params(ctx, param).Params(jen.Op("*").Struct(), jen.Error()).Block(
				jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Return(jen.Op("&").Struct().Values(), jen.Nil()))
		case needsResultWrapper(fn):
			method = jen.Func().Params(ctx, param).Params(jen.Op("*").Id(resultWrapper(s, fn)), jen.Error()).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(call),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Return(jen.Op("&").Id(resultWrapper(s, fn)).Values(jen.Id("v")), jen.Nil()))
		}
		return jen.Qual(pkgServer, ctor).Call(fv, method)
	}
	panic("gogen: streamRoute of an ordinary function")
}

// codecVar names the function returning a websocket function's client codec.
func codecVar(s *ir.Service, fn *ir.Func) string { return lowerFirst(s.GoName) + fn.GoName + "Codec" }

// itemCodecs writes the client codecs of the service's websocket functions: the items'
// generated encoders and decoders, so that the client links none of runtime/wire's
// plan-driven codecs for them. Each is a function, not a package variable, so that a
// program that never calls the stream links none of it.
func (g *generator) itemCodecs(f *jen.File, s *ir.Service) {
	for _, fn := range s.Funcs {
		if fn.Stream == nil || fn.Stream.Protocol != ir.ProtocolWebsocket {
			continue
		}
		format := fn.Stream.Format
		enc, dec := codecOp{format, false}, codecOp{format, true}
		in, out := fn.Stream.InItem, fn.Stream.OutItem
		// A message of this file has methods, wrapped here; another file's has functions of
		// this file, which have the shape already.
		codec := func(m *ir.Message, op codecOp) jen.Code {
			if !g.own(m.File) {
				return jen.Id(g.codecFunc(m, op))
			}
			return jen.Func().Params(op.param(), jen.Id("v").Op("*").Add(g.msgType(m))).Block(g.codecCall(m, op, jen.Id("v"), false))
		}
		f.Line()
		f.Comment(codecVar(s, fn) + " returns the client's codecs of " + fn.Name + "'s items.")
		f.Func().Id(codecVar(s, fn)).Params().Op("*").Qual(pkgClient, "Codec").Types(g.msgType(in), g.msgType(out)).Block(
			jen.Return(jen.Qual(pkgClient, formatName[format]+"Codec").Call(
				jen.Line().Add(codec(in, enc)),
				jen.Line().Add(codec(out, dec)),
				jen.Line(),
			)),
		)
	}
}

// streamClientBody calls a streaming function with the runtime's client helper of its
// shape, with the generated codecs of its items, arguments or result.
func (g *generator) streamClientBody(s *ir.Service, fn *ir.Func) []jen.Code {
	fv := jen.Id(funcVar(s, fn))
	cc := jen.Id("c").Dot("c")
	switch sh := shapeOf(fn); sh {
	case wsBoth, wsOut, wsIn:
		ctor := map[shape]string{wsBoth: "StreamBoth", wsOut: "StreamOut", wsIn: "StreamIn"}[sh]
		return []jen.Code{jen.Return(jen.Qual(pkgClient, ctor).Call(jen.Id("ctx"), cc, fv, jen.Id("in"), jen.Id(codecVar(s, fn)).Call()))}
	case rawOut:
		body, args := g.clientArgs(fn)
		return append(body, jen.Return(jen.Qual(pkgClient, rawConstructor(fn)).Call(jen.Id("ctx"), cc, fv, args, jen.Id("w"))))
	case rawBoth:
		return []jen.Code{jen.Return(jen.Qual(pkgClient, rawConstructor(fn)).Call(jen.Id("ctx"), cc, fv, jen.Id("r"), jen.Id("w")))}
	case rawIn, upload:
		ctor, arg := "Upload", jen.Id("parts")
		if sh == rawIn {
			ctor, arg = rawConstructor(fn), jen.Id("r")
		}
		body, result := g.clientResult(s, fn)
		return g.clientReturn(fn, body, jen.Qual(pkgClient, ctor).Call(jen.Id("ctx"), cc, fv, arg, result))
	}
	panic("gogen: streamClientBody of an ordinary function")
}

// streamCodecNeeds adds the codecs a streaming function's client uses: its items' encoder
// and decoder, its arguments' encoder or its result's decoder, and its error type's decoder
// where the client helper takes one (websockets; the raw-body and upload helpers decode
// typed errors with the descriptors).
func (n codecNeeds) addStream(fn *ir.Func) {
	switch sh := shapeOf(fn); sh {
	case wsBoth, wsOut, wsIn:
		n.add(fn.Stream.InItem, codecOp{fn.Stream.Format, false})
		n.add(fn.Stream.OutItem, codecOp{fn.Stream.Format, true})
		if fn.Error != nil {
			n.add(fn.Error, codecOp{fn.Error.Error.Format, true})
		}
	case rawOut:
		if !fn.NoArgs {
			n.add(fn.Input, codecOp{fn.Encoding.ArgsFormat(), false})
		}
	case rawIn, upload:
		if !fn.Unit {
			n.addType(fn.Output, codecOp{fn.Encoding.ResultFormat(), true})
		}
	}
}
