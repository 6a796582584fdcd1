package client_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// The call logic against a scripted Transport. End-to-end tests against sfn's server are
// in runtime/server (client_test.go there), next to the service they call.

type Note struct{ Text string }

var noteMessage = &wire.Message{Name: "test.v1.Note", GoType: reflect.TypeFor[Note](),
	Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}

func noteFunc(name string, enc rpc.Encoding, args, result *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Notes", Name: name, Path: "/api/" + name, Encoding: enc, Args: args, Result: result}
}

var (
	noteURL     = noteFunc("note_url", rpc.Url, noteMessage, noteMessage)
	noteGetJSON = noteFunc("note_get_json", rpc.GetJson, noteMessage, noteMessage)
	noteCBOR    = noteFunc("note_cbor", rpc.Cbor, noteMessage, noteMessage)
	noteGetCBOR = noteFunc("note_get_cbor", rpc.GetCbor, noteMessage, noteMessage)
	noteJSON    = noteFunc("note_json", rpc.Json, noteMessage, noteMessage)
	bareGet     = noteFunc("bare_get", rpc.GetJson, rpc.NoArgs, wire.UnitMessage)
	bareJSON    = noteFunc("bare_json", rpc.Json, rpc.NoArgs, wire.UnitMessage)
	bareCBOR    = noteFunc("bare_cbor", rpc.Cbor, rpc.NoArgs, wire.UnitMessage)
)

// script is a Transport that records the request and answers with res or err.
type script struct {
	res   *client.Response
	err   error
	calls []*client.Request
}

func (s *script) RoundTrip(_ context.Context, req *client.Request) (*client.Response, error) {
	s.calls = append(s.calls, req)
	return s.res, s.err
}

func ok(contentType, body string) *client.Response {
	return &client.Response{Status: 200, Header: client.Header{"content-type": {contentType}}, Body: []byte(body)}
}

