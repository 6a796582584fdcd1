package gogen

import (
	"strings"

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
func (f *goFile) streamParams(fn *ir.Func, named bool) []string {
	reader := func() string { return maybeNamed(named, "r", f.q("io", "Reader")) }
	writer := func() string { return maybeNamed(named, "w", f.q("io", "Writer")) }
	switch shapeOf(fn) {
	case wsBoth, wsIn:
		return []string{maybeNamed(named, "in", f.items(fn.Stream.InItem))}
	case wsOut:
		return []string{maybeNamed(named, "in", "*"+f.msgType(fn.Stream.InItem))}
	case rawOut:
		if fn.NoArgs {
			return []string{writer()}
		}
		return []string{maybeNamed(named, "in", "*"+f.msgType(fn.Input)), writer()}
	case rawIn:
		return []string{reader()}
	case rawBoth:
		return []string{reader(), writer()}
	case upload:
		return []string{maybeNamed(named, "parts", f.parts())}
	}
	panic("gogen: streamParams of an ordinary function")
}

// items is the iterator type of a stream of m.
func (f *goFile) items(m *ir.Message) string {
	return f.q("iter", "Seq2") + "[*" + f.msgType(m) + ", error]"
}

// parts is the iterator type of an upload's parts.
func (f *goFile) parts() string {
	return f.q("iter", "Seq2") + "[*" + f.q(pkgRPC, "Part") + ", error]"
}

// streamResults is a streaming method's result list.
func (f *goFile) streamResults(fn *ir.Func) []string {
	switch shapeOf(fn) {
	case wsBoth, wsOut:
		return []string{f.items(fn.Stream.OutItem)}
	case wsIn:
		return []string{"*" + f.msgType(fn.Stream.OutItem), "error"}
	case rawOut, rawBoth:
		return []string{"error"}
	}
	return f.plainResults(fn) // rawIn, upload: one result, as an ordinary function's
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
// does not stream, with rpc.NoArgs or wire.UnitMessage for the side that does. stream is ""
// when the function has no rpc.Stream.
func (f *goFile) streamDescriptor(s *ir.Service, fn *ir.Func) (encoding, args, result, stream string) {
	sh := shapeOf(fn)
	encoding = f.q(pkgRPC, encodingConst[fn.Encoding])
	switch sh {
	case wsBoth, wsOut, wsIn:
		enc := "GetJson"
		if fn.Stream.Format == ir.FormatCBOR {
			enc = "GetCbor"
		}
		var flags []string
		if sh != wsOut {
			flags = append(flags, "InStream: true")
		}
		if sh != wsIn {
			flags = append(flags, "OutStream: true")
		}
		return f.q(pkgRPC, enc), f.messageDesc(fn.Stream.InItem), f.messageDesc(fn.Stream.OutItem),
			"&" + f.q(pkgRPC, "Stream") + "{" + strings.Join(flags, ", ") + "}"
	case rawOut:
		if fn.NoArgs {
			args = f.q(pkgRPC, "NoArgs")
		} else {
			args = f.messageDesc(fn.Input)
		}
		return encoding, args, f.q(pkgWire, "UnitMessage"), ""
	case rawBoth:
		return encoding, f.q(pkgRPC, "NoArgs"), f.q(pkgWire, "UnitMessage"), ""
	}
	return encoding, f.q(pkgRPC, "NoArgs"), f.resultDesc(s, fn), "" // rawIn, upload
}

// unimplementedStream is the body of Unimplemented's method of a streaming function.
func (f *goFile) unimplementedStream(fn *ir.Func, err string) string {
	switch shapeOf(fn) {
	case wsBoth, wsOut:
		// An iterator that yields the error, as a server's function that fails at once.
		return "return func(yield func(*" + f.msgType(fn.Stream.OutItem) + ", error) bool) {\nyield(nil, " + err + ")\n}"
	case wsIn:
		return "return nil, " + err
	case rawOut, rawBoth:
		return "return " + err
	}
	return "return " + f.failedResult(fn, err)
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
func (f *goFile) streamRoute(s *ir.Service, fn *ir.Func, fv string) string {
	method := "impl." + fn.GoName
	ctx := func() string { return "ctx " + f.q("context", "Context") }
	route := func(ctor, method string) string { return f.q(pkgServer, ctor) + "(" + fv + ", " + method + ")" }
	switch sh := shapeOf(fn); sh {
	case wsBoth:
		return route("StreamBoth", method)
	case wsOut:
		return route("StreamOut", method)
	case wsIn:
		return route("StreamIn", method)
	case rawOut:
		if fn.NoArgs {
			// The runtime's arguments are struct{}, which the method does not take.
			method = "func(" + ctx() + ", _ *struct{}, w " + f.q("io", "Writer") + ") error {\nreturn impl." + fn.GoName + "(ctx, w)\n}"
		}
		return route(rawConstructor(fn), method)
	case rawBoth:
		return route(rawConstructor(fn), method)
	case rawIn, upload:
		ctor, arg := "Upload", "parts"
		if sh == rawIn {
			ctor, arg = rawConstructor(fn), "r"
		}
		// The adapter's parameters, when it needs one: the upload's parts or the body.
		params := func() string {
			if sh == rawIn {
				return ctx() + ", r " + f.q("io", "Reader")
			}
			return ctx() + ", parts " + f.parts()
		}
		call := "impl." + fn.GoName + "(ctx, " + arg + ")"
		switch {
		case fn.Unit:
			method = "func(" + params() + ") (*struct{}, error) {\nif err := " + call +
				"; err != nil {\nreturn nil, err\n}\nreturn &struct{}{}, nil\n}"
		case needsResultWrapper(fn):
			method = "func(" + params() + ") (*" + resultWrapper(s, fn) + ", error) {\nv, err := " + call +
				"\nif err != nil {\nreturn nil, err\n}\nreturn &" + resultWrapper(s, fn) + "{v}, nil\n}"
		}
		return route(ctor, method)
	}
	panic("gogen: streamRoute of an ordinary function")
}

// codecVar names the function returning a websocket function's client codec.
func codecVar(s *ir.Service, fn *ir.Func) string { return lowerFirst(s.GoName) + fn.GoName + "Codec" }

// itemCodecs writes the client codecs of the service's websocket functions: the items'
// generated encoders and decoders, so that the client links none of runtime/wire's
// plan-driven codecs for them. Each is a function, not a package variable, so that a
// program that never calls the stream links none of it.
func (f *goFile) itemCodecs(s *ir.Service) {
	for _, fn := range s.Funcs {
		if fn.Stream == nil || fn.Stream.Protocol != ir.ProtocolWebsocket {
			continue
		}
		format := fn.Stream.Format
		enc, dec := codecOp{format, false}, codecOp{format, true}
		in, out := fn.Stream.InItem, fn.Stream.OutItem
		// A message of this file has methods, wrapped here; another file's has functions of
		// this file, which have the shape already.
		codec := func(m *ir.Message, op codecOp) string {
			if !f.own(m.File) {
				return f.codecFunc(m, op)
			}
			return "func(" + f.param(op) + ", v *" + f.msgType(m) + ") {\n" + f.codecCall(m, op, "v", false) + "\n}"
		}
		f.blank()
		f.comment(codecVar(s, fn) + " returns the client's codecs of " + fn.Name + "'s items.")
		f.fn("func "+codecVar(s, fn)+"() *"+f.q(pkgClient, "Codec")+"["+f.msgType(in)+", "+f.msgType(out)+"]",
			"return "+f.q(pkgClient, formatName[format]+"Codec")+"(\n"+codec(in, enc)+",\n"+codec(out, dec)+",\n)")
	}
}

// streamClientBody calls a streaming function with the runtime's client helper of its
// shape, with the generated codecs of its items, arguments or result.
func (f *goFile) streamClientBody(s *ir.Service, fn *ir.Func) string {
	fv := funcVar(s, fn)
	call := func(ctor string, args ...string) string {
		return f.q(pkgClient, ctor) + "(ctx, c.c, " + fv + ", " + strings.Join(args, ", ") + ")"
	}
	switch sh := shapeOf(fn); sh {
	case wsBoth, wsOut, wsIn:
		ctor := map[shape]string{wsBoth: "StreamBoth", wsOut: "StreamOut", wsIn: "StreamIn"}[sh]
		return "return " + call(ctor, "in", codecVar(s, fn)+"()") + "\n"
	case rawOut:
		body, args := f.clientArgs(fn)
		return body + "return " + call(rawConstructor(fn), args, "w") + "\n"
	case rawBoth:
		return "return " + call(rawConstructor(fn), "r", "w") + "\n"
	case rawIn, upload:
		ctor, arg := "Upload", "parts"
		if sh == rawIn {
			ctor, arg = rawConstructor(fn), "r"
		}
		body, result := f.clientResult(s, fn)
		return f.clientReturn(fn, body, call(ctor, arg, result))
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
