// Package ir is the intermediate representation between sfn's compiler (stage 2) and its
// generators (stage 3): plain Go data, checked and resolved, with no protobuf types in it.
// A generator reads everything it needs here (paths, methods, encodings, the wire names and
// the Go and TypeScript names of every type and field) and decides nothing of the wire.
//
// Named types are shared by pointer: a Type of kind Message points at the one *Message of
// that name, so recursive schemas are graphs, not trees.
package ir

import (
	"fmt"

	"github.com/sfn-dev/sfn/diag"
)

// Pos is a position in a schema file.
type Pos = diag.Pos

// Package is everything compiled together: the files named on the command line and the
// schema files they import.
type Package struct {
	Files []*File
}

// File is one schema file.
type File struct {
	// Path is the file as the user names it (the path on disk, relative when given so).
	Path string
	// Name is its import name, the path that import statements use.
	Name string
	// Package is the proto package, such as "todo.v1".
	Package string
	// GoPackage is the Go import path from go_package (without the ";name" part), if set.
	GoPackage string
	// GoName is the Go package name: the part after ";" in go_package, else the last element
	// of its path, else derived from the proto package ("todov1").
	GoName string
	// GoPackagePos is where go_package is set, or the file when it is not.
	GoPackagePos Pos
	// Generate is true for the files named on the command line; imported ones are only
	// referenced.
	Generate bool
	// Doc is the comment attached to the syntax (or edition) statement, or, when that has
	// none, to the package statement.
	Doc string

	Services []*Service
	// Messages and Enums hold every type declared in the file, nested ones included, in
	// declaration order (a nested type right after its parent).
	Messages []*Message
	Enums    []*Enum
}

// Service groups server functions.
type Service struct {
	Name     string // as declared
	FullName string // package-qualified
	// GoName names the Go interface that the server implementation and the client share;
	// GoHandler, GoClient and GoUnimplemented name the handler constructor, the client
	// constructor and the embeddable type ("NewTodosHandler", "NewTodosClient",
	// "UnimplementedTodos").
	GoName          string
	GoHandler       string
	GoClient        string
	GoUnimplemented string
	Doc             string
	Pos             Pos
	Funcs           []*Func
}

// Encoding is one of Leptos server_fn's codec pairs.
type Encoding string

// The encodings, spelled as in the schema.
const (
	Url     Encoding = "Url"
	GetJson Encoding = "GetJson"
	Cbor    Encoding = "Cbor"
	GetCbor Encoding = "GetCbor"
	Json    Encoding = "Json"
)

// Method is the HTTP method the encoding calls with.
func (e Encoding) Method() string {
	if e == GetJson || e == GetCbor {
		return "GET"
	}
	return "POST"
}

// ArgsFormat is how the arguments travel.
func (e Encoding) ArgsFormat() Format {
	switch e {
	case Cbor:
		return FormatCBOR
	case Json:
		return FormatJSON
	}
	return FormatForm
}

// ResultFormat is how the result comes back.
func (e Encoding) ResultFormat() Format {
	if e == Cbor || e == GetCbor {
		return FormatCBOR
	}
	return FormatJSON
}

// Format is a value encoding on the wire.
type Format string

// The three value formats of SPEC section 4.
const (
	FormatForm Format = "form"
	FormatJSON Format = "json"
	FormatCBOR Format = "cbor"
)

// Func is one server function.
type Func struct {
	// Name is the rpc name as declared; FnName is its snake_case form, the Leptos function
	// name that hashed paths use.
	Name   string
	FnName string
	GoName string // exported Go method name, "AddTodo"
	TSName string // TypeScript function name, "addTodo"
	// GoPathConst names the Go constant holding Path ("TodosAddTodoPath").
	GoPathConst string

	// Encoding is the function's encoding as resolved. For a websocket function it is Json
	// (its default) or Cbor, the format of its items; for the other streams see Stream.
	Encoding Encoding
	// Method is "GET" or "POST": the encoding's method for an ordinary function and for one
	// that answers with a byte stream; "GET" for a websocket (the upgrade request); "POST"
	// for a function that takes a byte stream or an upload.
	Method   string
	Prefix   string // "/api"
	Endpoint string // as resolved, without leading slashes; empty for a hashed path
	Path     string // the full URL path the function is served at

	// Input is the rpc's input type as declared: the arguments message when the request
	// carries arguments (Stream is nil, or Stream.In is StreamNone), the item message when it
	// carries a stream of messages (StreamItems, then Input == Stream.InItem), and the marker
	// message otherwise (sfn.v1.Bytes, sfn.v1.Text or sfn.v1.Multipart, which no file
	// declares: BytesMessage, TextMessage, MultipartMessage). NoArgs is set when the arguments are
	// google.protobuf.Empty.
	Input  *Message
	NoArgs bool
	// Output is the rpc's output type as declared: the result type when the answer is one
	// result (Stream is nil, or Stream.Out is StreamNone), the item message when it is a
	// stream of messages (StreamItems, then Output.Message == Stream.OutItem), and the
	// marker message otherwise (sfn.v1.Bytes or sfn.v1.Text). Unit is set when the result is
	// google.protobuf.Empty, Rust's (): JSON null, CBOR null.
	Output *Type
	Unit   bool
	// Stream is set when the function streams or takes an upload (SPEC 11); nil for an
	// ordinary function, one value in and one out.
	Stream *Stream
	// Error is the function's error type (SPEC 5.1), a message whose Error is set; nil when
	// it has none, and its failures are sent as "Tag|message" text.
	Error *Message

	Doc string
	Pos Pos
}

