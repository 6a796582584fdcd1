// Package gogen is sfn's Go generator (stage 3): a pure function from the IR to Go source
// that gives the same bytes for the same input on every machine. It writes Go as text laid
// out the way gofmt lays it out (source.go), so that no formatter runs over the output:
// go/format was three quarters of generation's time. TestGofmtClean holds every file the
// tests generate to gofmt, byte for byte.
//
// Per schema file it writes these files into the file's go_package:
//
//   - NAME.sfn.go: the package doc comment (on the first schema file of the package by
//     import name only: the file's leading comment, or a line naming the schema), the
//     runtime handshake right below the imports, the types (structs, enums as named string types, oneofs as interfaces with
//     one wrapper struct per member), their wire descriptors, a constant per function path,
//     one interface per service that both a server implementation and the client satisfy, an
//     Unimplemented type to embed, and the client constructor;
//   - NAME_codecs.sfn.go, when the file has functions: the client codecs, methods that
//     encode the functions' arguments and decode their results in their formats with
//     runtime/wire's writers and readers (codecs.go says why);
//   - NAME_server.sfn.go, built everywhere but GOOS=js: the handler constructor, so a
//     WebAssembly client never links the server or net/http.
//
// Imports are grouped as goimports does: the standard library, a blank line, then the sfn
// runtime, each runtime package under its own name, written out.
//
// It checks nothing: the compiler has applied every rule, the Go-only ones through
// compiler.CheckGo, before the IR gets here.
//
// The generated code is otherwise thin: each function is one descriptor and one call into
// runtime/server or runtime/client, so a runtime fix needs no regeneration.
package gogen
