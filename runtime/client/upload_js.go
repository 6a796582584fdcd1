//go:build js

package client

import (
	"context"
	"errors"
	"io"
	"iter"
	"syscall/js"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// upload sends the parts as a browser FormData: fields as strings, files as Blobs, read
// into memory first (BufferedStreamLimit in all); fetch writes the multipart body and its
// boundary. mime/multipart is not linked: it would bring net/textproto and more into the
// WebAssembly client.
func (c *Client) upload(ctx context.Context, f *rpc.Func, parts iter.Seq2[*rpc.Part, error], result Result) error {
	ft, ok := c.transport.(fetchTransport)
	if !ok {
		return requestError(rpc.TagRequest, errors.New("client: under GOOS=js, Upload needs the fetch transport"))
	}
	fd := js.Global().Get("FormData").New()
	left := int64(BufferedStreamLimit)
	for p, err := range parts {
		if err != nil {
			return requestError(rpc.TagRequest, err)
		}
		var data []byte
		if p.Body != nil {
			if data, err = readLimited(p.Body, left); err != nil {
				return requestError(rpc.TagRequest, err)
			}
			left -= int64(len(data))
		}
		if p.FileName == "" {
			fd.Call("append", p.Field, string(data))
			continue
		}
		u8 := js.Global().Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(u8, data)
		ct := p.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		blob := js.Global().Get("Blob").New([]any{u8}, map[string]any{"type": ct})
		fd.Call("append", p.Field, blob, p.FileName)
	}
	hdr := c.headers()
	hdr.Set("Accept", f.Encoding.ResultContentType())
	// No Content-Type: fetch sets multipart/form-data with its boundary.
	req := &streamRequest{Method: "POST", URL: c.base + f.Path, Header: hdr}
	res, err := ft.fetchStream(ctx, req, fd)
	if err != nil {
		return requestError(rpc.TagRequest, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, int64(c.maxBytes())+1))
	if err != nil {
		return requestError(rpc.TagResponse, err)
	}
	return c.readResponse(f, &Response{Status: res.Status, Header: res.Header, Body: body}, result, nil)
}