// Stream describes a function that streams or uploads (SPEC 11): the shape of its request
// and answer, read off the rpc's `stream` keywords and marker messages.
//
//	schema                                                     Protocol    In         Out
//	rpc chat(stream Msg) returns (stream Reply)                Websocket   Items      Items
//	rpc count(CountArgs) returns (stream Item)                 Websocket   None       Items
//	rpc ingest(stream Item) returns (Summary)                  Websocket   Items      None
//	rpc upper(stream sfn.v1.Text) returns (stream sfn.v1.Text) ByteStream  Text       Text
//	rpc download(Args) returns (stream sfn.v1.Bytes)           ByteStream  None       Bytes
//	rpc upload(stream sfn.v1.Bytes) returns (Result)           ByteStream  Bytes      None
//	rpc attach(sfn.v1.Multipart) returns (Result)              Multipart   Multipart  None
type Stream struct {
	// Protocol is how the function is served: a websocket at GET Path, raw byte or text
	// bodies (Leptos's Streaming and StreamingText), or a multipart/form-data upload.
	Protocol StreamProtocol
	// In is what the request carries: StreamNone for ordinary arguments (Func.Input, in the
	// function's encoding; for a websocket, sent as the one item of its input stream), or
	// StreamItems, StreamBytes, StreamText or StreamMultipart. Out is what the answer
	// carries: StreamNone for one result (Func.Output; for a websocket, sent as the one item
	// of its output stream), or StreamItems, StreamBytes or StreamText.
	In, Out StreamKind
	// InItem and OutItem are the messages of a websocket function's two item streams, each
	// set whenever Protocol is ProtocolWebsocket: for a stream out with ordinary arguments
	// InItem is the arguments message (its one input item), for a stream in with one result
	// OutItem is the result message (its one output item). Items may be transparent
	// messages, never google.protobuf.Empty. Both are nil for the other protocols.
	InItem, OutItem *Message
	// Format is how the values besides raw bytes travel: a websocket's items (Json or Cbor,
	// from Func.Encoding), or the one result of a byte-stream upload or a multipart upload
	// (FormatCBOR for Cbor, FormatJSON for every other encoding). It is empty when neither
	// items nor a result travel (a byte or text stream out, whose arguments, if any, follow
	// Func.Encoding as an ordinary function's do).
	Format Format
}

// StreamProtocol is how a streaming function is served.
type StreamProtocol uint8

// The protocols of SPEC 11.
const (
	// ProtocolWebsocket is Leptos's Websocket<InEnc, OutEnc>: binary frames, each a tag byte
	// (0x00 item, 0x01 error) and the item or error.
	ProtocolWebsocket StreamProtocol = iota + 1
	// ProtocolByteStream is Leptos's Streaming and StreamingText: a raw chunked body of
	// Content-Type application/octet-stream, in the request, the answer or both.
	ProtocolByteStream
	// ProtocolMultipart is Leptos's MultipartFormData: a multipart/form-data request body.
	ProtocolMultipart
)

func (p StreamProtocol) String() string {
	switch p {
	case ProtocolWebsocket:
		return "websocket"
	case ProtocolByteStream:
		return "byte_stream"
	case ProtocolMultipart:
		return "multipart"
	}
	return fmt.Sprintf("StreamProtocol(%d)", p)
}

// StreamKind is what one side of a streaming function carries.
type StreamKind uint8

// The kinds; the zero value is StreamNone.
const (
	StreamNone      StreamKind = iota // one value: the arguments or the result
	StreamItems                       // a stream of messages (websocket items)
	StreamBytes                       // raw bytes (sfn.v1.Bytes)
	StreamText                        // raw UTF-8 text (sfn.v1.Text)
	StreamMultipart                   // a multipart/form-data upload (sfn.v1.Multipart), requests only
)

