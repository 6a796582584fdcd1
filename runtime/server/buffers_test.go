package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/server"
)

// TestArgumentsOutliveTheCall checks that the buffers a handler reuses between calls (the
// request read, the result encoded) are not shared with what a call keeps: a function that
// holds on to its arguments sees them unchanged by later calls, in every encoding, with and
// without a Content-Length.
func TestArgumentsOutliveTheCall(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		kept []string
		args []*AddTodo
	)
	keep := func(_ context.Context, in *AddTodo) (*Todo, error) {
		mu.Lock()
		defer mu.Unlock()
		args = append(args, in)
		return &Todo{ID: int64(len(args)), Title: in.Title}, nil
	}
	var routes []server.Route
	for _, f := range actFuncs {
		routes = append(routes, server.Unary(f, keep))
	}
	h := server.NewHandler(routes)
	for i := range 20 {
		for _, f := range actFuncs {
			title := "title " + strconv.Itoa(i) + " of " + f.Name
			q, err := f.AppendArgs(nil, &AddTodo{Title: title})
			if err != nil {
				t.Fatal(err)
			}
			var req *http.Request
			switch {
			case f.Encoding.ArgsInQuery():
				req = httptest.NewRequest(http.MethodGet, f.Path+"?"+string(q), nil)
			case i%2 == 0:
				req = httptest.NewRequest(http.MethodPost, f.Path, bytes.NewReader(q))
			default:
				// Of unknown length, as a chunked body is.
				req = httptest.NewRequest(http.MethodPost, f.Path, io.MultiReader(bytes.NewReader(q)))
			}
			req.Header.Set("Content-Type", f.Encoding.ArgsContentType())
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var got Todo
			if err := f.DecodeResult(rec.Body.Bytes(), &got, nil); err != nil || got.Title != title {
				t.Fatalf("%s: %d %q, %v; want the title %q", f.Name, rec.Code, rec.Body, err, title)
			}
			kept = append(kept, title)
		}
	}
	var held []string
	for _, a := range args {
		held = append(held, a.Title)
	}
	if diff := cmp.Diff(kept, held); diff != "" {
		t.Errorf("arguments changed after their call (-want +got):\n%s", diff)
	}
}
