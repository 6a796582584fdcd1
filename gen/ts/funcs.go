package tsgen

import "github.com/sfn-dev/sfn/compiler/ir"

// service writes one exported async function per server function of s, each a single call
// of the runtime: the function's method and path, its arguments encoded as its encoding
// says, and the decoder of its result.
func (g *generator) service(w *writer, s *ir.Service) {
	w.line(0, "")
	if s.Doc != "" {
		w.comment(0, s.Doc)
	} else {
		w.comment(0, "The server functions of "+s.Name+".")
	}
	for _, fn := range s.Funcs {
		w.line(0, "")
		doc := fn.Doc
		if doc != "" {
			doc += "\n\n"
		}
		doc += "Calls `" + fn.Method + " " + fn.Path + "` (" + string(fn.Encoding) + " encoding)."
		w.doc(0, doc)

		params := []string{"options?: " + g.rt + ".CallOptions"}
		if !fn.NoArgs {
			params = append([]string{"args: " + g.ref(fn.Input.TSName, fn.Input.File, false)}, params...)
		}
		result := "void"
		if !fn.Unit {
			result = g.tsType(fn.Output)
		}
		w.list(0, "export async function "+fn.TSName+"(", params, "): Promise<"+result+"> {")
		callArgs := []string{"options", quote(fn.Method), quote(fn.Path), g.encodeArgs(fn), g.decodeResult(fn)}
		w.list(1, "return "+g.rt+".call<"+result+">(", callArgs, ");")
		w.line(0, "}")
	}
}

// encodeArgs is the expression that encodes fn's arguments (none for a zero-argument
// function) in its encoding's format.
func (g *generator) encodeArgs(fn *ir.Func) string {
	var encoder string
	switch fn.Encoding.ArgsFormat() {
	case ir.FormatJSON:
		encoder = g.rt + ".jsonArgs"
	case ir.FormatCBOR:
		encoder = g.cbor + ".args"
	default:
		encoder = g.rt + ".form"
	}
	if fn.NoArgs {
		return encoder + "()"
	}
	return encoder + "(" + g.descriptor(&ir.Type{Kind: ir.KindMessage, Message: fn.Input}) + ", args)"
}

// decodeResult is the expression that reads fn's result in its encoding's format.
func (g *generator) decodeResult(fn *ir.Func) string {
	decoder := g.rt + ".jsonResult"
	if fn.Encoding.ResultFormat() == ir.FormatCBOR {
		decoder = g.cbor + ".result"
	}
	if fn.Unit {
		return decoder + "(" + g.rt + ".unit)"
	}
	return decoder + "(" + g.descriptor(fn.Output) + ")"
}
