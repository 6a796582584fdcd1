package rpc_test

import (
	"testing"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

func TestMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"application/json":                  "application/json",
		"Application/JSON; charset=utf-8":   "application/json",
		" application/cbor ;x=1":            "application/cbor",
		"":                                  "",
		"text/plain;charset=utf-8":          "text/plain",
		"application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
	} {
		if got := rpc.MediaType(in); got != want {
			t.Errorf("MediaType(%q) = %q, want %q", in, got, want)
		}
	}
}
