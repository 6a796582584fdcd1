// Package openapi is sfn's OpenAPI generator (stage 3): a pure function from the IR to one
// OpenAPI 3.1 document in JSON, so the same input gives the same bytes on every machine and
// the CLI can write the file or compare it.
//
// The document has one path item per server function with the function's method, its
// arguments (a request body for POST encodings, query parameters for GET ones), its result
// and its error responses, and the JSON Schemas (2020-12) of the types they use in
// components. JSON is described exactly; form-encoded arguments as closely as OpenAPI's
// styles allow, with the extension x-sfn-form: serde_qs naming the exact rules; CBOR with
// the JSON values' schemas (docs/openapi.md says what that leaves out).
//
// It checks nothing: the compiler has applied every rule before the IR gets here.
package openapi
