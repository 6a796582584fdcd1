// Package wire holds sfn's value codecs: the form, JSON and CBOR encodings of SPEC section
// 4, as Leptos server_fn speaks them through serde_qs 0.15, serde_json and ciborium 0.2.2,
// and the error bodies of section 5.
//
// # Where it sits
//
// wire is the bottom of sfn's runtime: what generated Go code links against, under the
// server and client runtimes, and what sfn's CLI uses to encode and decode values of a
// schema it has just compiled. It imports the standard library only, and never net/http,
// so a GOOS=js GOARCH=wasm client links it without pulling in an HTTP stack.
//
// # Descriptors and plans
//
// A schema reaches wire as descriptors: a Message per struct, with Fields whose Types say
// what each value is, plus the Go type that holds it. Generated code declares them as
// package-level variables, the CLI builds them from the compiler's IR, and the codecs are
// called with a descriptor and a pointer to a value:
//
//	body, err := wire.MarshalForm(todov1.AddTodoDesc, &todov1.AddTodo{Title: "milk"})
//	err = wire.UnmarshalJSON(todov1.TodoListDesc, body, &list, nil)
//
// The first call on a Message resolves it against its Go type into a plan: each field's
// offset in the struct and a small codec per value (its kind, Go type, size, nested plans,
// precomputed keys). The plan is checked once (a field missing from the struct, a Go type
// that does not match the schema, a broken oneof wrapper all fail here, and every later
// call reports the same error; Message.Check reports it up front) and kept in the Message.
// After that a call does no reflection on names or types: each format walks the plan and
// reads and writes values through unsafe pointers at the recorded offsets, falling back on
// reflect only to allocate (slices, maps, optionals) and to fill maps. Generated code stays
// a few declarations and one call per function, and a fix to a codec needs no
// regeneration, since everything that decides the wire lives here.
//
// A Message without a GoType is in dynamic mode: the plan builds its struct with
// reflect.StructOf (and wrapper structs for oneof variants), New returns values of it, and
// they go through the very same codecs. reflect.StructOf cannot make recursive types, so in
// dynamic mode a reference back to a message still being built is held as an any holding a
// pointer to it. Dynamic mode is off until a program first calls New or Check (as every
// dynamic use starts with New), so that programs using only generated types, such as
// WebAssembly clients, do not link the reflect code that makes types.
//
// # Writers and readers for generated code
//
// Generated clients do not use the plans: sfn generates, for each function's types, codecs
// that call FormWriter, JSONWriter, CBORWriter, JSONReader and CBORReader once per value
// (readwrite.go describes them). They write the same bytes and accept, refuse and word errors
// as the plan-driven codecs do, sharing their escaping, number, timestamp and scanning
// code, and they link no reflection and only the formats and kinds a program's functions
// use. The server and the CLI keep the plans, which handle any descriptor.
//
// # Files
//
// Per format, one file per direction and engine: form_encode.go, form_decode.go (with
// form_decode_collections.go) and form_pairs.go for the plan-driven form codec, and
// form_writer.go for generated code; json_encode.go, json_decode.go (json_decode_values.go),
// json_scanner.go, json_reader.go and json_writer.go; cbor_encode.go, cbor_decode.go
// (cbor_decode_values.go), cbor_reader.go and cbor_writer.go. What the formats share is named
// for itself: codec.go (entry points), plan*.go, access.go, maps.go, numbers.go,
// timestamp.go, json_value.go (google.protobuf.Value), types.go, limits.go, errors.go
// (DecodeError, EncodeError) and readwrite.go (the error trail of readers and writers).
//
// # Size
//
// The package is written to stay small in a WebAssembly client: it does not import fmt,
// and the code for a format is reached only from that format's entry points, so a client
// that only encodes forms links no form decoder. docs/benchmarks.md has the figures.
//
// # Go representation
//
// Messages are structs; string, bool, int32, int64, uint32, uint64, float32, float64 and
// []byte hold the scalars; an enum is a string type holding the value's wire name; optional
// T is *T; repeated T is []T; map<K, V> is map[K]V; Timestamp is time.Time; Value is any
// and Struct is map[string]any (JSON only). A oneof is one field of an interface type
// holding nil or one variant's wrapper struct by value, such as
// EverythingShapeCircle{Circle: Circle{...}}. A transparent message is a one-field struct
// that is its field's value on every wire; UnitMessage (struct{}) is Rust's ().
//
// # Decoding
//
// Decoding replaces *v: it is zeroed first, and zeroed again when decoding fails, so no
// caller sees part of a value. Empty lists and maps decode as nil. Decoded strings are
// substrings of one copy of the input made per call, which saves an allocation per string
// and keeps that copy alive as long as any of them is. Every failure is a *DecodeError
// naming the field path and the rule broken, worded as serde words it where serde has a
// word for it; Limits bound what any input can cost.
//
// Each format follows its Rust library, with deliberate differences:
//   - Form: serde_qs Config::new(5, false) with SPEC 4.1's leniencies (a missing list or
//     map is empty, k= for a list or map is empty, unindexed keys append), invalid UTF-8 in
//     strings refused, bytes taken raw, unknown keys ignored whatever their shape, and the
//     depth limit an error for known fields. Where serde_qs's parser builds something the
//     schema cannot mean, the schema decides: "k[]" under a map field is the key "",
//     digit-first and negative keys of an integer map mix freely, and %5B or %5D inside a
//     segment opened by a literal "[" is an escaped bracket, so every key the encoder writes
//     comes back. Repeated or conflicting keys are errors, as is a oneof given two variants.
//   - JSON: serde_json with serde's derive, plus duplicate map keys refused (serde_json
//     keeps the last). Structs are objects only (serde also reads arrays for them).
//   - CBOR: ciborium, minus indefinite lengths (ciborium writes none, and they defeat the
//     length checks), duplicate map keys and trailing bytes; tags are skipped as ciborium
//     skips them.
//
// Wire is values to bytes and back, nothing else: the error a function answers with, and
// its "Tag|message" body, live in runtime/rpc; DecodeError and EncodeError here say only
// why a value did not decode or encode.
package wire
