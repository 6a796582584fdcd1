package tsgen

import "github.com/sfn-dev/sfn/compiler/ir"

// service writes one exported async function per server function of s, each a single call
// of the runtime: the function's method and path, its arguments encoded as its encoding
// says, the decoder of its result, and, for a function with an error type, the decoder of
// its errors. Each ordinary function is followed by its query and mutation helpers.
func (g *generator) service(w *writer, s *ir.Service) {
	w.line(0, "")
	if s.Doc != "" {
		w.comment(0, s.Doc)
	} else {
		w.comment(0, "The server functions of "+s.Name+".")
	}
	for _, fn := range s.Funcs {
		w.line(0, "")
		if fn.Stream != nil {
			g.streamFunc(w, fn)
			continue
		}
		doc := fn.Doc
		if doc != "" {
			doc += "\n\n"
		}
		doc += "Calls `" + fn.Method + " " + fn.Path + "` (" + string(fn.Encoding) + " encoding)."
		if e := fn.Error; e != nil {
			// The error type as this module names it (an import may be aliased); its guard
			// is where it is declared.
			doc += "\n\n@throws " + g.rt + ".TypedServerFnError<" + g.ref(e.TSName, e.File, false) + "> when the function fails, which\n" +
				"`is" + e.TSName + "(e)` tells and narrows; else a " + g.rt + ".ServerFnError (no answer, or\n" +
				"one that is not a " + e.TSName + ")."
		}
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
		if fn.Error != nil {
			callArgs = append(callArgs, g.decodeError(fn.Error))
		}
		w.list(1, "return "+g.rt+".call<"+result+">(", callArgs, ");")
		w.line(0, "}")
		g.helpers(w, s, fn)
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
		g.usesCBOR = true
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
	return g.decodeResultIn(fn, fn.Encoding.ResultFormat())
}

// decodeResultIn is the expression that reads fn's result in format.
func (g *generator) decodeResultIn(fn *ir.Func, format ir.Format) string {
	decoder := g.rt + ".jsonResult"
	if format == ir.FormatCBOR {
		g.usesCBOR = true
		decoder = g.cbor + ".result"
	}
	if fn.Unit {
		return decoder + "(" + g.rt + ".unit)"
	}
	return decoder + "(" + g.descriptor(fn.Output) + ")"
}

// decodeError is the expression that reads the error answers of a function whose error type
// is e, in e's own format whatever the function's encoding.
func (g *generator) decodeError(e *ir.Message) string {
	decoder := g.rt + ".jsonError"
	if e.Error.Format == ir.FormatCBOR {
		g.usesCBOR = true
		decoder = g.cbor + ".error"
	}
	return decoder + "(" + g.descriptor(&ir.Type{Kind: ir.KindMessage, Message: e}) + ")"
}
