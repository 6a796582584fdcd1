//go:build !js

package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// describe answers with a Note describing the request it got, and a header set too late
// to be sent.
var describe = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	desc := strings.Join([]string{r.Method, r.RequestURI, r.Host, r.Header.Get("Accept"),
		r.Header.Get("Content-Type"), r.Header.Get("X-Token"), string(body)}, " ")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Serverfnredirect", "")
	w.Header().Set("Location", "/next")
	w.WriteHeader(http.StatusOK)
	w.Header().Set("X-Late", "1")
	_, _ = io.WriteString(w, `{"text":"`+strings.ReplaceAll(desc, `"`, `\"`)+`"}`)
})

func TestTransports(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(describe)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name, base string
		opt        client.Option
		want       string
	}{
		{"in_memory", "http://app.test", client.WithHandler(describe),
			`POST /api/note_json app.test application/json application/json t1 {"text":"hi"}`},
		{"in_memory_no_base", "", client.WithHandler(describe),
			`POST /api/note_json localhost application/json application/json t1 {"text":"hi"}`},
		{"http_client", srv.URL, client.WithHTTPClient(srv.Client()),
			`POST /api/note_json ` + host + ` application/json application/json t1 {"text":"hi"}`},
		{"default", srv.URL, client.WithHeader("X-Other", "x"),
			`POST /api/note_json ` + host + ` application/json application/json t1 {"text":"hi"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var redirects []string
			c := client.New(tt.base, tt.opt, client.WithHeader("X-Token", "t1"),
				client.WithRedirectHandler(func(loc string) { redirects = append(redirects, loc) }))
			got, err := client.Call[Note](context.Background(), c, noteJSON, &Note{Text: "hi"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&Note{Text: tt.want}, got); diff != "" {
				t.Errorf("request as the handler saw it (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"/next"}, redirects); diff != "" {
				t.Errorf("redirects (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHTTPTransportFailures(t *testing.T) {
	t.Parallel()
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"text":"`+strings.Repeat("a", 1<<20)+`"}`)
	}))
	t.Cleanup(big.Close)
	closed := httptest.NewServer(describe)
	closed.Close()

	c := client.New(big.URL, client.WithLimits(wire.Limits{MaxBytes: 1024}))
	_, err := client.Call[Note](context.Background(), c, noteJSON, &Note{})
	want := &rpc.Error{Tag: rpc.TagResponse, Message: "response body exceeds the limit of 1024 bytes", Status: 200}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("large answer (-want +got):\n%s", diff)
	}

	c = client.New(closed.URL)
	_, err = client.Call[Note](context.Background(), c, noteJSON, &Note{})
	var re *client.RequestError
	if !errors.As(err, &re) || re.Err.Tag != rpc.TagRequest || re.Cause == nil {
		t.Errorf("unreachable server gave %#v, want a Request error with its cause", err)
	}
}
