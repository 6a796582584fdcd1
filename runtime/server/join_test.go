package server_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/server"
)

func TestMountAndJoin(t *testing.T) {
	t.Parallel()
	todosH := server.NewHandler(todosRoutes(todos{}))
	echoH := server.NewHandler(echoRoutes())
	mux := http.NewServeMux()
	server.Mount(mux, todosH)
	echoH.Mount(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("page")) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	fx := &fixture{srv: srv}

	tests := []struct {
		name, method, target string
		want                 summary
	}{
		{"todos", "GET", "/api/ping_todos?", summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: "null"}},
		{"echo", "GET", "/api/ping", summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: "null"}},
		{"wrong_method_answered_by_handler", "POST", "/api/ping", summary{Status: 405,
			Header: map[string]string{"Allow": "GET", "Content-Type": textPlain, "Serverfnerror": "/api/ping"},
			Body:   "Registration|/api/ping takes GET, not POST"}},
		{"page", "GET", "/about", summary{Status: 200, Header: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, Body: "page"}},
		{"below_a_path_is_the_page", "GET", "/api/ping/x", summary{Status: 200, Header: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, Body: "page"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := summarize(fx.send(t, tt.method, tt.target, nil, nil))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}

	joined := server.Join(todosH, echoH)
	wantJoined := slices.Sorted(slices.Values(append(todosH.Paths(), echoH.Paths()...)))
	if diff := cmp.Diff(wantJoined, joined.Paths()); diff != "" {
		t.Errorf("joined paths (-want +got):\n%s", diff)
	}
	wantEcho := []string{"/api/add_todo", "/api/echo_url", "/api/ping", "/api/search"}
	if diff := cmp.Diff(wantEcho, echoH.Paths()); diff != "" {
		t.Errorf("Paths (-want +got):\n%s", diff)
	}
	var names []string
	for _, f := range echoH.Funcs() {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"add_todo", "echo_url", "ping", "search"}, names); diff != "" {
		t.Errorf("Funcs (-want +got):\n%s", diff)
	}
	func() {
		defer func() {
			want := `server: path "/api/add_todo" of leptosecho.v1.Echo.add_todo is already served by leptosecho.v1.Echo.add_todo`
			if got, _ := recover().(string); got != want {
				t.Errorf("Join of overlapping handlers panicked with %q, want %q", got, want)
			}
		}()
		server.Join(echoH, echoH)
	}()
	func() {
		defer func() {
			want := "server: Join: http.HandlerFunc is not a *server.Handler"
			if got, _ := recover().(string); got != want {
				t.Errorf("Join of a foreign handler panicked with %q, want %q", got, want)
			}
		}()
		server.Join(echoH, http.HandlerFunc(http.NotFound))
	}()
}
