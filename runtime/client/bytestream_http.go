//go:build !js

package client

import (
	"context"
	"net/http"
)

// roundTripStream sends req with its body streamed (chunked unless its length is known)
// and returns as soon as the answer's headers arrive, its body still to be read.
func (t httpTransport) roundTripStream(ctx context.Context, req *streamRequest) (*streamResponse, error) {
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, req.Body)
	if err != nil {
		return nil, err
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	hres, err := t.c.Do(hr)
	if err != nil {
		return nil, err
	}
	return &streamResponse{Status: hres.StatusCode, Header: fromHTTPHeader(hres.Header), Body: hres.Body}, nil
}
