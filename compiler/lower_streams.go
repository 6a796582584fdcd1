package compiler

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// Streams and uploads (SPEC 11). An rpc's `stream` keywords and the marker messages of sfn's
// options file (sfn.v1.Bytes, Text, Multipart) give a function's shape: a stream of messages
// on either side makes a websocket function, a marker with `stream` a raw byte or text body,
// sfn.v1.Multipart as the input an upload. Everything else is an ordinary function.

// Descriptor paths of a method's input and output types and of its stream keywords.
const (
	pathMethodInput           = 2
	pathMethodOutput          = 3
	pathMethodClientStreaming = 5
	pathMethodServerStreaming = 6
)

// marker describes one marker message.
type marker struct {
	kind ir.StreamKind
	msg  *ir.Message
	what string // what it marks, for diagnostics
	hint string // what a field would use instead
}

func markerMessage(name protoreflect.FullName) *ir.Message {
	return &ir.Message{Name: string(name.Name()), FullName: string(name), GoName: string(name.Name()), TSName: string(name.Name()), File: schema.OptionsFile}
}

// markers are the marker messages by full name. Like emptyMessage, their IR messages are
// shared: no file declares them and they have no fields.
var markers = map[protoreflect.FullName]marker{
	schema.BytesMarker:     {ir.StreamBytes, markerMessage(schema.BytesMarker), "a byte stream", "use bytes for binary data"},
	schema.TextMarker:      {ir.StreamText, markerMessage(schema.TextMarker), "a text stream", "use string for text"},
	schema.MultipartMarker: {ir.StreamMultipart, markerMessage(schema.MultipartMarker), "an upload", "use a message or bytes for a file's content"},
}

// streamShape reads the function's stream shape off its signature: nil for an ordinary
// function. It reports markers out of place and sides that cannot be combined, and then
// returns false: the signature is not checked further.
func (c *compiler) streamShape(fn *ir.Func, md protoreflect.MethodDescriptor) (*ir.Stream, bool) {
	fd := md.ParentFile()
	at := func(field int32) diag.Pos { return c.pos(fd, append(pathOf(md), field)) }
	inName, outName := md.Input().FullName(), md.Output().FullName()
	inStream, outStream := md.IsStreamingClient(), md.IsStreamingServer()
	ok := true

	in := ir.StreamNone
	if mk, isMarker := markers[inName]; isMarker {
		switch {
		case mk.kind == ir.StreamMultipart && inStream:
			c.errorf(at(pathMethodClientStreaming), "function %q: %s marks an upload, one multipart body, not a stream: drop the stream keyword", fn.Name, inName)
			ok = false
		case mk.kind != ir.StreamMultipart && !inStream:
			c.errorf(at(pathMethodInput), "function %q: %s marks %s and needs the stream keyword: (stream %s)", fn.Name, inName, mk.what, inName)
			ok = false
		}
		in = mk.kind
	} else if inStream {
		in = ir.StreamItems
	}

	out := ir.StreamNone
	if mk, isMarker := markers[outName]; isMarker {
		switch {
		case mk.kind == ir.StreamMultipart:
			c.errorf(at(pathMethodOutput), "function %q: %s marks an upload and can only be a function's input; an upload answers with a message or google.protobuf.Empty", fn.Name, outName)
			ok = false
		case !outStream:
			c.errorf(at(pathMethodOutput), "function %q: %s marks %s and needs the stream keyword: returns (stream %s)", fn.Name, outName, mk.what, outName)
			ok = false
		}
		out = mk.kind
	} else if outStream {
		out = ir.StreamItems
	}

	raw := func(k ir.StreamKind) bool { return k == ir.StreamBytes || k == ir.StreamText }
	st := &ir.Stream{In: in, Out: out}
	switch {
	case in == ir.StreamNone && out == ir.StreamNone:
		return nil, ok
	case in == ir.StreamMultipart:
		st.Protocol = ir.ProtocolMultipart
		if out != ir.StreamNone && ok {
			c.errorf(at(pathMethodServerStreaming), "function %q: an upload (%s) answers with one result, not a stream", fn.Name, inName)
			ok = false
		}
	case raw(in) && out == ir.StreamItems, in == ir.StreamItems && raw(out):
		rawName, itemName := inName, outName
		if raw(out) {
			rawName, itemName = outName, inName
		}
		c.errorf(fn.Pos, "function %q: %s (%s) cannot be combined with a stream of messages (%s): byte and text streams are raw HTTP bodies, streams of messages travel over a websocket",
			fn.Name, markers[rawName].what, rawName, itemName)
		ok = false
	case raw(in) || raw(out):
		st.Protocol = ir.ProtocolByteStream
	default:
		st.Protocol = ir.ProtocolWebsocket
	}
	return st, ok
}

