package server

import (
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Decoding: the bytes readArgs returned become the function's argument value, by the
// function's encoding. A failure is tagged as Leptos tags it (argsTag) and names the field.

// argsTag is the tag of an error in the arguments: Args for form arguments, else
// Deserialization, as Leptos 0.8 tags them.
func (rt *route) argsTag() rpc.ErrorTag {
	if rt.fn.Encoding.ArgsForm() {
		return rpc.TagArgs
	}
	return rpc.TagDeserialization
}

// decodeArgs decodes data into a fresh argument value. The decoders keep nothing of data
// (decoded strings are copies), so its buffer is free again once this returns.
func (rt *route) decodeArgs(data []byte) (any, *rpc.Error) {
	args := rt.newArgs()
	if err := rt.fn.DecodeArgs(data, args, &rt.cfg.limits); err != nil {
		// DecodeArgs' errors are *rpc.Error, made for the caller: they name the field.
		we, _ := plainCallerError(err, rt.argsTag(), "arguments did not decode")
		// The caller's mistake, so 400 (SPEC 5): a 5xx would say the server failed.
		// Leptos answers 500, a deliberate difference (SPEC 9); its clients and sfn's
		// treat any 400-599 as an error with the same body.
		we.Status = http.StatusBadRequest
		return nil, we
	}
	return args, nil
}
