package rpc

import (
	"reflect"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// Websocket functions (SPEC section 11): Leptos 0.8's Websocket<InEnc, OutEnc> protocol.
// Such a function is served at GET Path and upgraded to a websocket; every message either
// way is one binary frame, a tag byte and its payload:
//
//	0x00 item    the item encoded as JSON (GetJson) or CBOR (GetCbor)
//	0x01 error   the error as section 5 encodes it: the function's error type's
//	             encoding when it has one (5.1), else "Tag|message" text
//	0x00 alone   end of input (sfn; see Stream)
//
// An empty frame or another tag is a Deserialization error. A websocket function is
// described by a Func whose Stream is set; its Encoding (GetJson or GetCbor) is the
// items' format and the method of the upgrade, and Args and Result describe the items of
// the input and the output, so that the descriptor has one source for each fact and every
// check a handler makes of a Func (path, encoding, Go types) applies unchanged.

// Frame tags.
const (
	FrameItem  byte = 0x00
	FrameError byte = 0x01
)

// Stream says which sides of a websocket function are streams. A side that is not is one
// value, sent as the one item of its stream: the argument of a function with a stream out
// travels as the only input item, and the result of one with a stream in as the only
// output item (SPEC 11).
//
// End of stream. The server ends the output by closing the websocket with status 1000
// (normal closure) once its last item is written. A client ends its input, keeping the
// websocket open for the output still to come, with an end-of-input frame: the tag 0x00
// with no payload, which is never a JSON or CBOR item since neither format has an empty
// value. Closing the websocket ends both ways at once (RFC 6455 and browsers deliver
// nothing after a Close), so a client closes only when it wants no more output, as a
// Leptos client does by going away.
type Stream struct {
	// InStream reports whether the input is a stream; otherwise it is the function's one
	// argument value.
	InStream bool
	// OutStream reports whether the output is a stream; otherwise it is the function's one
	// result value.
	OutStream bool
}

// EndOfInput is the frame that ends a client's input.
var EndOfInput = []byte{FrameItem}

// ItemsCBOR reports whether f's items travel as CBOR (GetCbor) rather than JSON.
func (f *Func) ItemsCBOR() bool { return f.Encoding == GetCbor }

// AppendItem appends the item *v, encoded by desc (f.Args for input items, f.Result for
// output items) in f's item format, without the frame's tag.
func (f *Func) AppendItem(dst []byte, desc *wire.Message, v any) ([]byte, error) {
	if f.ItemsCBOR() {
		return wire.AppendCBOR(dst, desc, v)
	}
	return wire.AppendJSON(dst, desc, v)
}

// DecodeItem decodes an item's payload (a frame without its tag) into *v with desc's
// plan-driven codec. A failure is a *Error tagged Deserialization.
func (f *Func) DecodeItem(desc *wire.Message, payload []byte, v any, lim *wire.Limits) error {
	var err error
	if f.ItemsCBOR() {
		err = wire.UnmarshalCBOR(desc, payload, v, lim)
	} else {
		err = wire.UnmarshalJSON(desc, payload, v, lim)
	}
	if err != nil {
		return &Error{Tag: TagDeserialization, Message: err.Error()}
	}
	return nil
}

// SplitFrame reads a frame's tag: it returns the tag and the payload, or a Deserialization
// error for an empty frame or an unknown tag, which the receiver treats as an error item
// (as Leptos does). A text frame is read as its bytes, like a binary one.
func SplitFrame(frame []byte) (tag byte, payload []byte, err *Error) {
	if len(frame) == 0 {
		return 0, nil, &Error{Tag: TagDeserialization, Message: "empty websocket frame"}
	}
	switch frame[0] {
	case FrameItem, FrameError:
		return frame[0], frame[1:], nil
	}
	return 0, nil, &Error{Tag: TagDeserialization,
		Message: "websocket frame with unknown tag 0x" + hexByte(frame[0])}
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// AppendErrorFrame appends the frame carrying an error: 0x01 then, for a function with
// an error type, typed in that type's encoding (or failure in its framework variant when
// typed is nil or does not encode), else failure as "Tag|message".
func (f *Func) AppendErrorFrame(dst []byte, failure *Error, typed TypedError) []byte {
	dst = append(dst, FrameError)
	if f.Error == nil {
		return append(dst, failure.Body()...)
	}
	if typed != nil {
		if out, err := f.Error.AppendError(dst, typed); err == nil {
			return out
		}
		failure = &Error{Tag: TagSerialization, Message: "the error value did not encode"}
	}
	return f.Error.AppendFramework(dst, failure)
}

// DecodeErrorPayload reads an error item's payload with the plan-driven codecs: for a
// function with an error type whose Go type is known, a value of that type (an
// undecodable one gives a Deserialization error holding the text); otherwise the
// "Tag|message" text as ParseErrorBody reads it. A text payload is accepted from a
// function with an error type too, as a client of an older schema may send one.
func (f *Func) DecodeErrorPayload(payload []byte, lim *wire.Limits) error {
	if f.Error != nil && f.Error.Message.GoType != nil && !isTagText(payload) {
		v := reflect.New(f.Error.Message.GoType).Interface()
		if f.Error.DecodeError(payload, v, lim) == nil {
			if te, ok := v.(TypedError); ok {
				return te
			}
		}
		return UndecodableError(0, payload)
	}
	return ParseErrorBody(0, payload)
}

// isTagText reports whether payload starts with a known "Tag|".
func isTagText(payload []byte) bool {
	for i, c := range payload {
		if c == '|' {
			return ErrorTag(payload[:i]).Known()
		}
		if i > 32 {
			break
		}
	}
	return false
}
