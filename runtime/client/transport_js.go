//go:build js

package client

import (
	"context"
	"errors"
)

// defaultTransport has nothing to send with yet under GOOS=js: the fetch transport comes
// with the WebAssembly client. Until then a js program passes WithTransport.
func defaultTransport() Transport { return noTransport{} }

type noTransport struct{}

func (noTransport) RoundTrip(context.Context, *Request) (*Response, error) {
	return nil, errors.New("client: no transport under GOOS=js yet; pass client.WithTransport")
}
