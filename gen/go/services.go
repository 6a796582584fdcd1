package gogen

import (
	"github.com/dave/jennifer/jen"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// services writes, per service: the path constants, the function descriptors, the interface
// shared by implementations and the client, the Unimplemented type and the client.
func (g *generator) services(f *jen.File) {
	if len(g.file.Services) == 0 {
		return
	}
	for _, s := range g.file.Services {
		g.pathConsts(f, s)
		g.funcVars(f, s)
		g.resultWrappers(f, s)
		g.iface(f, s)
		g.unimplemented(f, s)
		g.itemCodecs(f, s)
		g.client(f, s)
	}
}

func (g *generator) pathConsts(f *jen.File, s *ir.Service) {
	var defs []jen.Code
	for _, fn := range s.Funcs {
		how := fn.Method + ", encoding " + string(fn.Encoding)
		if fn.Stream != nil {
			how = fn.Method + ", " + map[ir.StreamProtocol]string{
				ir.ProtocolWebsocket:  "a websocket with " + string(fn.Encoding) + " items",
				ir.ProtocolByteStream: "raw byte streams, encoding " + string(fn.Encoding),
				ir.ProtocolMultipart:  "a multipart/form-data upload, encoding " + string(fn.Encoding),
			}[fn.Stream.Protocol]
		}
		defs = append(defs, jen.Comment(fn.GoPathConst+" is where "+fn.Name+" is served: "+how+".").Line().
			Id(fn.GoPathConst).Op("=").Lit(fn.Path))
	}
	f.Line()
	f.Const().Defs(defs...)
}

var encodingConst = map[ir.Encoding]string{ir.Url: "Url", ir.GetJson: "GetJson", ir.Cbor: "Cbor", ir.GetCbor: "GetCbor", ir.Json: "Json"}

func (g *generator) funcVars(f *jen.File, s *ir.Service) {
	var defs []jen.Code
	for _, fn := range s.Funcs {
		var encoding, args, result, stream jen.Code
		if fn.Stream != nil {
			encoding, args, result, stream = g.streamDescriptor(s, fn)
		} else {
			encoding, args, result = jen.Qual(pkgRPC, encodingConst[fn.Encoding]), g.messageDesc(fn.Input), g.resultDesc(s, fn)
			if fn.NoArgs {
				args = jen.Qual(pkgRPC, "NoArgs")
			}
		}
		defs = append(defs, jen.Id(funcVar(s, fn)).Op("=").Op("&").Qual(pkgRPC, "Func").Values(fields(
			"Service", jen.Lit(s.FullName),
			"Name", jen.Lit(fn.Name),
			"Path", jen.Id(fn.GoPathConst),
			"Encoding", encoding,
			"Args", args,
			"Result", result,
			"Error", errorTypeRef(fn),
			"Stream", stream,
		)...))
	}
	f.Line()
	f.Var().Defs(defs...)
}

// resultDesc is the descriptor of a function's one result.
func (g *generator) resultDesc(s *ir.Service, fn *ir.Func) jen.Code {
	switch {
	case fn.Unit:
		return jen.Qual(pkgWire, "UnitMessage")
	case needsResultWrapper(fn):
		return jen.Id(lowerFirst(resultWrapper(s, fn)) + "Message")
	}
	return g.messageDesc(fn.Output.Message)
}

// errorTypeRef is the function's error type descriptor, or nil (no field) for none.
func errorTypeRef(fn *ir.Func) jen.Code {
	if fn.Error == nil {
		return nil
	}
	return jen.Id(errorVar(fn.Error))
}

func (g *generator) resultWrappers(f *jen.File, s *ir.Service) {
	for _, fn := range s.Funcs {
		if needsResultWrapper(fn) {
			f.Line()
			f.Comment(resultWrapper(s, fn) + " carries " + fn.Name + "'s result, which is not a message.")
			f.Type().Id(resultWrapper(s, fn)).Struct(jen.Id("Value").Add(g.goType(fn.Output)))
		}
	}
}

// params is a method's parameter list; names are dropped for Unimplemented's methods.
func (g *generator) params(fn *ir.Func, named bool) []jen.Code {
	ctx, in := jen.Null(), jen.Null()
	if named {
		ctx, in = jen.Id("ctx"), jen.Id("in")
	}
	ps := []jen.Code{ctx.Qual("context", "Context")}
	if fn.Stream != nil {
		return append(ps, g.streamParams(fn, named)...)
	}
	if !fn.NoArgs {
		ps = append(ps, in.Op("*").Add(g.msgType(fn.Input)))
	}
	return ps
}

// results is a method's result list.
func (g *generator) results(fn *ir.Func) []jen.Code {
	if fn.Stream != nil {
		return g.streamResults(fn)
	}
	return g.plainResults(fn)
}

// plainResults is the result list of a function with one result: error alone for a unit
// result, else the result and error.
func (g *generator) plainResults(fn *ir.Func) []jen.Code {
	switch {
	case fn.Unit:
		return []jen.Code{jen.Error()}
	case needsResultWrapper(fn):
		return []jen.Code{g.goType(fn.Output), jen.Error()}
	}
	return []jen.Code{jen.Op("*").Add(g.msgType(fn.Output.Message)), jen.Error()}
}

func (g *generator) iface(f *jen.File, s *ir.Service) {
	var methods []jen.Code
	for _, fn := range s.Funcs {
		text := fn.Doc
		if fn.Stream != nil {
			if text != "" {
				text += "\n\n"
			}
			text += wrap(streamDoc(fn), 88)
		}
		methods = append(methods, comment(text).Id(fn.GoName).Params(g.params(fn, true)...).Params(g.results(fn)...))
	}
	f.Line()
	doc(f, s.Doc, s.GoName+" is the service "+s.FullName+".")
	f.Comment("")
	f.Comment("A server implements it and serves it with " + s.GoHandler + "; " + s.GoClient + " returns")
	f.Comment("one that calls a server over HTTP, so code written against " + s.GoName + " runs either way.")
	f.Type().Id(s.GoName).Interface(methods...)
}

func (g *generator) unimplemented(f *jen.File, s *ir.Service) {
	f.Line()
	f.Comment(s.GoUnimplemented + " answers every function of " + s.GoName + " with 501 ServerError. Embed it")
	f.Comment("in an implementation to keep it compiling when the schema gains functions.")
	f.Type().Id(s.GoUnimplemented).Struct()
	for _, fn := range s.Funcs {
		err := jen.Qual(pkgRPC, "NewError").Call(jen.Lit(501), jen.Lit(fn.Name+" is not implemented"))
		body := []jen.Code{jen.Return(g.failedResult(fn, err)...)}
		if fn.Stream != nil {
			body = g.unimplementedStream(fn, err)
		}
		f.Line()
		f.Comment(fn.GoName + " fails with 501: not implemented.")
		f.Func().Params(jen.Id(s.GoUnimplemented)).Id(fn.GoName).Params(g.params(fn, false)...).Params(g.results(fn)...).Block(body...)
	}
}

// failedResult is what a function with one result returns when it fails with err.
func (g *generator) failedResult(fn *ir.Func, err jen.Code) []jen.Code {
	switch {
	case fn.Unit:
		return []jen.Code{err}
	case needsResultWrapper(fn):
		return []jen.Code{g.zero(fn.Output), err}
	}
	return []jen.Code{jen.Nil(), err}
}

// zero is the zero value of a non-message result type.
func (g *generator) zero(t *ir.Type) *jen.Statement {
	if t.Kind == ir.KindTimestamp {
		return jen.Qual("time", "Time").Values()
	}
	return jen.Nil()
}

func (g *generator) client(f *jen.File, s *ir.Service) {
	typ := lowerFirst(s.GoName) + "Client"
	f.Line()
	f.Comment(s.GoClient + " returns a " + s.GoName + " that calls the server at baseURL, such as")
	f.Comment(`"https://example.com". Options set the transport, headers and redirect handling.`)
	f.Func().Id(s.GoClient).Params(jen.Id("baseURL").String(), jen.Id("opts").Op("...").Qual(pkgClient, "Option")).Id(s.GoName).Block(
		jen.Return(jen.Op("&").Id(typ).Values(jen.Qual(pkgClient, "New").Call(jen.Id("baseURL"), jen.Id("opts").Op("...")))),
	)
	f.Line()
	f.Type().Id(typ).Struct(jen.Id("c").Op("*").Qual(pkgClient, "Client"))
	for _, fn := range s.Funcs {
		body := g.clientBody
		if fn.Stream != nil {
			body = g.streamClientBody
		}
		f.Line()
		f.Func().Params(jen.Id("c").Op("*").Id(typ)).Id(fn.GoName).Params(g.params(fn, true)...).Params(g.results(fn)...).Block(body(s, fn)...)
	}
}

var formatName = map[ir.Format]string{ir.FormatForm: "Form", ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR"}

// clientBody calls the function with the codecs generated for its types: one call of
// client.Do with the argument encoder and the result decoder.
func (g *generator) clientBody(s *ir.Service, fn *ir.Func) []jen.Code {
	body, args := g.clientArgs(fn)
	pre, result := g.clientResult(s, fn)
	body = append(body, pre...)
	call := jen.Id("c").Dot("c").Dot("Do").Call(jen.Id("ctx"), jen.Id(funcVar(s, fn)), args, result)
	return g.clientReturn(fn, body, call)
}

// clientArgs is the client's encoder of the function's arguments (client.JSONArgs, ...),
// with the statements it needs first.
func (g *generator) clientArgs(fn *ir.Func) ([]jen.Code, jen.Code) {
	var body []jen.Code
	argsFormat := fn.Encoding.ArgsFormat()
	var enc jen.Code
	switch {
	case !fn.NoArgs:
		// A nil argument is the zero value, as a nil message is in protobuf.
		body = append(body, jen.If(jen.Id("in").Op("==").Nil()).Block(jen.Id("in").Op("=").New(g.msgType(fn.Input))))
		enc = g.codecValue(fn.Input, codecOp{argsFormat, false}, jen.Id("in"))
	case argsFormat == ir.FormatForm:
		enc = jen.Nil()
	default:
		enc = jen.Qual(pkgWire, "Empty"+formatName[argsFormat])
	}
	return body, jen.Qual(pkgClient, formatName[argsFormat]+"Args").Call(enc)
}

// clientResult is the client's decoder of the function's one result (client.JSONResult,
// ...), with the statements it needs first: out, the value it decodes into.
func (g *generator) clientResult(s *ir.Service, fn *ir.Func) ([]jen.Code, jen.Code) {
	var body []jen.Code
	resultFormat := fn.Encoding.ResultFormat()
	var out jen.Code
	switch {
	case fn.Unit:
		out = jen.Qual(pkgWire, "Unit"+formatName[resultFormat])
	default:
		op := codecOp{resultFormat, true}
		if needsResultWrapper(fn) {
			body = append(body, jen.Id("out").Op(":=").New(jen.Id(resultWrapper(s, fn))))
			out = jen.Id("out").Dot(op.method())
			break
		}
		body = append(body, jen.Id("out").Op(":=").New(g.msgType(fn.Output.Message)))
		out = g.codecValue(fn.Output.Message, op, jen.Id("out"))
	}
	return body, jen.Qual(pkgClient, formatName[resultFormat]+"Result").Call(out)
}

// clientReturn ends a client method that makes call, which decodes the one result into out.
func (g *generator) clientReturn(fn *ir.Func, body []jen.Code, call jen.Code) []jen.Code {
	switch {
	case fn.Unit:
		return append(body, jen.Return(call))
	case needsResultWrapper(fn):
		return append(body,
			jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(g.zero(fn.Output), jen.Err())),
			jen.Return(jen.Id("out").Dot("Value"), jen.Nil()))
	}
	return append(body,
		jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("out"), jen.Nil()))
}

