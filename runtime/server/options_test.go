package server_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/server"
)

// TestReadTimeout stalls in the middle of a body: the handler's read deadline must end
// the wait with a 400, long before the test's own deadline.
func TestReadTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []server.Option
		// stalls reports whether the server is expected to still wait after 1s.
		stalls bool
	}{
		{"deadline", []server.Option{server.WithTimeouts(100*time.Millisecond, 0)}, false},
		{"none", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, tt.opts...)
			conn, err := net.Dial("tcp", fx.srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_, err = io.WriteString(conn, "POST /api/act_json HTTP/1.1\r\nHost: x\r\n"+
				"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti")
			if err != nil {
				t.Fatal(err)
			}
			if err := conn.SetReadDeadline(time.Now().Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if tt.stalls {
				if err == nil {
					t.Fatalf("answered %d without a deadline", res.StatusCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			got := summarize(res, body)
			const prefix = "Deserialization|could not read the request body: "
			if !strings.HasPrefix(got.Body, prefix) || !strings.Contains(got.Body, "timeout") {
				t.Errorf("body %q, want %q and a timeout", got.Body, prefix)
			}
			got.Body = ""
			if diff := cmp.Diff(failure(400, "/api/act_json", ""), got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}
