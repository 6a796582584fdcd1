package compiler

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
	sfnv1 "github.com/sfn-dev/sfn/schema/sfn/v1"
)

// Defaults of SPEC section 1, used when neither rpc, service nor file sets a value.
const (
	defaultPrefix   = "/api"
	defaultEncoding = ir.Url
)

var encodings = map[sfnv1.Encoding]ir.Encoding{
	sfnv1.Encoding_Url:     ir.Url,
	sfnv1.Encoding_GetJson: ir.GetJson,
	sfnv1.Encoding_Cbor:    ir.Cbor,
	sfnv1.Encoding_GetCbor: ir.GetCbor,
	sfnv1.Encoding_Json:    ir.Json,
}

// setting is an option value with the place it was written, so a bad value is reported
// where the user wrote it, even when it was inherited from the service or the file.
type setting[T any] struct {
	val T
	pos diag.Pos
	set bool
}

// fileSettings are the (sfn.v1.file) values every function of a file inherits.
type fileSettings struct {
	prefix     setting[string]
	encoding   setting[sfnv1.Encoding]
	errorType  setting[*ir.Message]
	hashKey    string
	modulePath string
	hash       bool
}

func (c *compiler) fileSettings(fd protoreflect.FileDescriptor) fileSettings {
	pkg := string(fd.Package())
	fs := fileSettings{hashKey: pkg, modulePath: rustModulePath(pkg), hash: true}
	o := schema.FileOptions(fd)
	if o == nil {
		return fs
	}
	base := []int32{pathFileOptions, sfnOptionNumber}
	at := func(field int32) diag.Pos { return c.pos(fd, append(base, field)) }
	if o.Prefix != nil {
		fs.prefix = setting[string]{o.GetPrefix(), at(1), true}
	}
	if o.Encoding != sfnv1.Encoding_ENCODING_UNSPECIFIED {
		fs.encoding = setting[sfnv1.Encoding]{o.Encoding, at(2), true}
	}
	if o.Error != nil {
		fs.errorType = c.errorSetting(fd, o.GetError(), at(6))
	}
	if o.HashKey != nil {
		fs.hashKey = o.GetHashKey()
	}
	if o.ModulePath != nil {
		fs.modulePath = o.GetModulePath()
	}
	if o.Hash != nil {
		fs.hash = o.GetHash()
	}
	return fs
}

// errorSetting resolves an error option, written at pos in fd, once: a bad name is reported
// where it is written, however many functions inherit it. A nil value stands for none.
func (c *compiler) errorSetting(fd protoreflect.FileDescriptor, name string, pos diag.Pos) setting[*ir.Message] {
	return setting[*ir.Message]{c.resolveError(fd, name, pos), pos, true}
}

// rustModulePath is the default module_path: the proto package as a Rust path.
func rustModulePath(pkg string) string {
	out := make([]byte, 0, len(pkg)+4)
	for i := 0; i < len(pkg); i++ {
		if pkg[i] == '.' {
			out = append(out, ':', ':')
			continue
		}
		out = append(out, pkg[i])
	}
	return string(out)
}

func (c *compiler) lowerServices(f *ir.File, fd protoreflect.FileDescriptor) {
	fs := c.fileSettings(fd)
	services := fd.Services()
	for i := 0; i < services.Len(); i++ {
		sd := services.Get(i)
		name := goName(string(sd.Name()))
		s := &ir.Service{
			Name:            string(sd.Name()),
			FullName:        string(sd.FullName()),
			GoName:          name,
			GoHandler:       "New" + name + "Handler",
			GoClient:        "New" + name + "Client",
			GoUnimplemented: "Unimplemented" + name,
			Doc:             c.docOf(sd),
			Pos:             c.declPos(sd),
		}
		prefix, encoding, errorType := fs.prefix, fs.encoding, fs.errorType
		if o := schema.ServiceOptions(sd); o != nil {
			base := append(pathOf(sd), pathServiceOptions, sfnOptionNumber)
			if o.Prefix != nil {
				prefix = setting[string]{o.GetPrefix(), c.pos(fd, append(base, 1)), true}
			}
			if o.Encoding != sfnv1.Encoding_ENCODING_UNSPECIFIED {
				encoding = setting[sfnv1.Encoding]{o.Encoding, c.pos(fd, append(base, 2)), true}
			}
			if o.Error != nil {
				errorType = c.errorSetting(fd, o.GetError(), c.pos(fd, append(base, 3)))
			}
		}
		methods := sd.Methods()
		for j := 0; j < methods.Len(); j++ {
			if fn := c.lowerFunc(s, methods.Get(j), fs, prefix, encoding, errorType); fn != nil {
				s.Funcs = append(s.Funcs, fn)
			}
		}
		f.Services = append(f.Services, s)
	}
}

