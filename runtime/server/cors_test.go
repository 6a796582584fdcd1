package server_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

// The CORS tests run against the fixture with WithCORS(appOrigin) on the Todos handler;
// the Echo handler joined beside it has no CORS, so they also check that Join keeps each
// route's options. The browser's side of the protocol is tested in Chromium by
// testdata/cors (scripts/cors-browser-test.sh).

const (
	appOrigin  = "http://app.example:5173"
	evilOrigin = "http://evil.example"
)

// corsWatched are the headers the CORS tests compare.
var corsWatched = []string{
	"Allow", "Vary", "Serverfnerror",
	"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
	"Access-Control-Allow-Credentials", "Access-Control-Max-Age", "Access-Control-Expose-Headers",
}

func corsSummary(res *http.Response, body []byte) summary {
	s := summary{Status: res.StatusCode, Header: map[string]string{}, Body: string(body)}
	for _, k := range corsWatched {
		if vs, ok := res.Header[k]; ok {
			s.Header[k] = strings.Join(vs, ",")
		}
	}
	return s
}

const varyPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"

// preflightOK is the answer to an allowed preflight for a function taking method.
func preflightOK(method string) summary {
	return summary{Status: 204, Header: map[string]string{
		"Vary":                             varyPreflight,
		"Access-Control-Allow-Origin":      appOrigin,
		"Access-Control-Allow-Methods":     method,
		"Access-Control-Allow-Headers":     "Content-Type, Accept",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Max-Age":           "600",
	}}
}

func preflightRefused(path, why string) summary {
	return summary{Status: 403, Body: "MiddlewareError|CORS preflight refused: " + why,
		Header: map[string]string{"Vary": varyPreflight, "Serverfnerror": path}}
}

