//go:build !js

package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInMemoryRecorder checks that the in-memory transport returns what a connection
// would carry: the first status, and the headers as they were when it was written.
func TestInMemoryRecorder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		h    http.HandlerFunc
		want *Response
	}{
		{"late_header_and_second_status", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Early", "1")
			w.WriteHeader(http.StatusCreated)
			w.Header().Set("X-Late", "1")
			w.WriteHeader(http.StatusTeapot)
			_, _ = w.Write([]byte("body"))
		}, &Response{Status: 201, Header: Header{"x-early": {"1"}}, Body: []byte("body")}},
		{"write_without_status", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("x"))
		}, &Response{Status: 200, Header: Header{}, Body: []byte("x")}},
		{"nothing_written", func(http.ResponseWriter, *http.Request) {},
			&Response{Status: 200, Header: Header{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := handlerTransport{tt.h}.RoundTrip(context.Background(), &Request{Method: "GET", URL: "/x"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInMemoryPanic(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	res, err := handlerTransport{h}.RoundTrip(context.Background(), &Request{Method: "GET", URL: "/x"})
	if res != nil || err == nil || err.Error() != "handler panicked: boom" {
		t.Errorf("RoundTrip = %v, %v; want the panic as an error", res, err)
	}
}
