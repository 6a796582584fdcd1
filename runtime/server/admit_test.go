package server_test

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

func TestCrossOriginOptions(t *testing.T) {
	t.Parallel()
	allowed := summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}}
	refused := failure(403, actURL.Path, "MiddlewareError|cross-origin request refused: "+
		"cross-origin request detected from Sec-Fetch-Site header")
	tests := []struct {
		name   string
		opts   []server.Option
		origin string
		want   summary
	}{
		{"default", nil, "http://good.example", refused},
		{"trusted", []server.Option{server.WithTrustedOrigins("http://good.example")}, "http://good.example", allowed},
		{"other_than_trusted", []server.Option{server.WithTrustedOrigins("http://good.example")}, "http://evil.example", refused},
		{"bypass", []server.Option{server.WithCrossOriginBypass("POST /api/act_url")}, "http://evil.example", allowed},
		{"off", []server.Option{server.WithoutCrossOriginProtection()}, "http://evil.example", allowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, tt.opts...)
			got := fx.call(t, actURL, &AddTodo{Title: "milk"}, map[string]string{"Origin": tt.origin, "Sec-Fetch-Site": "cross-site"})
			want := tt.want
			if want.Status == 200 {
				want.Body = result(t, actURL, &Todo{ID: 1, Title: "milk"})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGates(t *testing.T) {
	t.Parallel()
	var gated []string
	gate := func(r *http.Request, f *rpc.Func) error {
		switch r.Header.Get("X-Deny") {
		case "plain":
			return errors.New("no entry")
		case "status":
			return server.Errorf(401, "log in first")
		case "wrapped":
			return errors.Join(errors.New("context"), server.Errorf(429, "slow down"))
		}
		gated = append(gated, f.Name) // the tests below run one at a time
		return nil
	}
	fx := newFixture(t, server.WithGate(gate))
	tests := []struct {
		name   string
		header map[string]string
		data   string
		want   summary
	}{
		{"plain_error", map[string]string{"X-Deny": "plain"}, "title=milk",
			failure(403, actURL.Path, "MiddlewareError|request refused")},
		{"wire_error_status", map[string]string{"X-Deny": "status"}, "title=milk",
			failure(401, actURL.Path, "ServerError|log in first")},
		{"wrapped_wire_error", map[string]string{"X-Deny": "wrapped"}, "title=milk",
			failure(429, actURL.Path, "ServerError|slow down")},
		// The gate answers before the body is decoded: bad arguments are never seen.
		{"before_decoding", map[string]string{"X-Deny": "plain"}, "title=a&title=b",
			failure(403, actURL.Path, "MiddlewareError|request refused")},
		{"plain_form", map[string]string{"X-Deny": "plain", "Accept": htmlLike, "Referer": cleanReferer}, "title=milk",
			summary{Status: 302, Body: "MiddlewareError|request refused", Header: map[string]string{
				"Content-Type": textPlain, "Serverfnerror": actURL.Path,
				"Location": cleanReferer + "&__path=%2Fapi%2Fact_url&__err=TWlkZGxld2FyZUVycm9yfHJlcXVlc3QgcmVmdXNlZA%3D%3D"}}},
		{"let_through", nil, "title=milk",
			summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"id":1,"title":"milk","done":false}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fx.raw(t, actURL, []byte(tt.data), tt.header)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
	if diff := cmp.Diff([]string{"act_url"}, gated); diff != "" {
		t.Errorf("gate let through (-want +got):\n%s", diff)
	}
	// Refusals are the client's affair: logged, but below warn, except a gate's plain
	// error, which was masked ("request refused") and is logged as an error with its text.
	if got := fx.logs.atLeast(slog.LevelDebug); len(got) != 5 {
		t.Errorf("logged %q, want the 5 refusals", got)
	}
	for _, line := range fx.logs.atLeast(slog.LevelWarn) {
		if !strings.Contains(line, "error=no entry") {
			t.Errorf("logged at warn or above: %q", line)
		}
	}
	if got := fx.logs.atLeast(slog.LevelError); len(got) != 3 {
		t.Errorf("logged %q at error, want the 3 masked gate errors with their text", got)
	}
}
