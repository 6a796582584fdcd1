package tsgen

import (
	"github.com/sfn-dev/sfn/compiler/ir"
)

// streamFunc writes a function that streams or takes an upload (SPEC 11), one call of the
// runtime's websocket, stream or upload helpers:
//
//	websocket, items in and out    f(input: ItemSource<In>, options?): AsyncIterable<Out>
//	websocket, arguments, items out f(args: In, options?): AsyncIterable<Out>
//	websocket, items in, one result f(input: ItemSource<In>, options?): Promise<Out>
//	bytes or text out               f(args?, options?): Promise<ReadableStream<Uint8Array | string>>
//	bytes or text in, a result      f(body: BytesBody | TextBody, options?): Promise<Result>
//	bytes or text both ways         f(body, options?): Promise<ReadableStream<...>>
//	multipart upload                f(form: FormData | FormElement, options?): Promise<Result>
func (g *generator) streamFunc(w *writer, fn *ir.Func) {
	st := fn.Stream
	doc := fn.Doc
	if doc != "" {
		doc += "\n\n"
	}
	var params []string
	var result, body string
	var args []string
	options := g.rt + ".CallOptions"
	switch st.Protocol {
	case ir.ProtocolWebsocket:
		in := g.tsType(&ir.Type{Kind: ir.KindMessage, Message: st.InItem})
		out := g.tsType(&ir.Type{Kind: ir.KindMessage, Message: st.OutItem})
		format := "JSON"
		encode, decode := g.rt+".jsonArgs", g.rt+".jsonResult"
		if st.Format == ir.FormatCBOR {
			g.usesCBOR = true
			format = "CBOR"
			encode, decode = g.cbor+".args", g.cbor+".result"
		}
		items := g.rt + ".items(" + encode + ", " + g.descriptor(&ir.Type{Kind: ir.KindMessage, Message: st.InItem}) + ", " +
			decode + "(" + g.descriptor(&ir.Type{Kind: ir.KindMessage, Message: st.OutItem}) + "))"
		doc += "Opens a websocket at `GET " + fn.Path + "` (" + format + " items)"
		input := "input"
		if st.In == ir.StreamItems {
			params = append(params, "input: "+g.rt+".ItemSource<"+in+">")
			doc += " and sends the items of input,\nthen the end of input"
		} else {
			params = append(params, "args: "+in)
			input = "[args]"
			doc += " and sends args as the one item of\nits input"
		}
		helper := g.rt + ".websocket<" + out + ">"
		if st.Out == ir.StreamItems {
			result = "AsyncIterable<" + out + ">"
			doc += ". The output yields each item as it arrives; the websocket opens\n" +
				"when it is first read, and closes when it ends, on breaking out of the loop or on the\n" +
				"options' signal."
		} else {
			result = "Promise<" + out + ">"
			helper = g.rt + ".websocketResult<" + out + ">"
			doc += ". Resolves to the one output item;\nthe options' signal closes the websocket."
		}
		args = []string{"options", quote(fn.Path), items, input}
		if fn.Error != nil {
			args = append(args, g.decodeError(fn.Error), g.errorMediaType(fn.Error))
		}
		body = "return " + helper + "("
		doc += "\n\n@throws " + g.throws(fn, "(an error item)") + "\nA close with a status other than 1000, or no connection, is a " + g.rt + ".ServerFnError."
	case ir.ProtocolByteStream:
		outType := "Uint8Array"
		if st.Out == ir.StreamText {
			outType = "string"
		}
		text := "false"
		if st.Out == ir.StreamText {
			text = "true"
		}
		switch st.In {
		case ir.StreamNone:
			if !fn.NoArgs {
				params = append(params, "args: "+g.ref(fn.Input.TSName, fn.Input.File, false))
			}
			doc += "Calls `" + fn.Method + " " + fn.Path + "` (" + string(fn.Encoding) + " encoding) and streams the\nanswer's " + kindWord(st.Out) + "."
			result = "Promise<ReadableStream<" + outType + ">>"
			args = []string{"options", quote(fn.Method), quote(fn.Path), g.encodeArgs(fn), text}
			body = "return " + g.rt + ".streamOut<" + outType + ">("
		default:
			options = g.rt + ".StreamCallOptions"
			bodyType := g.rt + ".BytesBody"
			if st.In == ir.StreamText {
				bodyType = g.rt + ".TextBody"
			}
			params = append(params, "body: "+bodyType)
			doc += "Calls `POST " + fn.Path + "` with body as its " + kindWord(st.In) + " (application/octet-stream)\n"
			if st.Out == ir.StreamNone {
				r := "void"
				if !fn.Unit {
					r = g.tsType(fn.Output)
				}
				result = "Promise<" + r + ">"
				doc += "and reads its " + formatName(st.Format) + " result."
				args = []string{"options", quote(fn.Path), "body", g.decodeResultIn(fn, st.Format)}
				body = "return " + g.rt + ".streamIn<" + r + ">("
			} else {
				result = "Promise<ReadableStream<" + outType + ">>"
				doc += "and streams the answer's " + kindWord(st.Out) + "."
				args = []string{"options", quote(fn.Path), "body", text}
				body = "return " + g.rt + ".streamBoth<" + outType + ">("
			}
			doc += "\nA ReadableStream body is read into memory first (at most 64 MiB) unless\noptions.streamBody is set."
		}
		if fn.Error != nil {
			args = append(args, g.decodeError(fn.Error))
		}
		if st.Out != ir.StreamNone {
			doc += "\nA stream that breaks off part-way errors with a ServerFnError (Response)."
		}
		doc += "\n\n@throws " + g.throws(fn, "before the answer")
	case ir.ProtocolMultipart:
		r := "void"
		if !fn.Unit {
			r = g.tsType(fn.Output)
		}
		params = append(params, "form: FormData | "+g.rt+".FormElement")
		result = "Promise<" + r + ">"
		doc += "Posts form (or a form element's FormData) to `POST " + fn.Path + "` as\nmultipart/form-data and reads its " + formatName(st.Format) + " result."
		args = []string{"options", quote(fn.Path), "form", g.decodeResultIn(fn, st.Format)}
		if fn.Error != nil {
			args = append(args, g.decodeError(fn.Error))
		}
		body = "return " + g.rt + ".upload<" + r + ">("
		doc += "\n\n@throws " + g.throws(fn, "")
	default:
		panic("tsgen: unexpected stream protocol " + st.Protocol.String())
	}
	w.doc(0, doc)
	params = append(params, "options?: "+options)
	kw := "export async function "
	if st.Protocol == ir.ProtocolWebsocket {
		kw = "export function "
	}
	w.list(0, kw+fn.TSName+"(", params, "): "+result+" {")
	w.list(1, body, args, ");")
	w.line(0, "}")
}

// throws is the @throws text of a streaming function: what it rejects with, and when.
func (g *generator) throws(fn *ir.Func, when string) string {
	if when != "" {
		when = " " + when
	}
	if e := fn.Error; e != nil {
		return g.rt + ".TypedServerFnError<" + e.TSName + "> when the function fails" + when + ", which\n" +
			"`is" + e.TSName + "(e)` tells and narrows; else a " + g.rt + ".ServerFnError."
	}
	return g.rt + ".ServerFnError when the function fails" + when + " or no answer comes."
}

// errorMediaType is the expression of the media type e travels in, which a websocket's
// error items are read as.
func (g *generator) errorMediaType(e *ir.Message) string {
	if e.Error.Format == ir.FormatCBOR {
		g.usesCBOR = true
		return g.cbor + ".cborType"
	}
	return g.rt + ".jsonType"
}

func formatName(f ir.Format) string {
	if f == ir.FormatCBOR {
		return "CBOR"
	}
	return "JSON"
}

func kindWord(k ir.StreamKind) string {
	if k == ir.StreamText {
		return "text"
	}
	return "bytes"
}
