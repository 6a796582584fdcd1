package server

import (
	"fmt"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Errorf returns a function error (tag ServerError) with a formatted message, answered with
// the given HTTP status (a 4xx or 5xx; any other becomes 500):
//
//	return nil, server.Errorf(404, "no todo with id %d", in.ID)
//
// It is rpc.Error with fmt.Sprintf; it lives here because fmt costs a WebAssembly client
// about 200 KB, and only servers need it.
func Errorf(status int, format string, args ...any) *rpc.Error {
	return rpc.NewError(status, fmt.Sprintf(format, args...))
}