// handler writes the service's handler constructor (in the server file).
func (g *generator) handler(f *jen.File, s *ir.Service) {
	var routes []jen.Code
	for _, fn := range s.Funcs {
		fv := jen.Id(funcVar(s, fn))
		method := jen.Id("impl").Dot(fn.GoName)
		var r jen.Code
		switch {
		case fn.Stream != nil:
			r = g.streamRoute(s, fn, fv)
		case needsResultWrapper(fn):
			r = g.wrappedRoute(s, fn, fv)
		case fn.NoArgs && fn.Unit:
			r = jen.Qual(pkgServer, "Bare").Call(fv, method)
		case fn.NoArgs:
			r = jen.Qual(pkgServer, "NoArgs").Call(fv, method)
		case fn.Unit:
			r = jen.Qual(pkgServer, "NoResult").Call(fv, method)
		default:
			r = jen.Qual(pkgServer, "Unary").Call(fv, method)
		}
		routes = append(routes, jen.Line().Add(r))
	}
	routes = append(routes, jen.Line())
	f.Line()
	f.Comment(s.GoHandler + " returns an http.Handler that serves impl's functions at their paths, decoding")
	f.Comment("and encoding by each function's encoding. Mount it on an http.ServeMux or any router;")
	f.Comment("options set limits, interceptors and cross-origin rules.")
	f.Func().Id(s.GoHandler).Params(jen.Id("impl").Id(s.GoName), jen.Id("opts").Op("...").Qual(pkgServer, "Option")).Qual("net/http", "Handler").Block(
		jen.Return(jen.Qual(pkgServer, "NewHandler").Call(jen.Index().Qual(pkgServer, "Route").Values(routes...), jen.Id("opts").Op("..."))),
	)
}

// wrappedRoute adapts a method whose result is not a message to the runtime's route shape,
// boxing the result in its wrapper struct.
func (g *generator) wrappedRoute(s *ir.Service, fn *ir.Func, fv *jen.Statement) *jen.Statement {
	wrap := jen.Id(resultWrapper(s, fn))
	call := jen.Id("impl").Dot(fn.GoName).Call(jen.Id("ctx"))
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	if !fn.NoArgs {
		call = jen.Id("impl").Dot(fn.GoName).Call(jen.Id("ctx"), jen.Id("in"))
		params = append(params, jen.Id("in").Op("*").Add(g.msgType(fn.Input)))
	}
	body := jen.Func().Params(params...).Params(jen.Op("*").Add(wrap), jen.Error()).Block(
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(call),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id(resultWrapper(s, fn)).Values(jen.Id("v")), jen.Nil()),
	)
	if fn.NoArgs {
		return jen.Qual(pkgServer, "NoArgs").Call(fv, body)
	}
	return jen.Qual(pkgServer, "Unary").Call(fv, body)
}
