//go:build !js

package client

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/coder/websocket"
)

// Native websockets: github.com/coder/websocket over net/http, with the client's headers
// and, under WithHTTPClient, its http.Client (TLS settings, proxy, cookie jar).

func dialWebsocket(ctx context.Context, c *Client, url string, maxBytes int) (wsConn, *Response, error) {
	opts := &websocket.DialOptions{HTTPHeader: http.Header{}}
	for k, vs := range c.header {
		for _, v := range vs {
			opts.HTTPHeader.Add(k, v)
		}
	}
	if t, ok := c.transport.(httpTransport); ok {
		opts.HTTPClient = t.c
	}
	conn, hres, err := websocket.Dial(ctx, url, opts)
	if err != nil {
		if hres != nil && hres.StatusCode != http.StatusSwitchingProtocols {
			// A refusal: the library keeps the first 1 KiB of its body.
			body, _ := io.ReadAll(hres.Body)
			return nil, &Response{Status: hres.StatusCode, Header: fromHTTPHeader(hres.Header), Body: body}, err
		}
		return nil, nil, err
	}
	// An item is at most the client's MaxBytes, plus its tag byte.
	conn.SetReadLimit(int64(maxBytes) + 1)
	return nativeConn{conn}, nil, nil
}

type nativeConn struct{ c *websocket.Conn }

func (n nativeConn) read(ctx context.Context) ([]byte, error) {
	_, data, err := n.c.Read(ctx)
	if err != nil {
		var ce websocket.CloseError
		if errors.As(err, &ce) {
			if ce.Code == websocket.StatusNormalClosure {
				return nil, io.EOF
			}
			return nil, closeError(int(ce.Code), ce.Reason)
		}
		return nil, err
	}
	return data, nil
}

func (n nativeConn) write(ctx context.Context, p []byte) error {
	return n.c.Write(ctx, websocket.MessageBinary, p)
}

func (n nativeConn) close(code int) { _ = n.c.Close(websocket.StatusCode(code), "") }
