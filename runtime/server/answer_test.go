package server_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// TestEveryAnswerNosniff checks X-Content-Type-Options: nosniff on each kind of answer, so
// that no browser reads an error's text as HTML.
func TestEveryAnswerNosniff(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	tests := []struct {
		name, method, path, ctype, body string
		header                          map[string]string
		status                          int
	}{
		{"ok", "POST", actJSON.Path, "application/json", `{"title":"a"}`, nil, 200},
		{"unknown path", "GET", "/api/nothing", "", "", nil, 404},
		{"wrong method", "GET", actJSON.Path, "", "", nil, 405},
		{"cross-origin", "POST", actJSON.Path, "application/json", `{"title":"a"}`, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"too large", "POST", actJSON.Path, "application/json", `{"title":"` + strings.Repeat("a", testLimit) + `"}`, nil, 413},
		{"bad arguments", "POST", actJSON.Path, "application/json", `{"title":`, nil, 0},
		{"function's error", "POST", actJSON.Path, "application/json", `{"title":""}`, nil, 400},
		{"masked error", "POST", actJSON.Path, "application/json", `{"title":"fail"}`, nil, 500},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, fx.srv.URL+tt.path, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		if tt.ctype != "" {
			req.Header.Set("Content-Type", tt.ctype)
		}
		for k, v := range tt.header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if tt.status != 0 && res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q, want nosniff", tt.name, got)
		}
	}
}

// driverError stands for a database driver's error: text the caller must never see.
type driverError struct{}

func (driverError) Error() string {
	return "pq: password authentication failed for user app at 10.0.0.7"
}

// TestMasking: an error not made for the caller is answered "internal error" and logged
// in full; one the function made keeps its message and status, even wrapped.
func TestMasking(t *testing.T) {
	t.Parallel()
	f := &rpc.Func{Service: "test.v1.Mask", Name: "mask", Path: "/api/mask", Encoding: rpc.Json,
		Args: addTodoMessage, Result: wire.UnitMessage}
	logs := &logCapture{}
	h := server.NewHandler([]server.Route{server.NoResult(f, func(_ context.Context, in *AddTodo) error {
		switch in.Title {
		case "driver":
			return fmt.Errorf("adding a todo: %w", driverError{})
		case "made":
			return fmt.Errorf("checking: %w", server.Errorf(409, "todo %q exists", "milk"))
		}
		return nil
	})}, server.WithLogger(slog.New(logs)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	fx := &fixture{srv: srv, handler: h, logs: logs}
	if got := fx.call(t, f, &AddTodo{Title: "driver"}, nil); got.Status != 500 || got.Body != "ServerError|internal error" {
		t.Errorf("wrapped driver error answered %d %q, want 500 ServerError|internal error", got.Status, got.Body)
	}
	errs := logs.atLeast(slog.LevelError)
	if len(errs) != 1 || !strings.Contains(errs[0], "password authentication failed") {
		t.Errorf("logged %q at error, want the driver's full text once", errs)
	}
	if got := fx.call(t, f, &AddTodo{Title: "made"}, nil); got.Status != 409 || got.Body != `ServerError|todo "milk" exists` {
		t.Errorf("the function's own error answered %d %q, want 409 with its message", got.Status, got.Body)
	}
}

// TestClientGoneIsNotAFailure: a call whose client hangs up while the function runs is
// logged below warn, though the function returns context.Canceled.
func TestClientGoneIsNotAFailure(t *testing.T) {
	t.Parallel()
	f := &rpc.Func{Service: "test.v1.Gone", Name: "wait", Path: "/api/wait", Encoding: rpc.Json,
		Args: rpc.NoArgs, Result: wire.UnitMessage}
	started := make(chan struct{})
	logs := &logCapture{}
	h := server.NewHandler([]server.Route{server.Bare(f, func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return fmt.Errorf("waiting: %w", ctx.Err())
	})}, server.WithLogger(slog.New(logs)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-started
		cancel() // the client hangs up while the function runs
	}()
	req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+f.Path, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("the function answered before its client gave up")
	} else if !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(logs.atLeast(slog.LevelDebug)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("nothing logged for the abandoned call")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := logs.atLeast(slog.LevelInfo); len(got) != 0 {
		t.Errorf("an abandoned call logged %q at info or above", got)
	}
	if got := logs.atLeast(slog.LevelDebug); !strings.Contains(got[0], "client went away") {
		t.Errorf("logged %q, want a debug line saying the client went away", got)
	}
}
