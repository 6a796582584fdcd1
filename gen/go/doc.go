// Package gogen is sfn's Go generator (stage 3): a pure function from the IR to Go source,
// written with jennifer, so the output is gofmt-clean by construction and the same input gives
// the same bytes on every machine.
//
// Per schema file it writes these files into the file's go_package:
//
//   - NAME.sfn.go: the types (structs, enums as named string types, oneofs as interfaces with
//     one wrapper struct per member), their wire descriptors, a constant per function path,
//     one interface per service that both a server implementation and the client satisfy, an
//     Unimplemented type to embed, and the client constructor;
//   - NAME_codecs.sfn.go, when the file has functions: the client codecs, methods that
//     encode the functions' arguments and decode their results in their formats with
//     runtime/wire's writers and readers (codecs.go says why);
//   - NAME_server.sfn.go, built everywhere but GOOS=js: the handler constructor, so a
//     WebAssembly client never links the server or net/http.
//
// The generated code is otherwise thin: each function is one descriptor and one call into
// runtime/server or runtime/client, so a runtime fix needs no regeneration.
package gogen
