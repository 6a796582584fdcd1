// Package bench measures sfn's runtime against its peers. It is a module of its own so the
// peers (fxamacker/cbor, go-playground/form) stay out of sfn's go.mod. Run
//
//	cd bench && go test -run '^$' -bench . -benchmem -count 5 ./...
//
// and see docs/benchmarks.md for the method and the latest figures.
package bench
