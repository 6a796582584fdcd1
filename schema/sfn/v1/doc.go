// Package sfnv1 holds the Go types of sfn's schema options (sfn.proto beside this file), so the
// compiler reads the options of a .sfn file as typed values.
//
// sfn.pb.go is generated from sfn.proto by this package's test; regenerate it with
// SFN_UPDATE=1 go test ./schema/sfn/v1.
package sfnv1
