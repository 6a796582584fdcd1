// Package conformance is sfn's cross-language wire suite: the case files under cases/ (built
// into this package), their loader and validator, and the two runners that check an
// implementation against them.
//
// A case states the exact request a client must send for a call and the exact answer a server
// must give (docs/conformance.md defines the format). RunServer sends each server case's
// request to a live server over a raw TCP connection and compares the response; RunClient
// starts a client program, asks it to make each client case's call against a server of its own
// that answers with the case's response, and compares the request the client sent and the
// value it returned. `sfn conformance` is the command-line face of both.
//
// The package sits beside the compiler pipeline, not in it: it knows nothing of schemas and
// compares bytes and JSON values only, so that it checks sfn's own runtime from the outside.
package conformance
