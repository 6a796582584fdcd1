//go:build !js

package client

import (
	"context"
	"errors"
	"io"
	"iter"
	"mime/multipart"
	"net/textproto"
	"strings"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// errUploadDone stops the writing of an upload's parts once the call is over.
var errUploadDone = errors.New("client: the upload's call is over")

// upload sends the parts as multipart/form-data written by a goroutine into a pipe that
// the transport reads, so the body streams.
func (c *Client) upload(ctx context.Context, f *rpc.Func, parts iter.Seq2[*rpc.Part, error], result Result) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	written := make(chan error, 1)
	go func() {
		err := writeParts(mw, parts)
		pw.CloseWithError(err)
		written <- err
	}()
	hdr := c.headers()
	hdr.Set("Accept", f.Encoding.ResultContentType())
	hdr.Set("Content-Type", mw.FormDataContentType())
	err := c.stream(ctx, f, &streamRequest{Method: "POST", URL: c.base + f.Path, Header: hdr, Body: pr}, result, nil, false)
	// The server may have answered before reading everything: stop the writer.
	pr.CloseWithError(errUploadDone)
	werr := <-written
	if _, ok := errors.AsType[*RequestError](err); ok && werr != nil && !errors.Is(werr, errUploadDone) && !errors.Is(werr, io.ErrClosedPipe) {
		// The request failed because the parts did.
		return requestError(rpc.TagRequest, werr)
	}
	return err
}

// writeParts writes the parts and the closing boundary.
func writeParts(mw *multipart.Writer, parts iter.Seq2[*rpc.Part, error]) error {
	for p, err := range parts {
		if err != nil {
			return err
		}
		h := textproto.MIMEHeader{}
		disp := `form-data; name="` + quoteEscaper.Replace(p.Field) + `"`
		if p.FileName != "" {
			disp += `; filename="` + quoteEscaper.Replace(p.FileName) + `"`
			ct := p.ContentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			h.Set("Content-Type", ct)
		} else if p.ContentType != "" {
			h.Set("Content-Type", p.ContentType)
		}
		h.Set("Content-Disposition", disp)
		w, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		if p.Body != nil {
			if _, err := io.Copy(w, p.Body); err != nil {
				return err
			}
		}
	}
	return mw.Close()
}

// quoteEscaper escapes a quoted parameter as mime/multipart's CreateFormFile does.
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")
