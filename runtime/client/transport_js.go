//go:build js

package client

import (
	"context"
	"errors"
	"syscall/js"
)

// Under GOOS=js the client sends with the browser's (or Node's) fetch through syscall/js.
// net/http is not linked: in a browser it would add about 2 MB of WebAssembly, and under
// Node it turns fetch off for programs it believes run in Node.

func defaultTransport() Transport { return fetchTransport{} }

// WithCredentials sets fetch's credentials mode: "same-origin" (fetch's default), "include"
// (send cookies to another origin too) or "omit". It exists only under GOOS=js.
func WithCredentials(mode string) Option {
	return WithTransport(fetchTransport{credentials: mode})
}

// fetchTransport calls the global fetch function.
type fetchTransport struct {
	credentials string
}

func (t fetchTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return nil, errors.New("client: this JavaScript environment has no fetch")
	}

	// Cancellation: ctx ending aborts the fetch through an AbortController.
	abort := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { abort.Call("abort") })
	defer stop()

	headers := js.Global().Get("Headers").New()
	for k, vs := range req.Header {
		for _, v := range vs {
			headers.Call("append", k, v)
		}
	}
	init := map[string]any{
		"method":  req.Method,
		"headers": headers,
		"signal":  abort.Get("signal"),
	}
	if t.credentials != "" {
		init["credentials"] = t.credentials
	}
	if req.Body != nil {
		body := js.Global().Get("Uint8Array").New(len(req.Body))
		js.CopyBytesToJS(body, req.Body)
		init["body"] = body
	}

	res, err := await(ctx, fetch.Invoke(req.URL, js.ValueOf(init)))
	if err != nil {
		return nil, err
	}
	out := &Response{Status: res.Get("status").Int(), Header: Header{}}
	each := js.FuncOf(func(_ js.Value, args []js.Value) any {
		out.Header.Add(args[1].String(), args[0].String())
		return nil
	})
	res.Get("headers").Call("forEach", each)
	each.Release()

	buf, err := await(ctx, res.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	bytes := js.Global().Get("Uint8Array").New(buf)
	out.Body = make([]byte, bytes.Get("length").Int())
	js.CopyBytesToGo(out.Body, bytes)
	return out, nil
}

// await blocks until promise settles and returns its value, or the rejection as an error
// (ctx's error when ctx ended, which is why an aborted fetch rejects).
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type settled struct {
		v   js.Value
		err error
	}
	done := make(chan settled, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "fetch failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
			if c := args[0].Get("cause"); c.Truthy() {
				msg += ": " + c.Call("toString").String()
			}
		}
		done <- settled{err: errors.New(msg)}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	promise.Call("then", onOK, onErr)
	s := <-done
	if s.err != nil && ctx.Err() != nil {
		// The fetch was aborted because ctx ended: report that, so callers can tell.
		return js.Value{}, ctx.Err()
	}
	return s.v, s.err
}