func (c *compiler) lowerFunc(s *ir.Service, md protoreflect.MethodDescriptor, fs fileSettings, prefix setting[string], encoding setting[sfnv1.Encoding], errorType setting[*ir.Message]) *ir.Func {
	fnName := snakeCase(string(md.Name()))
	fn := &ir.Func{
		Name:   string(md.Name()),
		FnName: fnName,
		GoName: goName(string(md.Name())),
		TSName: tsFuncName(fnName),
		Doc:    c.docOf(md),
		Pos:    c.declPos(md),
	}
	fn.GoPathConst = s.GoName + fn.GoName + "Path"
	var endpoint setting[string]
	if o := schema.FnOptions(md); o != nil {
		base := append(pathOf(md), pathMethodOptions, sfnOptionNumber)
		at := func(field int32) diag.Pos { return c.pos(md.ParentFile(), append(base, field)) }
		if o.Prefix != nil {
			prefix = setting[string]{o.GetPrefix(), at(1), true}
		}
		if o.Encoding != sfnv1.Encoding_ENCODING_UNSPECIFIED {
			encoding = setting[sfnv1.Encoding]{o.Encoding, at(2), true}
		}
		if o.Endpoint != nil {
			endpoint = setting[string]{o.GetEndpoint(), at(3), true}
		}
		if o.Error != nil {
			errorType = c.errorSetting(md.ParentFile(), o.GetError(), at(4))
		}
	}
	fn.Error = errorType.val
	stream, shapeOK := c.streamShape(fn, md)
	fn.Stream = stream

	fn.Encoding = defaultEncoding
	if stream != nil && stream.Protocol == ir.ProtocolWebsocket {
		fn.Encoding = ir.Json // a websocket's items are never a form
	}
	encodingOK := true
	if encoding.set {
		if e, ok := encodings[encoding.val]; ok {
			fn.Encoding = e
		} else {
			c.errorf(encoding.pos, "unknown encoding %d; the encodings are Url, GetJson, Cbor, GetCbor and Json", int32(encoding.val))
			encodingOK = false
		}
	}
	fn.Method = fn.Encoding.Method()
	if stream != nil && shapeOK && encodingOK {
		pos := encoding.pos
		if !encoding.set {
			pos = fn.Pos
		}
		c.streamEncoding(fn, pos)
	}

	fn.Prefix = defaultPrefix
	if prefix.set {
		fn.Prefix = prefix.val
	}
	fn.Path, fn.Endpoint = c.resolvePath(fn, prefix, endpoint, fs)

	// A function with a bad signature still takes part in the path and name checks, so one
	// run reports those too; the IR is dropped whenever there are diagnostics.
	if shapeOK {
		c.signature(fn, md)
	}
	return fn
}

