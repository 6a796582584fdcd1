// Package bench measures sfn's runtime against its peers. It is a module of its own so the
// peers (fxamacker/cbor, go-playground/form, connect-go, protobuf) stay out of sfn's
// go.mod. Run
//
//	cd bench && go test -run '^$' -bench . -benchmem -count 5 ./...
//
// and see docs/benchmarks.md for the method and the latest figures. What is here:
//
//   - wire_test.go: the codecs on the reference vectors' everything_base value, beside
//     encoding/json, fxamacker/cbor and go-playground/form;
//   - handler_test.go: one add_todo call through an sfn handler, a hand-written net/http
//     handler and a connect-go handler, in process;
//   - gen/: the handler benchmark's generated code, from schema/ (gen_test.go checks it is
//     current; SFN_UPDATE=1 go test -run TestGenerated rewrites it);
//   - wasm/calls: the WebAssembly program scripts/wasm-size.sh builds to measure what one
//     more function and one more encoding cost in a client.
package bench
