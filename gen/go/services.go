package gogen

import (
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// services writes, per service: the path constants, the function descriptors, the interface
// shared by implementations and the client, the Unimplemented type and the client.
func (f *goFile) services() {
	for _, s := range f.file.Services {
		f.pathConsts(s)
		f.funcVars(s)
		f.resultWrappers(s)
		f.iface(s)
		f.unimplemented(s)
		f.itemCodecs(s)
		f.client(s)
	}
}

func (f *goFile) pathConsts(s *ir.Service) {
	var rows []row
	for _, fn := range s.Funcs {
		how := fn.Method + ", encoding " + string(fn.Encoding)
		if fn.Stream != nil {
			how = fn.Method + ", " + map[ir.StreamProtocol]string{
				ir.ProtocolWebsocket:  "a websocket with " + string(fn.Encoding) + " items",
				ir.ProtocolByteStream: "raw byte streams, encoding " + string(fn.Encoding),
				ir.ProtocolMultipart:  "a multipart/form-data upload, encoding " + string(fn.Encoding),
			}[fn.Stream.Protocol]
		}
		rows = append(rows, row{lines: docLines(fn.GoPathConst + " is where " + fn.Name + " is served: " + how + ".")},
			row{cells: []string{fn.GoPathConst}, rest: "= " + lit(fn.Path)})
	}
	f.blank()
	f.specs("const", rows)
}

var encodingConst = map[ir.Encoding]string{ir.Url: "Url", ir.GetJson: "GetJson", ir.Cbor: "Cbor", ir.GetCbor: "GetCbor", ir.Json: "Json"}

func (f *goFile) funcVars(s *ir.Service) {
	var rows []row
	for _, fn := range s.Funcs {
		var encoding, args, result, stream string
		if fn.Stream != nil {
			encoding, args, result, stream = f.streamDescriptor(s, fn)
		} else {
			encoding, args, result = f.q(pkgRPC, encodingConst[fn.Encoding]), "", f.resultDesc(s, fn)
			if fn.NoArgs {
				args = f.q(pkgRPC, "NoArgs")
			} else {
				args = f.messageDesc(fn.Input)
			}
		}
		desc := "&" + f.q(pkgRPC, "Func") + "{Service: " + lit(s.FullName) + ", Name: " + lit(fn.Name) + ", Path: " + fn.GoPathConst +
			", Encoding: " + encoding + ", Args: " + args + ", Result: " + result
		if fn.Error != nil {
			desc += ", Error: " + errorVar(fn.Error)
		}
		if stream != "" {
			desc += ", Stream: " + stream
		}
		rows = append(rows, row{cells: []string{funcVar(s, fn)}, rest: "= " + desc + "}"})
	}
	f.blank()
	f.specs("var", rows)
}

// resultDesc is the descriptor of a function's one result.
func (f *goFile) resultDesc(s *ir.Service, fn *ir.Func) string {
	switch {
	case fn.Unit:
		return f.q(pkgWire, "UnitMessage")
	case needsResultWrapper(fn):
		return lowerFirst(resultWrapper(s, fn)) + "Message"
	}
	return f.messageDesc(fn.Output.Message)
}

func (f *goFile) resultWrappers(s *ir.Service) {
	for _, fn := range s.Funcs {
		if needsResultWrapper(fn) {
			f.blank()
			f.comment(resultWrapper(s, fn) + " carries " + fn.Name + "'s result, which is not a message.")
			f.structType(resultWrapper(s, fn), []row{{cells: []string{"Value"}, rest: f.goType(fn.Output)}})
		}
	}
}

// signature is a method's parameters and results, "(ctx context.Context, in *Args) (*Result,
// error)"; parameter names are dropped for Unimplemented's methods.
func (f *goFile) signature(fn *ir.Func, named bool) string {
	ps := []string{maybeNamed(named, "ctx", f.q("context", "Context"))}
	switch {
	case fn.Stream != nil:
		ps = append(ps, f.streamParams(fn, named)...)
	case !fn.NoArgs:
		ps = append(ps, maybeNamed(named, "in", "*"+f.msgType(fn.Input)))
	}
	var rs []string
	if fn.Stream != nil {
		rs = f.streamResults(fn)
	} else {
		rs = f.plainResults(fn)
	}
	return "(" + strings.Join(ps, ", ") + ") " + results(rs)
}

// maybeNamed is a parameter: name and type, or the type alone when named is not set.
func maybeNamed(named bool, name, typ string) string {
	if named {
		return name + " " + typ
	}
	return typ
}

// results is a result list as gofmt writes it: one result bare, more in parentheses.
func results(rs []string) string {
	if len(rs) == 1 {
		return rs[0]
	}
	return "(" + strings.Join(rs, ", ") + ")"
}

// plainResults is the result list of a function with one result: error alone for a unit
// result, else the result and error.
func (f *goFile) plainResults(fn *ir.Func) []string {
	switch {
	case fn.Unit:
		return []string{"error"}
	case needsResultWrapper(fn):
		return []string{f.goType(fn.Output), "error"}
	}
	return []string{"*" + f.msgType(fn.Output.Message), "error"}
}

func (f *goFile) iface(s *ir.Service) {
	text := s.Doc
	if text == "" {
		text = s.GoName + " is the service " + s.FullName + "."
	}
	// One comment, formatted whole: gofmt reads the schema's text and the lines after it as
	// one doc comment (a last line of the schema's could become a heading).
	text += "\n\nA server implements it and serves it with " + s.GoHandler + "; " + s.GoClient + " returns\n" +
		"one that calls a server over HTTP, so code written against " + s.GoName + " runs either way."
	f.blank()
	f.doc(text, "")
	f.p("type " + s.GoName + " interface {")
	for _, fn := range s.Funcs {
		text := fn.Doc
		if fn.Stream != nil {
			if text != "" {
				text += "\n\n"
			}
			text += wrap(streamDoc(fn), 88)
		}
		f.lines(docLines(text))
		f.line(fn.GoName + f.signature(fn, true))
	}
	f.p("}")
}

func (f *goFile) unimplemented(s *ir.Service) {
	f.blank()
	f.comment(s.GoUnimplemented + " answers every function of " + s.GoName + " with 501 ServerError. Embed it\n" +
		"in an implementation to keep it compiling when the schema gains functions.")
	f.p("type " + s.GoUnimplemented + " struct{}")
	for _, fn := range s.Funcs {
		err := f.q(pkgRPC, "NewError") + "(501, " + lit(fn.Name+" is not implemented") + ")"
		body := "return " + f.failedResult(fn, err)
		if fn.Stream != nil {
			body = f.unimplementedStream(fn, err)
		}
		f.blank()
		f.comment(fn.GoName + " fails with 501: not implemented.")
		f.fn("func ("+s.GoUnimplemented+") "+fn.GoName+f.signature(fn, false), body)
	}
}

// failedResult is what a function with one result returns when it fails with err.
func (f *goFile) failedResult(fn *ir.Func, err string) string {
	switch {
	case fn.Unit:
		return err
	case needsResultWrapper(fn):
		return f.zero(fn.Output) + ", " + err
	}
	return "nil, " + err
}

// zero is the zero value of a non-message result type.
func (f *goFile) zero(t *ir.Type) string {
	if t.Kind == ir.KindTimestamp {
		return f.q("time", "Time") + "{}"
	}
	return "nil"
}

func (f *goFile) client(s *ir.Service) {
	typ := lowerFirst(s.GoName) + "Client"
	f.blank()
	f.comment(s.GoClient + " returns a " + s.GoName + " that calls the server at baseURL, such as\n" +
		`"https://example.com". Options set the transport, headers and redirect handling.`)
	f.fn("func "+s.GoClient+"(baseURL string, opts ..."+f.q(pkgClient, "Option")+") "+s.GoName,
		"return &"+typ+"{"+f.q(pkgClient, "New")+"(baseURL, opts...)}")
	f.blank()
	f.structType(typ, []row{{cells: []string{"c"}, rest: "*" + f.q(pkgClient, "Client")}})
	for _, fn := range s.Funcs {
		body := f.clientBody
		if fn.Stream != nil {
			body = f.streamClientBody
		}
		f.blank()
		f.fn("func (c *"+typ+") "+fn.GoName+f.signature(fn, true), body(s, fn))
	}
}

var formatName = map[ir.Format]string{ir.FormatForm: "Form", ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR"}

// clientBody calls the function with the codecs generated for its types: one call of
// client.Do with the argument encoder and the result decoder. Like every body below, it is
// lines of code, each ending in a newline.
func (f *goFile) clientBody(s *ir.Service, fn *ir.Func) string {
	body, args := f.clientArgs(fn)
	pre, result := f.clientResult(s, fn)
	return f.clientReturn(fn, body+pre, "c.c.Do(ctx, "+funcVar(s, fn)+", "+args+", "+result+")")
}

// clientArgs is the client's encoder of the function's arguments (client.JSONArgs, ...),
// with the statements it needs first.
func (f *goFile) clientArgs(fn *ir.Func) (string, string) {
	var body, enc string
	argsFormat := fn.Encoding.ArgsFormat()
	switch {
	case !fn.NoArgs:
		// A nil argument is the zero value, as a nil message is in protobuf.
		body = "if in == nil {\nin = new(" + f.msgType(fn.Input) + ")\n}\n"
		enc = f.codecValue(fn.Input, codecOp{argsFormat, false}, "in")
	case argsFormat == ir.FormatForm:
		enc = "nil"
	default:
		enc = f.q(pkgWire, "Empty"+formatName[argsFormat])
	}
	return body, f.q(pkgClient, formatName[argsFormat]+"Args") + "(" + enc + ")"
}

// clientResult is the client's decoder of the function's one result (client.JSONResult,
// ...), with the statements it needs first: out, the value it decodes into.
func (f *goFile) clientResult(s *ir.Service, fn *ir.Func) (string, string) {
	var body, out string
	resultFormat := fn.Encoding.ResultFormat()
	switch {
	case fn.Unit:
		out = f.q(pkgWire, "Unit"+formatName[resultFormat])
	case needsResultWrapper(fn):
		body = "out := new(" + resultWrapper(s, fn) + ")\n"
		out = "out." + codecOp{resultFormat, true}.method()
	default:
		body = "out := new(" + f.msgType(fn.Output.Message) + ")\n"
		out = f.codecValue(fn.Output.Message, codecOp{resultFormat, true}, "out")
	}
	return body, f.q(pkgClient, formatName[resultFormat]+"Result") + "(" + out + ")"
}

// clientReturn ends a client method that makes call, which decodes the one result into out.
func (f *goFile) clientReturn(fn *ir.Func, body, call string) string {
	switch {
	case fn.Unit:
		return body + "return " + call + "\n"
	case needsResultWrapper(fn):
		return body + "if err := " + call + "; err != nil {\nreturn " + f.zero(fn.Output) + ", err\n}\nreturn out.Value, nil\n"
	}
	return body + "if err := " + call + "; err != nil {\nreturn nil, err\n}\nreturn out, nil\n"
}

// handler writes the service's handler constructor (in the server file).
func (f *goFile) handler(s *ir.Service) {
	var routes strings.Builder
	for _, fn := range s.Funcs {
		fv := funcVar(s, fn)
		method := "impl." + fn.GoName
		var r string
		switch {
		case fn.Stream != nil:
			r = f.streamRoute(s, fn, fv)
		case needsResultWrapper(fn):
			r = f.wrappedRoute(s, fn, fv)
		case fn.NoArgs && fn.Unit:
			r = f.q(pkgServer, "Bare") + "(" + fv + ", " + method + ")"
		case fn.NoArgs:
			r = f.q(pkgServer, "NoArgs") + "(" + fv + ", " + method + ")"
		case fn.Unit:
			r = f.q(pkgServer, "NoResult") + "(" + fv + ", " + method + ")"
		default:
			r = f.q(pkgServer, "Unary") + "(" + fv + ", " + method + ")"
		}
		routes.WriteString(r + ",\n")
	}
	f.blank()
	f.comment(s.GoHandler + " returns an http.Handler that serves impl's functions at their paths, decoding\n" +
		"and encoding by each function's encoding. Mount it on an http.ServeMux or any router;\n" +
		"options set limits, interceptors and cross-origin rules.")
	f.fn("func "+s.GoHandler+"(impl "+s.GoName+", opts ..."+f.q(pkgServer, "Option")+") "+f.q("net/http", "Handler"),
		"return "+f.q(pkgServer, "NewHandler")+"([]"+f.q(pkgServer, "Route")+"{\n"+routes.String()+"}, opts...)")
}

// wrappedRoute adapts a method whose result is not a message to the runtime's route shape,
// boxing the result in its wrapper struct.
func (f *goFile) wrappedRoute(s *ir.Service, fn *ir.Func, fv string) string {
	call := "impl." + fn.GoName + "(ctx)"
	params := "ctx " + f.q("context", "Context")
	ctor := "NoArgs"
	if !fn.NoArgs {
		call = "impl." + fn.GoName + "(ctx, in)"
		params += ", in *" + f.msgType(fn.Input)
		ctor = "Unary"
	}
	return f.q(pkgServer, ctor) + "(" + fv + ", func(" + params + ") (*" + resultWrapper(s, fn) + ", error) {\n" +
		"v, err := " + call + "\nif err != nil {\nreturn nil, err\n}\nreturn &" + resultWrapper(s, fn) + "{v}, nil\n})"
}
