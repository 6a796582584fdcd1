package client

import (
	"context"
	"iter"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Uploads (Leptos's MultipartFormData, SPEC section 11), the mirror of runtime/server's
// Upload: the parts are sent as multipart/form-data, in order, and the answer is decoded
// with result as Do decodes it.
//
// Natively the body is written with mime/multipart as it is sent (through an io.Pipe), so
// a file is never held in memory whole. Under GOOS=js the parts become a browser FormData,
// each file a Blob read into memory first (at most BufferedStreamLimit bytes in all), and
// fetch writes the body.

// Upload calls f, a function that takes an upload, with parts, and decodes its result
// with result. A part whose FileName is set is sent as a file, with its ContentType
// (application/octet-stream when empty); any other as a field. An error from parts, or
// from reading a part's Body, ends the call with a *RequestError whose cause is that error,
// unless the server answered first: a refusal (a limit passed, say) is then the *rpc.Error
// it sent.
func Upload(ctx context.Context, c *Client, f *rpc.Func, parts iter.Seq2[*rpc.Part, error], result Result) error {
	if err := ctx.Err(); err != nil {
		return requestError(rpc.TagRequest, err)
	}
	return c.upload(ctx, f, parts, result)
}
