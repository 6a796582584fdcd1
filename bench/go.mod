module github.com/sfn-dev/sfn/bench

go 1.26.0

require (
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/go-playground/form/v4 v4.2.1
	github.com/sfn-dev/sfn v0.0.0
)

require github.com/x448/float16 v0.8.4 // indirect

replace github.com/sfn-dev/sfn => ../
