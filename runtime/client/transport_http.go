//go:build !js

package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// defaultTransport sends requests with http.DefaultClient.
func defaultTransport() Transport { return httpTransport{http.DefaultClient} }

// WithHTTPClient sends requests with hc, for its timeouts, proxy, TLS settings, cookie jar
// or redirect policy. hc follows 3xx redirects unless its CheckRedirect says otherwise;
// server functions answer 3xx only to plain HTML forms, which this client never sends.
func WithHTTPClient(hc *http.Client) Option {
	return WithTransport(httpTransport{hc})
}

// WithHandler calls h directly, in memory, with no network and no goroutine: for tests,
// and for calling a server in the same process through the full HTTP path (routing,
// gates, interceptors, codecs). Requests arrive with RemoteAddr "127.0.0.1:0" and the
// Host of the client's base URL.
func WithHandler(h http.Handler) Option {
	return WithTransport(handlerTransport{h})
}

// httpTransport sends requests over the network with an http.Client.
type httpTransport struct{ c *http.Client }

// RoundTrip sends req and reads the whole answer, up to req.MaxResponseBytes+1 bytes.
func (t httpTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	hr, err := newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	hres, err := t.c.Do(hr)
	if err != nil {
		return nil, err
	}
	defer hres.Body.Close()
	var r io.Reader = hres.Body
	if req.MaxResponseBytes > 0 {
		r = io.LimitReader(r, int64(req.MaxResponseBytes)+1)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return &Response{Status: hres.StatusCode, Header: fromHTTPHeader(hres.Header), Body: body}, nil
}

// handlerTransport serves requests with an http.Handler in the calling goroutine.
type handlerTransport struct{ h http.Handler }

// RoundTrip runs the handler on req and returns what it wrote. A handler that panics
// gives an error, as the dropped connection would over the network.
func (t handlerTransport) RoundTrip(ctx context.Context, req *Request) (res *Response, err error) {
	hr, err := newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	hr.RemoteAddr = "127.0.0.1:0"
	hr.RequestURI = hr.URL.RequestURI()
	if hr.Host == "" {
		hr.Host = "localhost"
	}
	rec := &recorder{header: http.Header{}}
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("handler panicked: %v", p)
		}
	}()
	t.h.ServeHTTP(rec, hr)
	// Over the network a cancelled call gets no answer; keep that true in memory.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if rec.status == 0 {
		// The handler wrote nothing at all: net/http would answer an empty 200.
		rec.WriteHeader(http.StatusOK)
	}
	return &Response{Status: rec.status, Header: fromHTTPHeader(rec.written), Body: rec.body.Bytes()}, nil
}

func newHTTPRequest(ctx context.Context, req *Request) (*http.Request, error) {
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	return hr, nil
}

func fromHTTPHeader(h http.Header) Header {
	out := make(Header, len(h))
	for k, vs := range h {
		k = lowerKey(k)
		out[k] = append(out[k], vs...)
	}
	return out
}

// recorder is the http.ResponseWriter of handlerTransport: it keeps the first status and
// the headers as they were when the status was written, as a real connection would.
type recorder struct {
	header  http.Header
	written http.Header
	status  int
	body    bytes.Buffer
}

// Header returns the header map the handler writes to.
func (r *recorder) Header() http.Header { return r.header }

// WriteHeader records the status and a snapshot of the headers; later calls do nothing.
func (r *recorder) WriteHeader(code int) {
	if r.status != 0 {
		return
	}
	r.status = code
	r.written = r.header.Clone()
}

// Write appends to the body, writing a 200 status first if none was.
func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}
