//go:build !js

package conformance

// The websocket exchanges of the server runner and of the client runner's mock server, on
// github.com/coder/websocket (whose js build is a browser's WebSocket client only).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/coder/websocket"
)

// readLimit bounds one received websocket message.
const readLimit = maxBody

// exchangeWebsocket runs a server case's websocket exchange against the server at u: it
// opens the websocket, writes the Send frames (while reading, so that a server may refuse
// a large frame before reading it all), reads the Receive frames and checks the close.
func exchangeWebsocket(ctx context.Context, u *url.URL, opts ServerOptions, w *Websocket) problems {
	var p problems
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	wsURL := *u
	wsURL.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
	target := wsURL.String() + w.Target
	h := http.Header{}
	for k, v := range w.Headers {
		h[k] = []string{v}
	}
	dopts := &websocket.DialOptions{HTTPHeader: h}
	if opts.TLSConfig != nil {
		dopts.HTTPClient = &http.Client{Transport: &http.Transport{TLSClientConfig: opts.TLSConfig}}
	}
	conn, res, err := websocket.Dial(ctx, target, dopts)
	if err != nil {
		if res != nil {
			p.add("the upgrade was answered with status %d, not 101", res.StatusCode)
		} else {
			p.add("opening the websocket: %v", err)
		}
		return p
	}
	defer conn.CloseNow()
	conn.SetReadLimit(readLimit)

	wrote := make(chan error, 1)
	go func() {
		for _, f := range w.Send {
			typ := websocket.MessageBinary
			if f.Text {
				typ = websocket.MessageText
			}
			if err := conn.Write(ctx, typ, f.Bytes()); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()

	for i, f := range w.Receive {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			p.add("receive[%d]: want %s, got %s", i, showFrame(f.Bytes()), showReadError(ctx, err, opts.Timeout))
			return p
		}
		p.compareFrame(fmt.Sprintf("receive[%d]", i), f, typ == websocket.MessageText, data)
	}
	if w.Close.CloseBy() == CloseByClient {
		// The client wants no more: the server must answer the close (Close waits for the
		// answer, reading and dropping what the server sent meanwhile) and end.
		if err := conn.Close(websocket.StatusCode(w.Close.Code), ""); err != nil {
			p.add("closing with %d: the server did not answer the close: %v", w.Close.Code, err)
		}
		return p
	}
	for n := 0; ; n++ {
		typ, data, err := conn.Read(ctx)
		if err == nil {
			if n < 3 {
				p.add("want the close %d, got another frame: %s%s", w.Close.Code, showFrame(data), map[bool]string{true: " (a text frame)"}[typ == websocket.MessageText])
			}
			continue
		}
		code := websocket.CloseStatus(err)
		switch {
		case code == -1:
			p.add("want the close %d, got %s", w.Close.Code, showReadError(ctx, err, opts.Timeout))
		case int(code) != w.Close.Code:
			p.add("close: want %d, got %d", w.Close.Code, code)
		}
		break
	}
	select {
	case err := <-wrote:
		_ = err // a server may close before it has read all (an item over the limit)
	case <-time.After(time.Second):
	}
	return p
}

func showReadError(ctx context.Context, err error, timeout time.Duration) string {
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("nothing within %v", timeout)
	}
	return err.Error()
}

// mockFrameWait bounds the wait for each frame the client must send, so that a client that
// sends too few still gets the case's answer (and fails it) rather than hanging.
const mockFrameWait = 5 * time.Second

// serveWebsocket plays the server side of a websocket case: it upgrades, reads the frames
// the client must send and compares them, then sends the case's frames and closes.
func (m *caseServer) serveWebsocket(w http.ResponseWriter, r *http.Request) {
	what := r.Method + " " + r.RequestURI
	m.mu.Lock()
	switch {
	case m.ended:
		m.late = append(m.late, what)
		m.mu.Unlock()
		http.Error(w, "the case has ended", http.StatusGone)
		return
	case m.got != nil:
		m.extra = append(m.extra, what)
		m.mu.Unlock()
		http.Error(w, "a second request", http.StatusConflict)
		return
	}
	m.got = &received{method: r.Method, target: r.RequestURI, header: r.Header}
	done := make(chan struct{})
	m.wsEnd = done
	m.mu.Unlock()
	defer close(done)

	var p problems
	defer func() {
		m.mu.Lock()
		m.ws = append(m.ws, p...)
		m.mu.Unlock()
	}()
	spec := m.c.Websocket
	// A browser page calls from another origin: any origin will do here.
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		p.add("upgrading the request: %v", err)
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(readLimit)
	for i, f := range spec.Send {
		ctx, cancel := context.WithTimeout(r.Context(), mockFrameWait)
		typ, data, err := conn.Read(ctx)
		cancel()
		if err != nil {
			if code := websocket.CloseStatus(err); code != -1 {
				p.add("client frame %d: want %s, got the close %d", i, showFrame(f.Bytes()), code)
				return
			}
			p.add("client frame %d: want %s, got nothing within %v (%v)", i, showFrame(f.Bytes()), mockFrameWait, err)
			break
		}
		p.compareFrame(fmt.Sprintf("client frame %d", i), f, typ == websocket.MessageText, data)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	for _, f := range spec.Receive {
		if conn.Write(ctx, websocket.MessageBinary, f.Bytes()) != nil {
			return // the client went away (after an error item, say): its answer tells
		}
	}
	// Close waits for the client's answering close, dropping what it sends meanwhile.
	_ = conn.Close(websocket.StatusCode(spec.Close.Code), "")
}