func TestRequests(t *testing.T) {
	t.Parallel()
	in := &Note{Text: "a b&c"}
	cborIn := "\xa1\x64text\x65a b&c"
	tests := []struct {
		name, base string
		f          *rpc.Func
		in         any
		want       client.Request
	}{
		{"url", "http://h", noteURL, in, client.Request{Method: "POST", URL: "http://h/api/note_url",
			Header: client.Header{"accept": {"application/json"}, "content-type": {"application/x-www-form-urlencoded"}},
			Body:   []byte("text=a+b%26c")}},
		{"get_json", "http://h", noteGetJSON, in, client.Request{Method: "GET", URL: "http://h/api/note_get_json?text=a+b%26c",
			Header: client.Header{"accept": {"application/json"}}}},
		{"cbor", "http://h", noteCBOR, in, client.Request{Method: "POST", URL: "http://h/api/note_cbor",
			Header: client.Header{"accept": {"application/cbor"}, "content-type": {"application/cbor"}},
			Body:   []byte(cborIn)}},
		{"get_cbor", "http://h", noteGetCBOR, in, client.Request{Method: "GET", URL: "http://h/api/note_get_cbor?text=a+b%26c",
			Header: client.Header{"accept": {"application/cbor"}}}},
		{"json", "http://h", noteJSON, in, client.Request{Method: "POST", URL: "http://h/api/note_json",
			Header: client.Header{"accept": {"application/json"}, "content-type": {"application/json"}},
			Body:   []byte(`{"text":"a b&c"}`)}},
		// No arguments: the "?" is always there, as Leptos sends it.
		{"no_args_get", "http://h", bareGet, nil, client.Request{Method: "GET", URL: "http://h/api/bare_get?",
			Header: client.Header{"accept": {"application/json"}}}},
		{"no_args_json", "http://h", bareJSON, nil, client.Request{Method: "POST", URL: "http://h/api/bare_json",
			Header: client.Header{"accept": {"application/json"}, "content-type": {"application/json"}}, Body: []byte("{}")}},
		{"no_args_cbor", "http://h", bareCBOR, nil, client.Request{Method: "POST", URL: "http://h/api/bare_cbor",
			Header: client.Header{"accept": {"application/cbor"}, "content-type": {"application/cbor"}}, Body: []byte{0xa0}}},
		{"base_with_slash_and_prefix", "http://h/mount/", bareGet, nil, client.Request{Method: "GET", URL: "http://h/mount/api/bare_get?",
			Header: client.Header{"accept": {"application/json"}}}},
		{"no_base", "", bareGet, nil, client.Request{Method: "GET", URL: "/api/bare_get?",
			Header: client.Header{"accept": {"application/json"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{res: ok("application/json", "null")}
			c := client.New(tt.base, client.WithTransport(s), client.WithHeader("X-Token", "t1"), client.WithHeader("x-token", "t2"))
			_ = c.Invoke(context.Background(), tt.f, tt.in, tt.f.Result.New())
			if len(s.calls) != 1 {
				t.Fatalf("%d requests sent, want 1", len(s.calls))
			}
			want := tt.want
			want.Header["x-token"] = []string{"t1", "t2"}
			want.MaxResponseBytes = wire.DefaultMaxBytes
			if diff := cmp.Diff(&want, s.calls[0]); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

// outcome is a call's result or error, for comparison.
type outcome struct {
	Result any
	Err    *rpc.Error
}

func TestResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    *rpc.Func
		res  *client.Response
		lim  wire.Limits
		want outcome
	}{
		{"json", noteJSON, ok("application/json", `{"text":"hi"}`), wire.Limits{}, outcome{Result: &Note{Text: "hi"}}},
		{"cbor", noteCBOR, ok("application/cbor", "\xa1\x64text\x62hi"), wire.Limits{}, outcome{Result: &Note{Text: "hi"}}},
		{"unit", bareGet, ok("application/json", "null"), wire.Limits{}, outcome{Result: &struct{}{}}},
		// Any 2xx is a result: a function may choose its success status.
		{"created", noteJSON, &client.Response{Status: 201, Body: []byte(`{"text":"hi"}`)}, wire.Limits{}, outcome{Result: &Note{Text: "hi"}}},
		{"error_body", noteJSON, &client.Response{Status: 400, Body: []byte("Args|text: invalid type")}, wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagArgs, Message: "text: invalid type", Status: 400}}},
		{"error_with_bar_in_message", noteJSON, &client.Response{Status: 503, Body: []byte("ServerError|a|b")}, wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagServerError, Message: "a|b", Status: 503}}},
		{"proxy_page", noteJSON, &client.Response{Status: 502, Body: []byte(" <h1>Bad gateway</h1>\n")}, wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagResponse, Message: "<h1>Bad gateway</h1>", Status: 502}}},
		{"found", noteJSON, &client.Response{Status: 302, Header: client.Header{"location": {"/x"}}, Body: []byte(`{"text":"hi"}`)}, wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagResponse, Message: "unexpected status 302 redirecting to /x", Status: 302}}},
		{"informational", noteJSON, &client.Response{Status: 103}, wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagResponse, Message: "unexpected status 103", Status: 103}}},
		{"bad_result", noteJSON, ok("application/json", `{"text":1}`), wire.Limits{},
			outcome{Err: &rpc.Error{Tag: rpc.TagDeserialization, Message: decodeMessage(noteJSON, `{"text":1}`), Status: 200}}},
		{"over_limit", noteJSON, ok("application/json", `{"text":"hello"}`), wire.Limits{MaxBytes: 8},
			outcome{Err: &rpc.Error{Tag: rpc.TagResponse, Message: "response body exceeds the limit of 8 bytes", Status: 200}}},
		{"decoder_limits", noteJSON, ok("application/json", `{"text":"hello"}`), wire.Limits{MaxStringLen: 2},
			outcome{Err: &rpc.Error{Tag: rpc.TagDeserialization, Status: 200,
				Message: decodeMessageLimited(noteJSON, `{"text":"hello"}`, &wire.Limits{MaxStringLen: 2})}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := client.New("http://h", client.WithTransport(&script{res: tt.res}), client.WithLimits(tt.lim))
			out := tt.f.Result.New()
			err := c.Invoke(context.Background(), tt.f, tt.f.Args.New(), out)
			got := outcome{Result: out}
			if err != nil {
				got = outcome{}
				if !errors.As(err, &got.Err) {
					t.Fatalf("error %v is not a *rpc.Error", err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

func decodeMessage(f *rpc.Func, body string) string { return decodeMessageLimited(f, body, nil) }

func decodeMessageLimited(f *rpc.Func, body string, lim *wire.Limits) string {
	err := f.DecodeResult([]byte(body), f.Result.New(), lim)
	var we *rpc.Error
	if !errors.As(err, &we) {
		panic("result decoded")
	}
	return we.Message
}

func TestRedirectHandler(t *testing.T) {
	t.Parallel()
	redirect := client.Header{"serverfnredirect": {""}, "location": {"/next"}}
	tests := []struct {
		name string
		res  *client.Response
		want []string
	}{
		{"success", &client.Response{Status: 200, Header: redirect, Body: []byte("null")}, []string{"/next"}},
		{"no_header", &client.Response{Status: 200, Header: client.Header{"location": {"/next"}}, Body: []byte("null")}, nil},
		// Leptos's client returns before calling its hook when the call failed.
		{"error", &client.Response{Status: 500, Header: redirect, Body: []byte("ServerError|x")}, nil},
		{"undecodable", &client.Response{Status: 200, Header: redirect, Body: []byte("nul")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			c := client.New("", client.WithTransport(&script{res: tt.res}),
				client.WithRedirectHandler(func(loc string) { got = append(got, loc) }))
			_ = client.CallNoResult(context.Background(), c, bareGet, nil)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("redirect handler calls (-want +got):\n%s", diff)
			}
		})
	}
	// Without a handler a redirect is ignored and the result returned.
	c := client.New("", client.WithTransport(&script{res: &client.Response{Status: 200, Header: redirect, Body: []byte(`{"text":"x"}`)}}))
	if got, err := client.Call[Note](context.Background(), c, noteJSON, &Note{}); err != nil || got.Text != "x" {
		t.Errorf("Call = %v, %v; want the result", got, err)
	}
}

func TestRequestErrors(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		transport error
		in        any
		wantTag   rpc.ErrorTag
		wantCause error
		wantSent  int
	}{
		{"transport_failure", context.Background(), errors.New("connection refused"), &Note{}, rpc.TagRequest, nil, 1},
		{"transport_cancelled", context.Background(), context.Canceled, &Note{}, rpc.TagRequest, context.Canceled, 1},
		{"already_cancelled", cancelled, nil, &Note{}, rpc.TagRequest, context.Canceled, 0},
		{"arguments_of_another_type", context.Background(), nil, &struct{ X int }{}, rpc.TagSerialization, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{res: ok("application/json", `{"text":"x"}`), err: tt.transport}
			c := client.New("http://h", client.WithTransport(s))
			_, err := client.Call[Note](tt.ctx, c, noteJSON, tt.in)
			var re *client.RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *client.RequestError", err)
			}
			var we *rpc.Error
			if !errors.As(err, &we) || we.Tag != tt.wantTag || we.Status != 0 || we.Message == "" {
				t.Errorf("wire error %#v, want tag %s, status 0 and a message", we, tt.wantTag)
			}
			if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantCause)
			}
			if tt.transport != nil && !errors.Is(err, tt.transport) {
				t.Errorf("error %v does not wrap the transport's", err)
			}
			if len(s.calls) != tt.wantSent {
				t.Errorf("%d requests sent, want %d", len(s.calls), tt.wantSent)
			}
		})
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	h := client.Header{}
	h.Set("Content-Type", "a")
	h.Add("X-Multi", "1")
	h.Add("x-multi", "2")
	h.Set("Serverfnredirect", "")
	// Only ASCII letters fold: header names are ASCII tokens, and the transports refuse
	// any other name anyway.
	h.Set("X-Ä", "b")
	want := client.Header{"content-type": {"a"}, "x-multi": {"1", "2"}, "serverfnredirect": {""}, "x-Ä": {"b"}}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if h.Get("CONTENT-TYPE") != "a" || !h.Has("ServerFnRedirect") || h.Has("location") || h.Get("location") != "" {
		t.Errorf("Get/Has do not fold case: %v", h)
	}
}
