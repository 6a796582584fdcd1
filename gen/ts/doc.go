// Package tsgen is sfn's TypeScript generator (stage 3): a pure function from the IR to
// TypeScript source, so the same input gives the same bytes on every machine and the CLI can
// write the files or compare them.
//
// Per schema file it writes one ES module, NAME.ts beside the others as the schema files lie:
// the types (interfaces, string-literal unions for enums, discriminated unions for oneofs and
// for error types), one wire description per type for the runtime, a guard per error type
// (isTodoError), and one exported async function per server function. It also returns the runtime (package tsruntime) as the files sfn/*.ts, which the
// modules import, so the output directory is complete: form and JSON functions need nothing
// else, CBOR functions the npm package cbor2.
//
// It checks nothing: the compiler has applied every rule (names that would hide a global the
// modules use, modules that would land in sfn/) before the IR gets here.
//
// The generated code is thin: each function is one call of the runtime's call(), with the
// encoders its encoding needs, so a runtime fix needs no regeneration of the modules.
package tsgen
