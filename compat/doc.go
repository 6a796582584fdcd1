// Package compat judges schema changes by SPEC section 10: it compares two compiled packages
// (compiler/ir, the output of stage 2), an old one and a new one, and lists every change that
// breaks a client built from the old schema calling a server built from the new one; with
// Options.Rolling, also a client built from the new schema calling an old server, as happens
// while a deploy rolls out.
//
// It sits after the compiler, beside the generators, and like them reads only the IR, plus the
// field and enum value numbers of the linked descriptors (package schema): numbers are not on
// sfn's wire, but they tell a renamed field (its wire name changed: breaking) from a field
// removed and another added.
//
// The rules are one reader-and-writer check. Arguments are written by the client and read by
// the server; results and typed errors are written by the server and read by the client. A
// value stays readable when the reader's type is the writer's, wider (int32 to int64, uint32
// to uint64 or int64, float to double) or the writer's made optional; when every field the
// reader requires is written (a missing list or map is empty only in form arguments); when
// wire names agree; and when the writer has no enum value or oneof variant the reader lacks.
// Old and new only decide which way round a change is worded ("added" or "removed").
//
// Messages are compared once per pair of types and direction, and each function's report is
// collected from that graph of pairs, so recursive types end and a type shared by many
// functions costs one comparison.
package compat