// streamEncoding checks the function's encoding against its stream shape and sets what
// follows from both: the method and the format of items or result. pos is where the
// encoding is written (the function when it is the default), for a bad one.
func (c *compiler) streamEncoding(fn *ir.Func, pos diag.Pos) {
	st := fn.Stream
	get := fn.Encoding.Method() == "GET"
	switch {
	case st.Protocol == ir.ProtocolWebsocket:
		if fn.Encoding != ir.Json && fn.Encoding != ir.Cbor {
			c.errorf(pos, "function %q: encoding %s cannot carry a stream of messages, which travels over a websocket as Json (the default) or Cbor items", fn.Name, fn.Encoding)
		}
		fn.Method, st.Format = "GET", fn.Encoding.ResultFormat()
	case st.In == ir.StreamMultipart:
		if get {
			c.errorf(pos, "function %q: encoding %s sends no request body, so it cannot carry an upload (%s); use Url or Json (JSON result) or Cbor (CBOR result)", fn.Name, fn.Encoding, ir.MultipartMessage)
		}
		fn.Method, st.Format = "POST", fn.Encoding.ResultFormat()
	case st.In == ir.StreamBytes || st.In == ir.StreamText:
		if get {
			name := ir.BytesMessage
			if st.In == ir.StreamText {
				name = ir.TextMessage
			}
			c.errorf(pos, "function %q: encoding %s sends no request body, so it cannot carry a stream in (stream %s); use Url, Json or Cbor", fn.Name, fn.Encoding, name)
		}
		fn.Method = "POST"
		if st.Out == ir.StreamNone {
			st.Format = fn.Encoding.ResultFormat()
		}
	default: // arguments in, a byte or text stream out: the arguments follow the encoding
		fn.Method = fn.Encoding.Method()
	}
}

// streamItem resolves the message of a stream of messages on one side ("input" or
// "output") of a websocket function, or reports why it cannot be one.
func (c *compiler) streamItem(fn *ir.Func, name protoreflect.FullName, pos diag.Pos, side string) *ir.Message {
	switch m, ok := c.messages[name]; {
	case name == "google.protobuf.Empty":
		c.errorf(pos, "function %q: google.protobuf.Empty cannot be a stream item; declare a message (one with no fields is fine)", fn.Name)
	case name == frameworkName:
		c.errorf(pos, "function %q: %s can only be the type of an error type's framework variant", fn.Name, name)
	case !ok:
		c.errorf(pos, "function %q: %s items must be messages declared in a schema file, not %s", fn.Name, side, name)
	case m.Error != nil:
		c.errorf(pos, "function %q: %s item message %q is an error type, which can only be a function's error", fn.Name, side, m.FullName)
	default:
		return m
	}
	return nil
}

// websocketItems sets a websocket function's item messages. Ordinary arguments are sent as
// the one item of its input stream and one result as the one item of its output stream, so
// they must be messages that can be items.
func (c *compiler) websocketItems(fn *ir.Func, outName protoreflect.FullName, inPos, outPos diag.Pos) {
	st := fn.Stream
	if fn.NoArgs {
		c.errorf(inPos, "function %q: its arguments are sent as the one item of its input stream, and google.protobuf.Empty cannot be a stream item; declare an arguments message (one with no fields is fine)", fn.Name)
	} else {
		st.InItem = fn.Input
	}
	switch {
	case fn.Unit:
		c.errorf(outPos, "function %q: its result is sent as the one item of its output stream, and google.protobuf.Empty cannot be a stream item; declare a result message (one with no fields is fine)", fn.Name)
	case fn.Output.Kind != ir.KindMessage:
		c.errorf(outPos, "function %q: its result is sent as the one item of its output stream, which must be a message declared in a schema file, not %s", fn.Name, outName)
	default:
		st.OutItem = fn.Output.Message
	}
}
