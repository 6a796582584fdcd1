package rpc

import (
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Typed errors (SPEC section 5.1). A function may declare an error type in the schema: a
// message whose oneof lists the ways it fails, each variant with its HTTP status, plus a
// framework variant holding Leptos's ServerFnErrorErr. Its generated Go type implements
// TypedError; on the wire it is the error value itself, externally tagged as serde writes
// an enum ({"NotFound":{"id":7}}), in JSON unless the schema says CBOR. A function without
// an error type fails with the "Tag|message" text of Error instead.

// TypedError is implemented by the Go type generated for an error type. A function
// returns it (or wraps it) to fail with one of its variants; clients return it, so that
// errors.As(err, &e) with e of the generated type gives the variant and its fields.
type TypedError interface {
	error
	// WireMessage is the error type's descriptor.
	WireMessage() *wire.Message
	// HTTPStatus is the status the error answers with: the one set with SetHTTPStatus,
	// else its variant's, else for the framework variant the Status of its Error, else 500.
	// An error a client returns has the status the answer came with, which from a Leptos 0.8
	// server is 500 whatever the variant.
	HTTPStatus() int
	// SetHTTPStatus sets the status HTTPStatus returns (0 unsets it). Clients set the
	// answer's; a function may set one to answer this error with, which the server keeps
	// within 400-599 (the framework variant answers with its Error's Status instead).
	SetHTTPStatus(status int)
	// FrameworkError returns the framework variant's value, or nil when the error holds
	// another variant (or none).
	FrameworkError() *Error
}

// ServerFnErrorErr is Leptos 0.8's ServerFnErrorErr as an enum of its variants' names: the
// framework variant of an error type holds one of them with a message, which Error
// carries as its Tag and Message.
var ServerFnErrorErr = &wire.Enum{Name: "sfn.v1.ServerFnErrorErr", Values: []string{
	"Registration", "UnsupportedRequestMethod", "Request", "ServerError", "MiddlewareError",
	"Deserialization", "Serialization", "Args", "MissingArg", "Response",
}}

// FrameworkType is the wire type of an error type's framework variant, whose Go value is
// an Error: {"Args":"missing field `title`"}.
var FrameworkType = wire.TextVariantOf(ServerFnErrorErr)

// TextVariant returns e as a ServerFnErrorErr variant: its tag and message. WrappedServerFn,
// which ServerFnErrorErr lacks, is sent as ServerError.
func (e *Error) TextVariant() (name, text string) {
	if e.Tag == TagWrappedServerFn || !e.Tag.Known() {
		return string(TagServerError), e.Message
	}
	return string(e.Tag), e.Message
}

// SetTextVariant sets e's tag and message from a ServerFnErrorErr variant.
func (e *Error) SetTextVariant(name, text string) { e.Tag, e.Message = ErrorTag(name), text }

// ErrorType describes a function's declared error type at run time.
type ErrorType struct {
	// Message describes the error type's Go struct: one oneof field whose variants are
	// the ways the function fails.
	Message *wire.Message
	// CBOR is set when the error travels as CBOR (the schema's CborEncoding); it travels as
	// JSON otherwise, whatever the function's own encoding, as in Leptos.
	CBOR bool
	// Framework is the wire name of the framework variant ("ServerFnError").
	Framework string
	// ReadJSON or ReadCBOR (the one of the error's format) reads a value of the error
	// type with code generated for it, and returns it: generated code sets it, so that
	// clients, WebAssembly ones included, read typed errors without the plan-driven
	// codecs. A descriptor without it (built at run time, as a command-line caller does)
	// is read with DecodeError.
	ReadJSON func(*wire.JSONReader) error
	ReadCBOR func(*wire.CBORReader) error
}

// Read decodes an error body with the generated reader: a TypedError, or an
// UndecodableError holding the body's text (status as given). It reports false when the
// descriptor has no generated reader.
func (t *ErrorType) Read(status int, body []byte, lim *wire.Limits) (error, bool) {
	var out error
	var err error
	switch {
	case t.CBOR && t.ReadCBOR != nil:
		err = wire.DecodeCBOR(body, lim, func(r *wire.CBORReader) { out = t.ReadCBOR(r) })
	case !t.CBOR && t.ReadJSON != nil:
		err = wire.DecodeJSON(body, lim, func(r *wire.JSONReader) { out = t.ReadJSON(r) })
	default:
		return nil, false
	}
	te, ok := out.(TypedError)
	if err != nil || !ok || te == nil {
		return UndecodableError(status, body), true
	}
	return te, true
}

// ContentType is the Content-Type of the error's body.
func (t *ErrorType) ContentType() string {
	if t.CBOR {
		return ContentTypeCBOR
	}
	return ContentTypeJSON
}

// AppendFramework appends the body of a framework failure: e in the framework variant,
// {"ServerFnError":{"Args":"missing field `title`"}}.
func (t *ErrorType) AppendFramework(dst []byte, e *Error) []byte {
	name, text := e.TextVariant()
	var out []byte
	var err error
	if t.CBOR {
		out, err = wire.EncodeCBOR(dst, func(w *wire.CBORWriter) {
			w.BeginMap(1)
			w.Name(t.Framework)
			w.TextVariant(name, text, ServerFnErrorErr)
			w.End()
		})
	} else {
		out, err = wire.EncodeJSON(dst, func(w *wire.JSONWriter) {
			w.BeginObject()
			w.Name(t.Framework)
			w.TextVariant(name, text, ServerFnErrorErr)
			w.EndObject()
		})
	}
	if err != nil {
		// Only a message that is not UTF-8 fails; say so in one that is.
		return t.AppendFramework(dst, &Error{Tag: TagServerError, Message: "error message is not valid UTF-8"})
	}
	return out
}

// AppendError appends the body of v, a value of the error type, with the plan-driven
// codecs.
func (t *ErrorType) AppendError(dst []byte, v TypedError) ([]byte, error) {
	if t.CBOR {
		return wire.AppendCBOR(dst, t.Message, v)
	}
	return wire.AppendJSON(dst, t.Message, v)
}

// UndecodableError is the error a client returns for a typed error's body that does not
// decode: tagged Deserialization, holding the body's text (made valid UTF-8, trimmed and
// cut to 1 KiB) so that the caller can see what came.
func UndecodableError(status int, body []byte) *Error {
	return &Error{Tag: TagDeserialization, Message: foreignText(status, body), Status: status}
}

// DecodeError decodes an error body into v, a pointer to a value of the error type, with
// the plan-driven codecs. A failure is a *Error tagged Deserialization.
func (t *ErrorType) DecodeError(data []byte, v any, lim *wire.Limits) error {
	var err error
	if t.CBOR {
		err = wire.UnmarshalCBOR(t.Message, data, v, lim)
	} else {
		err = wire.UnmarshalJSON(t.Message, data, v, lim)
	}
	if err != nil {
		return &Error{Tag: TagDeserialization, Message: err.Error()}
	}
	return nil
}
