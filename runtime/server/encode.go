package server

import (
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Encoding: the function's result becomes the answer's body, by the function's encoding.

// encodeResult appends the encoded result res to buf. It runs inside callFunc's recover,
// since a result's values are the application's (a custom type's method may panic).
func (rt *route) encodeResult(buf []byte, res any) ([]byte, *rpc.Error) {
	body, err := rt.fn.AppendResult(buf, res)
	if err != nil {
		// The function returned a value its schema cannot carry: the server's fault.
		return nil, &rpc.Error{Tag: rpc.TagSerialization, Message: err.Error(), Status: http.StatusInternalServerError}
	}
	return body, nil
}