func (k StreamKind) String() string {
	switch k {
	case StreamNone:
		return "none"
	case StreamItems:
		return "items"
	case StreamBytes:
		return "bytes"
	case StreamText:
		return "text"
	case StreamMultipart:
		return "multipart"
	}
	return fmt.Sprintf("StreamKind(%d)", k)
}

// The full names of the marker messages of sfn's options file: a Func's Input or Output
// points at a message of that name, with no fields, when a side of the function is a byte
// stream, a text stream or an upload. No file declares them, so no generator emits them.
const (
	BytesMessage     = "sfn.v1.Bytes"
	TextMessage      = "sfn.v1.Text"
	MultipartMessage = "sfn.v1.Multipart"
)

// Message is a struct type: a function's arguments, a result, or a part of either.
type Message struct {
	Name     string // as declared
	FullName string // package-qualified, "todo.v1.Todo"
	GoName   string // "Todo"; nested messages join their parents' names: "OuterInner"
	TSName   string
	File     string // import name of the declaring file
	// Transparent messages stand for their single field's value on the wire.
	Transparent bool
	// Error is set when the message is an error type (marked with (sfn.v1.error)); nil for
	// ordinary messages.
	Error  *ErrorType
	Fields []*Field
	Doc    string
	Pos    Pos
}

// Field is one member of a message: a value field, or a oneof group standing as one field.
type Field struct {
	Name     string // as declared
	WireName string // json_name when given explicitly, else Name
	GoName   string
	TSName   string
	// Type is the field's type; nil when the field is a oneof group.
	Type  *Type
	Oneof *Oneof
	Doc   string
	Pos   Pos
}

// Oneof is a group of alternatives of which at most one is set: Rust's
// Option<Enum> with one newtype variant per member, externally tagged.
type Oneof struct {
	// GoName names the Go interface type that holds a variant ("EverythingShape").
	GoName   string
	Variants []*Variant
}

// Variant is one member of a oneof.
type Variant struct {
	Name     string
	WireName string
	// GoName names the Go wrapper struct of this variant ("EverythingShapeCircle"); its one
	// field is named FieldGoName ("Circle").
	GoName      string
	FieldGoName string
	TSName      string
	Type        *Type
	Doc         string
	Pos         Pos
}

// ErrorType describes an error type's wire (SPEC 5.1). An error type is Rust's enum that
// implements FromServerFnError: its message has one field, a oneof, whose members are the
// variants. On the wire the value is that oneof alone, always set, externally tagged
// ({"NotFound":{"id":7}}), with no key for the oneof's own name.
type ErrorType struct {
	// Format is how the error travels whatever the function's encoding: FormatJSON or
	// FormatCBOR (Leptos's FromServerFnError::Encoder).
	Format Format
	// Oneof is the message's one field, the oneof group whose members are the variants.
	Oneof *Field
	// Variants are the oneof's members in declaration order, one per member.
	Variants []*ErrorVariant
}

// FrameworkMessage is the full name of Leptos's ServerFnErrorErr in sfn's options file, the
// type of an error type's framework variant. No file declares it for the generators: each
// maps it to its runtime's framework error (Go: *rpc.Error; TypeScript: ServerFnErrorErr).
const FrameworkMessage = "sfn.v1.ServerFnErrorErr"

// IsFramework reports whether t is the framework variant's type, FrameworkMessage.
func (t *Type) IsFramework() bool {
	return t != nil && t.Kind == KindMessage && t.Message != nil && t.Message.FullName == FrameworkMessage
}

// ErrorVariant is one way an error type fails: a member of its oneof.
type ErrorVariant struct {
	// Member is the oneof member: its WireName names the variant on the wire, its GoName and
	// TSName the generated wrapper, and its Type is a message (sfn.v1.ServerFnErrorErr for
	// the framework variant, a message no file declares).
	Member *Variant
	// Message holds the variant's fields; nil for the framework variant.
	Message *Message
	// Status is the HTTP status the variant answers with: 400 to 599, 500 when the schema
	// gives none; 0 for the framework variant, whose status comes from the failure.
	Status int
	// Framework marks the variant of type sfn.v1.ServerFnErrorErr (Leptos's
	// ServerFnErrorErr), which carries the failures the framework detects.
	Framework bool
}

// Enum is a set of named values; on the wire a value is its name (a serde unit variant).
type Enum struct {
	Name     string
	FullName string
	GoName   string
	TSName   string
	File     string
	Values   []*EnumValue
	Doc      string
	Pos      Pos
}

// EnumValue is one value of an enum.
type EnumValue struct {
	Name     string // as declared
	WireName string // the (sfn.v1.rename) when given, else Name
	GoName   string // the Go constant, "StatusActive"
	Doc      string
	Pos      Pos
}
