package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Websocket functions (SPEC section 11): StreamBoth, StreamOut and StreamIn mirror the
// server's constructors of the same names, so that a generated client method and a
// server implementation share one Go signature. The websocket is opened when the output
// is first pulled and closed when the output ends or the caller stops pulling it.
//
// The caller's input is sent by a goroutine of its own, item by item, as the server
// reads it; when it ends, the client sends the end-of-input frame (rpc.Stream) and keeps
// reading the output. An error the input yields is sent as an error item. The output is
// read from the websocket only as it is pulled: a caller that reads slowly slows the
// server down. An error item is yielded as the iterator's error (a *rpc.Error, or the
// function's typed error) and the output goes on; the output ends when the server closes
// with 1000 (normal closure). Ending otherwise yields a last error: ctx's end (a
// *RequestError that unwraps to ctx.Err()), a refused upgrade (a *rpc.Error with the
// server's status, tag and message, or the typed error), or a lost connection.

// Codec encodes input items and decodes output items. Generated clients pass one built
// from their generated codecs (JSONCodec, CBORCodec); PlanCodec builds one from the
// descriptors with runtime/wire's plan-driven codecs, for callers without generated code.
// A typed error item is read with the error type's generated reader (rpc.ErrorType),
// else with Error.
type Codec[In, Out any] struct {
	// Encode appends the encoded input item *v to dst, without the frame's tag.
	Encode func(dst []byte, v *In) ([]byte, error)
	// Decode decodes an output item's payload into *v.
	Decode func(payload []byte, v *Out, lim *wire.Limits) error
	// Error decodes an error item of a function with an error type (f.Error) when the
	// error type has no generated reader; PlanCodec sets it.
	Error ErrorBody
}

// JSONCodec returns the Codec of generated JSON encoders and decoders.
func JSONCodec[In, Out any](enc func(*wire.JSONWriter, *In), dec func(*wire.JSONReader, *Out)) *Codec[In, Out] {
	return &Codec[In, Out]{
		Encode: func(dst []byte, v *In) ([]byte, error) {
			return wire.EncodeJSON(dst, func(w *wire.JSONWriter) { enc(w, v) })
		},
		Decode: func(p []byte, v *Out, lim *wire.Limits) error {
			return wire.DecodeJSON(p, lim, func(r *wire.JSONReader) { dec(r, v) })
		},
	}
}

// CBORCodec returns the Codec of generated CBOR encoders and decoders.
func CBORCodec[In, Out any](enc func(*wire.CBORWriter, *In), dec func(*wire.CBORReader, *Out)) *Codec[In, Out] {
	return &Codec[In, Out]{
		Encode: func(dst []byte, v *In) ([]byte, error) {
			return wire.EncodeCBOR(dst, func(w *wire.CBORWriter) { enc(w, v) })
		},
		Decode: func(p []byte, v *Out, lim *wire.Limits) error {
			return wire.DecodeCBOR(p, lim, func(r *wire.CBORReader) { dec(r, v) })
		},
	}
}

// PlanCodec returns the Codec of runtime/wire's plan-driven codecs for f's descriptors
// (items of f.Args in, f.Result out, typed errors into the error type's Go type). A
// program that uses it links the plan-driven codecs and reflection, which generated
// clients avoid.
func PlanCodec[In, Out any](f *rpc.Func) *Codec[In, Out] {
	return &Codec[In, Out]{
		Encode: func(dst []byte, v *In) ([]byte, error) { return f.AppendItem(dst, f.Args, v) },
		Decode: func(p []byte, v *Out, lim *wire.Limits) error { return f.DecodeItem(f.Result, p, v, lim) },
		Error:  planErrorBody(f),
	}
}

// StreamBoth calls a function with a stream in and a stream out.
func StreamBoth[In, Out any](ctx context.Context, c *Client, f *rpc.Func, in iter.Seq2[*In, error], codec *Codec[In, Out]) iter.Seq2[*Out, error] {
	return stream(ctx, c, f, in, codec)
}

// StreamOut calls a function with one argument value and a stream out: in is sent as
// the one input item.
func StreamOut[In, Out any](ctx context.Context, c *Client, f *rpc.Func, in *In, codec *Codec[In, Out]) iter.Seq2[*Out, error] {
	if in == nil {
		in = new(In)
	}
	return stream(ctx, c, f, func(yield func(*In, error) bool) { yield(in, nil) }, codec)
}

// StreamIn calls a function with a stream in and one result value: it sends in, then
// the end of input, and returns the one output item.
func StreamIn[In, Out any](ctx context.Context, c *Client, f *rpc.Func, in iter.Seq2[*In, error], codec *Codec[In, Out]) (*Out, error) {
	for out, err := range stream(ctx, c, f, in, codec) {
		return out, err
	}
	return nil, &rpc.Error{Tag: rpc.TagResponse, Message: f.Path + ": the websocket closed without a result"}
}