// signature resolves the function's input and output and checks that its encoding can
// carry them, reporting why not.
func (c *compiler) signature(fn *ir.Func, md protoreflect.MethodDescriptor) {
	inPos := c.pos(md.ParentFile(), append(pathOf(md), pathMethodInput))
	outPos := c.pos(md.ParentFile(), append(pathOf(md), pathMethodOutput))
	inName, outName := md.Input().FullName(), md.Output().FullName()
	st := fn.Stream
	in, out := ir.StreamNone, ir.StreamNone
	if st != nil {
		in, out = st.In, st.Out
	}
	switch in {
	case ir.StreamNone:
		c.arguments(fn, inName, inPos)
	case ir.StreamItems:
		fn.Input = c.streamItem(fn, inName, inPos, "input")
	default:
		fn.Input = markers[inName].msg
	}
	switch out {
	case ir.StreamNone:
		c.result(fn, outName, outPos)
	case ir.StreamItems:
		if m := c.streamItem(fn, outName, outPos, "output"); m != nil {
			fn.Output = &ir.Type{Kind: ir.KindMessage, Message: m}
		}
	default:
		fn.Output = &ir.Type{Kind: ir.KindMessage, Message: markers[outName].msg}
	}
	if fn.Input == nil || fn.Output == nil {
		return
	}

	argsFormat, resultFormat := fn.Encoding.ArgsFormat(), fn.Encoding.ResultFormat()
	if st != nil && st.Protocol == ir.ProtocolWebsocket {
		c.websocketItems(fn, outName, inPos, outPos)
		argsFormat, resultFormat = st.Format, st.Format
	}
	switch in {
	case ir.StreamNone:
		if p := carryProblem(&ir.Type{Kind: ir.KindMessage, Message: fn.Input}, argsFormat); p != nil {
			c.errorf(inPos, "function %q: %s sends arguments as %s, which cannot carry %s", fn.Name, fn.Encoding, formatNames[argsFormat], p.describe())
		}
	case ir.StreamItems:
		if p := carryProblem(&ir.Type{Kind: ir.KindMessage, Message: fn.Input}, st.Format); p != nil {
			c.errorf(inPos, "function %q: %s sends input items as %s, which cannot carry %s", fn.Name, fn.Encoding, formatNames[st.Format], p.describe())
		}
	}
	switch out {
	case ir.StreamNone:
		if p := carryProblem(fn.Output, resultFormat); p != nil {
			c.errorf(outPos, "function %q: %s returns %s, which cannot carry %s", fn.Name, fn.Encoding, formatNames[resultFormat], p.describe())
		}
	case ir.StreamItems:
		if p := carryProblem(fn.Output, st.Format); p != nil {
			c.errorf(outPos, "function %q: %s sends output items as %s, which cannot carry %s", fn.Name, fn.Encoding, formatNames[st.Format], p.describe())
		}
	}
}

// arguments resolves the arguments message of a function, or reports why it cannot be one.
func (c *compiler) arguments(fn *ir.Func, inName protoreflect.FullName, inPos diag.Pos) {
	switch m, ok := c.messages[inName]; {
	case inName == "google.protobuf.Empty":
		fn.Input, fn.NoArgs = emptyMessage, true
	case inName == frameworkName:
		c.errorf(inPos, "function %q: %s can only be the type of an error type's framework variant", fn.Name, inName)
	case !ok:
		c.errorf(inPos, "function %q: arguments must be a message declared in a schema file, not %s", fn.Name, inName)
	case m.Error != nil:
		c.errorf(inPos, "function %q: arguments message %q is an error type, which can only be a function's error", fn.Name, m.FullName)
	case m.Transparent:
		c.errorf(inPos, "function %q: arguments message %q is transparent; arguments are always a struct of named fields", fn.Name, m.Name)
	default:
		fn.Input = m
	}
}

// result resolves the result type of a function, or reports why it cannot be one.
func (c *compiler) result(fn *ir.Func, outName protoreflect.FullName, outPos diag.Pos) {
	switch m, ok := c.messages[outName]; {
	case outName == "google.protobuf.Empty":
		fn.Output, fn.Unit = &ir.Type{Kind: ir.KindMessage, Message: emptyMessage}, true
	case outName == frameworkName:
		c.errorf(outPos, "function %q: %s can only be the type of an error type's framework variant", fn.Name, outName)
	case ok && m.Error != nil:
		c.errorf(outPos, "function %q: result message %q is an error type, which can only be a function's error", fn.Name, m.FullName)
	case ok:
		fn.Output = &ir.Type{Kind: ir.KindMessage, Message: m}
	default:
		if t := wellKnownType(outName); t != nil {
			fn.Output = t
		} else {
			c.errorf(outPos, "function %q: result type %s is not supported; use a message, google.protobuf.Empty or one of %s", fn.Name, outName, wellKnownList)
		}
	}
}

var formatNames = map[ir.Format]string{ir.FormatForm: "a form", ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR"}

// emptyMessage stands for google.protobuf.Empty: no arguments, or the unit result.
var emptyMessage = &ir.Message{Name: "Empty", FullName: "google.protobuf.Empty", GoName: "Empty", TSName: "Empty", File: "google/protobuf/empty.proto"}
