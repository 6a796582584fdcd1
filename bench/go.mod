module github.com/sfn-dev/sfn/bench

go 1.26.0

require (
	connectrpc.com/connect v1.21.1
	github.com/bufbuild/protocompile v0.14.1
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/go-playground/form/v4 v4.2.1
	github.com/sfn-dev/sfn v0.0.0
	github.com/sfn-dev/sfn/examples/todos v0.0.0
	google.golang.org/protobuf v1.36.12
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/coder/websocket v1.8.15 // indirect
	github.com/fsnotify/fsnotify v1.10.1 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

// The example's generated client (bench/wasm/calls) lives in the example's own module.
replace (
	github.com/sfn-dev/sfn => ../
	github.com/sfn-dev/sfn/examples/todos => ../examples/todos
)
