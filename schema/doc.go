// Package schema is stage 1 of the sfn pipeline: it loads .sfn files (protobuf source, plus the
// .proto files they import) and links them into protobuf descriptors with protocompile, keeping
// source positions and comments. It also serves sfn's own options file, sfn/v1/sfn.proto, from
// inside the binary, and reads those options back as typed values.
//
// It consumes file and directory paths and import roots; it produces a Set of linked files for
// the compiler (stage 2), or diagnostics in file:line:col form. It checks nothing of sfn's own
// rules: those live in package compiler.
package schema
