package server

import (
	"fmt"
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

// decodeArgs decodes data, the arguments of r, into a fresh argument value. The decoders
// keep nothing of data (decoded strings are copies), so its buffer is free again once this
// returns.
func (rt *route) decodeArgs(r *http.Request, data []byte) (any, *rpc.Error) {
	args := rt.newArgs()
	if err := rt.fn.DecodeArgs(data, args, &rt.cfg.limits); err != nil {
		// DecodeArgs' errors are *rpc.Error, made for the caller: they name the field.
		we, _ := plainCallerError(err, rt.argsTag(), "arguments did not decode")
		we.Message += rt.contentTypeHint(r)
		// The caller's mistake, so 400 (SPEC 5): a 5xx would say the server failed.
		// Leptos answers 500, a deliberate difference (SPEC 9); its clients and sfn's
		// treat any 400-599 as an error with the same body.
		we.Status = http.StatusBadRequest
		return nil, we
	}
	return args, nil
}

// contentTypeHint is what to add to an arguments error when the body came labelled with
// another media type than the function's encoding takes (a form posted to a JSON function,
// as `curl -d` does by default), which is then the likely cause: the body is decoded by the
// function's encoding whatever its label, as Leptos decodes it. "" for a query's arguments,
// an unlabelled body, or the right label.
func (rt *route) contentTypeHint(r *http.Request) string {
	enc := rt.fn.Encoding
	if enc.ArgsInQuery() {
		return ""
	}
	got, want := rpc.MediaType(r.Header.Get("Content-Type")), enc.ArgsContentType()
	if got == "" || got == want {
		return ""
	}
	return fmt.Sprintf(" (the body is labelled %q; %s takes %q)", got, rt.fn.Name, want)
}
