//go:build js

package client

import (
	"context"
	"errors"
	"io"
	"sync"
	"syscall/js"
	"time"
)

// Websockets under GOOS=js: the browser's (or Node's) WebSocket through syscall/js.
// github.com/coder/websocket also runs under GOOS=js, but its js build imports net/http,
// which a WebAssembly client must not link (see transport_js.go), so this file drives
// the WebSocket object itself.
//
// The browser gives no backpressure on reading: messages queue in memory as they
// arrive, however slowly the caller pulls them. Writing waits while more than 1 MiB is
// buffered. A refused upgrade is only a close with 1006 to a browser, which hides the
// HTTP answer, so its status and body cannot be reported.

// maxBuffered bounds what write lets the browser buffer before it waits.
const maxBuffered = 1 << 20

type jsConn struct {
	ws js.Value

	mu     sync.Mutex
	queue  [][]byte
	notify chan struct{} // signalled on a message or the close
	closed bool
	code   int
	reason string

	funcs []js.Func
}

func dialWebsocket(ctx context.Context, c *Client, url string, maxBytes int) (wsConn, *Response, error) {
	ctor := js.Global().Get("WebSocket")
	if ctor.Type() != js.TypeFunction {
		return nil, nil, errors.New("client: this JavaScript environment has no WebSocket")
	}
	if len(url) > 0 && url[0] == '/' {
		loc := js.Global().Get("location")
		if loc.Type() != js.TypeObject {
			return nil, nil, errors.New("client: a relative websocket URL needs a page location")
		}
		u := js.Global().Get("URL").New(url, loc.Get("href"))
		url = wsURL(u.Call("toString").String())
	}
	ws := ctor.New(url)
	ws.Set("binaryType", "arraybuffer")
	conn := &jsConn{ws: ws, notify: make(chan struct{}, 1)}
	opened := make(chan struct{})
	var once sync.Once
	conn.on("open", func(js.Value) { once.Do(func() { close(opened) }) })
	conn.on("message", func(ev js.Value) {
		data := ev.Get("data")
		var b []byte
		if data.Type() == js.TypeString {
			b = []byte(data.String()) // a text frame, read as its bytes
		} else {
			arr := js.Global().Get("Uint8Array").New(data)
			b = make([]byte, arr.Get("length").Int())
			js.CopyBytesToGo(b, arr)
		}
		conn.mu.Lock()
		if len(b) <= maxBytes+1 {
			conn.queue = append(conn.queue, b)
		}
		conn.mu.Unlock()
		conn.signal()
	})
	conn.on("close", func(ev js.Value) {
		conn.mu.Lock()
		conn.closed, conn.code, conn.reason = true, ev.Get("code").Int(), ev.Get("reason").String()
		conn.mu.Unlock()
		conn.signal()
		once.Do(func() { close(opened) })
	})
	select {
	case <-opened:
	case <-ctx.Done():
		conn.close(statusNormalClosure)
		return nil, nil, ctx.Err()
	}
	conn.mu.Lock()
	closed, code := conn.closed, conn.code
	conn.mu.Unlock()
	if closed {
		conn.release()
		return nil, nil, closeError(code, "the websocket could not be opened (a browser does not say why)")
	}
	return conn, nil, nil
}

func (c *jsConn) on(event string, fn func(js.Value)) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		fn(args[0])
		return nil
	})
	c.funcs = append(c.funcs, f)
	c.ws.Call("addEventListener", event, f)
}

func (c *jsConn) signal() {
	select {
	case c.notify <- struct{}{}:
	default:
	}
}

func (c *jsConn) read(ctx context.Context) ([]byte, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			b := c.queue[0]
			c.queue[0] = nil
			c.queue = c.queue[1:]
			c.mu.Unlock()
			return b, nil
		}
		closed, code, reason := c.closed, c.code, c.reason
		c.mu.Unlock()
		if closed {
			c.release()
			if code == statusNormalClosure {
				return nil, io.EOF
			}
			return nil, closeError(code, reason)
		}
		select {
		case <-c.notify:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (c *jsConn) write(ctx context.Context, p []byte) error {
	for c.ws.Get("bufferedAmount").Int() > maxBuffered {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed || c.ws.Get("readyState").Int() != 1 {
		return errors.New("client: the websocket is closed")
	}
	arr := js.Global().Get("Uint8Array").New(len(p))
	js.CopyBytesToJS(arr, p)
	c.ws.Call("send", arr)
	return nil
}

func (c *jsConn) close(code int) {
	if s := c.ws.Get("readyState").Int(); s == 0 || s == 1 {
		c.ws.Call("close", code)
	}
}

// release removes the listeners once the websocket has closed.
func (c *jsConn) release() {
	c.mu.Lock()
	funcs := c.funcs
	c.funcs = nil
	c.mu.Unlock()
	if funcs == nil {
		return
	}
	for i, ev := range []string{"open", "message", "close"} {
		c.ws.Call("removeEventListener", ev, funcs[i])
	}
	for _, f := range funcs {
		f.Release()
	}
}