func TestCORSPreflight(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, server.WithCORS(appOrigin))
	preflight := func(origin, method, headers string) map[string]string {
		h := map[string]string{"Origin": origin, "Access-Control-Request-Method": method}
		if headers != "" {
			h["Access-Control-Request-Headers"] = headers
		}
		return h
	}
	tests := []struct {
		name   string
		target string
		header map[string]string
		want   summary
	}{
		{"allowed", actJSON.Path, preflight(appOrigin, "POST", "content-type"), preflightOK("POST")},
		{"allowed_no_headers", actURL.Path, preflight(appOrigin, "POST", ""), preflightOK("POST")},
		{"allowed_both_headers_any_case", actCBOR.Path, preflight(appOrigin, "POST", "Accept,CONTENT-TYPE , "), preflightOK("POST")},
		{"allowed_get_function", actGetJSON.Path, preflight(appOrigin, "GET", "content-type"), preflightOK("GET")},
		{"other_origin", actJSON.Path, preflight(evilOrigin, "POST", "content-type"),
			preflightRefused(actJSON.Path, "origin not allowed")},
		{"origin_with_path", actJSON.Path, preflight(appOrigin+"/", "POST", "content-type"),
			preflightRefused(actJSON.Path, "origin not allowed")},
		{"null_origin", actJSON.Path, preflight("null", "POST", "content-type"),
			preflightRefused(actJSON.Path, "origin not allowed")},
		{"wrong_method", actJSON.Path, preflight(appOrigin, "PUT", "content-type"),
			preflightRefused(actJSON.Path, actJSON.Path+" takes POST")},
		{"get_for_post_function", actJSON.Path, preflight(appOrigin, "GET", ""),
			preflightRefused(actJSON.Path, actJSON.Path+" takes POST")},
		{"extra_header", actJSON.Path, preflight(appOrigin, "POST", "content-type,authorization"),
			preflightRefused(actJSON.Path, "only the headers Content-Type, Accept are allowed")},
		{"custom_header", actJSON.Path, preflight(appOrigin, "POST", "x-token"),
			preflightRefused(actJSON.Path, "only the headers Content-Type, Accept are allowed")},
		// Not a preflight: OPTIONS without Access-Control-Request-Method.
		{"plain_options", actJSON.Path, map[string]string{"Origin": appOrigin},
			summary{Status: 405, Body: "Registration|/api/act_json takes POST, not OPTIONS", Header: map[string]string{
				"Allow": "POST, OPTIONS", "Vary": "Origin", "Serverfnerror": actJSON.Path,
				"Access-Control-Allow-Origin": appOrigin, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Expose-Headers": "serverfnerror, serverfnredirect, Location"}}},
		// Echo was joined without WithCORS: today's 405, no CORS headers.
		{"joined_handler_without_cors", echoAddTodo.Path, preflight(appOrigin, "POST", "content-type"),
			summary{Status: 405, Body: "Registration|/api/add_todo takes POST, not OPTIONS",
				Header: map[string]string{"Allow": "POST", "Serverfnerror": echoAddTodo.Path}}},
		{"unknown_path", "/api/nothing", preflight(appOrigin, "POST", "content-type"),
			summary{Status: 404, Body: "Registration|no server function at /api/nothing", Header: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := corsSummary(fx.send(t, "OPTIONS", tt.target, tt.header, nil))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCORSCalls(t *testing.T) {
	t.Parallel()
	withCORS := newFixture(t, server.WithCORS(appOrigin))
	without := newFixture(t)
	allowed := map[string]string{
		"Vary":                             "Origin",
		"Access-Control-Allow-Origin":      appOrigin,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Expose-Headers":    "serverfnerror, serverfnredirect, Location",
	}
	varyOnly := map[string]string{"Vary": "Origin"}
	refused := "MiddlewareError|cross-origin request refused: cross-origin request detected from Sec-Fetch-Site header"
	tests := []struct {
		name    string
		fx      *fixture
		f       *rpc.Func
		title   string
		origin  string
		status  int
		headers map[string]string // the CORS headers
		failure string            // the error body, or "" for the result
	}{
		{"success", withCORS, actJSON, "milk", appOrigin, 200, allowed, ""},
		{"function_error", withCORS, actJSON, "", appOrigin, 400, allowed, "ServerError|title must not be empty"},
		{"panic", withCORS, actURL, "panic", appOrigin, 500, allowed, "ServerError|internal error"},
		{"allowed_get", withCORS, actGetJSON, "milk", appOrigin, 200, allowed, ""},
		{"other_origin_post_refused", withCORS, actJSON, "milk", evilOrigin, 403, varyOnly, refused},
		{"other_origin_get", withCORS, actGetJSON, "milk", evilOrigin, 200, varyOnly, ""},
		{"without_cors_post_refused", without, actJSON, "milk", appOrigin, 403, map[string]string{}, refused},
		{"without_cors_get", without, actGetJSON, "milk", appOrigin, 200, map[string]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := tt.f
			data, err := f.AppendArgs(nil, &AddTodo{Title: tt.title})
			if err != nil {
				t.Fatal(err)
			}
			header := map[string]string{"Origin": tt.origin, "Sec-Fetch-Site": "cross-site",
				"Accept": f.Encoding.ResultContentType(), "Content-Type": f.Encoding.ArgsContentType()}
			target, body := f.Path+"?"+string(data), io.Reader(nil)
			if !f.Encoding.ArgsInQuery() {
				target, body = f.Path, bytes.NewReader(data)
			}
			res, b := tt.fx.send(t, f.Method(), target, header, body)
			got := corsSummary(res, b)
			got.Header["Content-Type"] = res.Header.Get("Content-Type")

			want := summary{Status: tt.status, Body: result(t, f, &Todo{ID: 1, Title: tt.title}),
				Header: map[string]string{"Content-Type": f.Encoding.ResultContentType()}}
			if tt.failure != "" {
				want = failure(tt.status, f.Path, tt.failure)
			}
			for k, v := range tt.headers {
				want.Header[k] = v
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithCORSOrigins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		origin string
		panic  string // "" when the origin is accepted
	}{
		{"http://localhost:5173", ""},
		{"https://app.example.com", ""},
		{"HTTPS://App.Example.com", ""},
		{"*", `server: WithCORS: invalid origin "*": wildcards are not allowed, name each origin`},
		{"https://*.example.com", `server: WithCORS: invalid origin "https://*.example.com": wildcards are not allowed, name each origin`},
		{"app.example.com", `server: WithCORS: invalid origin "app.example.com": scheme is required`},
		{"https://app.example.com/", `server: WithCORS: invalid origin "https://app.example.com/": path, query and fragment are not allowed`},
		{"https://app.example.com/app", `server: WithCORS: invalid origin "https://app.example.com/app": path, query and fragment are not allowed`},
		{"https://app.example.com?", `server: WithCORS: invalid origin "https://app.example.com?": path, query and fragment are not allowed`},
		{"https://me@app.example.com", `server: WithCORS: invalid origin "https://me@app.example.com": user information is not allowed`},
		{"mailto:me@example.com", `server: WithCORS: invalid origin "mailto:me@example.com": host is required`},
		{"", `server: WithCORS: invalid origin "": scheme is required`},
		{"http://a b", `server: WithCORS: invalid origin "http://a b": parse "http://a b": invalid character " " in host name`},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			t.Parallel()
			got := func() (msg string) {
				defer func() { msg, _ = recover().(string) }()
				// Checked even with the cross-origin check off.
				server.NewHandler(todosRoutes(todos{}), server.WithCORS(tt.origin), server.WithoutCrossOriginProtection())
				return ""
			}()
			if got != tt.panic {
				t.Errorf("NewHandler with WithCORS(%q) panicked with %q, want %q", tt.origin, got, tt.panic)
			}
		})
	}
}

// An origin is matched as browsers send it, scheme and host in lower case, whatever case
// WithCORS was given.
func TestCORSOriginCase(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, server.WithCORS("HTTP://App.Example:5173"))
	got := corsSummary(fx.send(t, "OPTIONS", actJSON.Path,
		map[string]string{"Origin": appOrigin, "Access-Control-Request-Method": "POST"}, nil))
	if diff := cmp.Diff(preflightOK("POST"), got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
}
