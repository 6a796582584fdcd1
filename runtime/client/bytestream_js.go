//go:build js

package client

import (
	"context"
	"errors"
	"io"
	"syscall/js"
)

// roundTripStream sends req with fetch and returns once the answer's headers arrived; the
// body is read from fetch's ReadableStream as it arrives. A request body is read into
// memory first (see BufferedStreamLimit): fetch streams request bodies only with duplex:
// "half", which Chromium refuses over HTTP/1.1.
func (t fetchTransport) roundTripStream(ctx context.Context, req *streamRequest) (*streamResponse, error) {
	body := js.Undefined()
	if req.Body != nil {
		data, err := readLimited(req.Body, BufferedStreamLimit)
		if err != nil {
			return nil, err
		}
		body = js.Global().Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(body, data)
	}
	return t.fetchStream(ctx, req, body)
}

// fetchStream calls fetch with body (a Uint8Array, a FormData, or undefined).
func (t fetchTransport) fetchStream(ctx context.Context, req *streamRequest, body js.Value) (*streamResponse, error) {
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return nil, errors.New("client: this JavaScript environment has no fetch")
	}
	// ctx ending aborts the fetch, the body's reading included, until the body is closed.
	abort := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { abort.Call("abort") })

	headers := js.Global().Get("Headers").New()
	for k, vs := range req.Header {
		for _, v := range vs {
			headers.Call("append", k, v)
		}
	}
	init := map[string]any{"method": req.Method, "headers": headers, "signal": abort.Get("signal")}
	if t.credentials != "" {
		init["credentials"] = t.credentials
	}
	if !body.IsUndefined() {
		init["body"] = body
	}
	res, err := await(ctx, fetch.Invoke(req.URL, js.ValueOf(init)))
	if err != nil {
		stop()
		return nil, err
	}
	out := &streamResponse{Status: res.Get("status").Int(), Header: Header{}}
	each := js.FuncOf(func(_ js.Value, args []js.Value) any {
		out.Header.Add(args[1].String(), args[0].String())
		return nil
	})
	res.Get("headers").Call("forEach", each)
	each.Release()
	rb := &readableBody{ctx: ctx, abort: abort, stop: stop}
	if b := res.Get("body"); b.Truthy() {
		rb.reader = b.Call("getReader")
	}
	out.Body = rb
	return out, nil
}

// readableBody reads a fetch answer's ReadableStream chunk by chunk.
type readableBody struct {
	ctx    context.Context
	reader js.Value // undefined for a body-less answer
	abort  js.Value
	stop   func() bool
	chunk  []byte // the rest of the last chunk read
	done   bool
}

func (b *readableBody) Read(p []byte) (int, error) {
	for len(b.chunk) == 0 {
		if b.done || b.reader.IsUndefined() {
			return 0, io.EOF
		}
		v, err := await(b.ctx, b.reader.Call("read"))
		if err != nil {
			return 0, err
		}
		if v.Get("done").Bool() {
			b.done = true
			return 0, io.EOF
		}
		u8 := v.Get("value")
		n := u8.Get("length").Int()
		if cap(b.chunk) < n {
			b.chunk = make([]byte, n)
		}
		b.chunk = b.chunk[:n]
		js.CopyBytesToGo(b.chunk, u8)
	}
	n := copy(p, b.chunk)
	b.chunk = b.chunk[n:]
	return n, nil
}

// Close stops the fetch if its body was not read to the end.
func (b *readableBody) Close() error {
	if !b.done {
		b.abort.Call("abort")
		b.done = true
	}
	b.stop()
	return nil
}