func stream[In, Out any](ctx context.Context, c *Client, f *rpc.Func, in iter.Seq2[*In, error], codec *Codec[In, Out]) iter.Seq2[*Out, error] {
	return func(yield func(*Out, error) bool) {
		if codec == nil || codec.Encode == nil || codec.Decode == nil {
			yield(nil, requestError(rpc.TagRequest, errors.New("client: "+f.Path+": no codec for the stream's items (generated code passes one; see PlanCodec)")))
			return
		}
		cd := *codec
		if err := ctx.Err(); err != nil {
			yield(nil, requestError(rpc.TagRequest, err))
			return
		}
		conn, err := c.dialStream(ctx, f, cd.Error)
		if err != nil {
			yield(nil, err)
			return
		}
		sctx, cancel := context.WithCancel(ctx)
		// The sender may be blocked in the caller's input iterator: it is not waited for.
		defer func() {
			cancel()
			conn.close(statusNormalClosure)
		}()
		go sendInput(sctx, conn, f, in, cd.Encode)
		for {
			data, err := conn.read(ctx)
			switch {
			case err == io.EOF:
				return
			case err != nil && ctx.Err() != nil:
				yield(nil, requestError(rpc.TagRequest, ctx.Err()))
				return
			case err != nil:
				yield(nil, err)
				return
			}
			var v *Out
			tag, payload, ferr := rpc.SplitFrame(data)
			switch {
			case ferr != nil:
				err = ferr
			case tag == rpc.FrameError:
				err = decodeErrorItem(f, payload, cd.Error, &c.limits)
			default:
				v = new(Out)
				if derr := cd.Decode(payload, v, &c.limits); derr != nil {
					v, err = nil, asDeserialization(derr)
				}
			}
			if !yield(v, err) {
				return
			}
		}
	}
}

// sendInput sends the input items, then the end of input.
func sendInput[In any](ctx context.Context, conn wsConn, f *rpc.Func, in iter.Seq2[*In, error], enc func([]byte, *In) ([]byte, error)) {
	var buf []byte
	for v, err := range in {
		if ctx.Err() != nil {
			return
		}
		var frame []byte
		if err == nil {
			if v == nil {
				v = new(In)
			}
			frame, err = enc(append(buf[:0], rpc.FrameItem), v)
			if err != nil {
				err = &rpc.Error{Tag: rpc.TagSerialization, Message: err.Error()}
			}
		}
		if err != nil {
			we, te := inputError(f, err)
			frame = f.AppendErrorFrame(buf[:0], we, te)
		}
		buf = frame
		if conn.write(ctx, frame) != nil {
			return
		}
	}
	_ = conn.write(ctx, rpc.EndOfInput)
}

// inputError is an error of the caller's input as the error item carries it.
func inputError(f *rpc.Func, err error) (*rpc.Error, rpc.TypedError) {
	if f.Error != nil {
		if te, ok := errors.AsType[rpc.TypedError](err); ok && te != nil && te.WireMessage() == f.Error.Message {
			return nil, te
		}
	}
	if we, ok := errors.AsType[*rpc.Error](err); ok && we != nil {
		return we, nil
	}
	return &rpc.Error{Tag: rpc.TagServerError, Message: err.Error()}, nil
}

// decodeErrorItem reads an error item's payload: "Tag|message" text, or a typed error read
// with the error type's generated reader, else with errBody (PlanCodec's).
func decodeErrorItem(f *rpc.Func, payload []byte, errBody ErrorBody, lim *wire.Limits) error {
	if f.Error == nil || isTagText(payload) {
		return rpc.ParseErrorBody(0, payload)
	}
	if err, ok := f.Error.Read(0, payload, lim); ok {
		return err
	}
	if errBody != nil {
		if te, ok := errBody(payload, lim).(rpc.TypedError); ok && te != nil {
			return te
		}
	}
	return rpc.UndecodableError(0, payload)
}

// isTagText reports whether payload starts with a known "Tag|", the text of an error
// without an error type.
func isTagText(payload []byte) bool {
	if i := bytes.IndexByte(payload, '|'); i > 0 && i <= 32 {
		return rpc.ErrorTag(payload[:i]).Known()
	}
	return false
}

func asDeserialization(err error) *rpc.Error {
	if we, ok := err.(*rpc.Error); ok {
		return we
	}
	return &rpc.Error{Tag: rpc.TagDeserialization, Message: err.Error()}
}

// wsConn is a websocket as this file uses it: the native one (websocket_dial.go) or the
// browser's (websocket_js.go).
type wsConn interface {
	// read returns the next message, text or binary, or io.EOF once the server closed
	// with 1000.
	read(ctx context.Context) ([]byte, error)
	// write sends one binary message.
	write(ctx context.Context, p []byte) error
	// close closes the websocket with code, if it is still open.
	close(code int)
}

const statusNormalClosure = 1000

// dialStream opens the websocket of f. A refused upgrade is read as an error answer.
func (c *Client) dialStream(ctx context.Context, f *rpc.Func, errBody ErrorBody) (wsConn, error) {
	conn, res, err := dialWebsocket(ctx, c, wsURL(c.base+f.Path), c.maxBytes())
	if res != nil {
		if res.Status >= 400 && res.Status <= 599 {
			return nil, c.readResponse(f, res, nil, errBody)
		}
		return nil, &rpc.Error{Tag: rpc.TagResponse, Status: res.Status,
			Message: "websocket upgrade answered with status " + strconv.Itoa(res.Status)}
	}
	if err != nil {
		return nil, requestError(rpc.TagRequest, err)
	}
	return conn, nil
}

// wsURL turns an http(s) URL into a ws(s) one; a relative URL is left for the
// transport to resolve.
func wsURL(u string) string {
	switch {
	case strings.HasPrefix(u, "https://"):
		return "wss://" + u[len("https://"):]
	case strings.HasPrefix(u, "http://"):
		return "ws://" + u[len("http://"):]
	}
	return u
}

// closeError is a websocket that ended other than with the server's normal closure.
func closeError(code int, reason string) *rpc.Error {
	msg := "websocket closed with status " + strconv.Itoa(code)
	if reason != "" {
		msg += ": " + reason
	}
	return &rpc.Error{Tag: rpc.TagResponse, Message: msg}
}
