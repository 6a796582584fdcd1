package gogen_test

// This test replays the exchanges recorded from a real Leptos server_fn 0.8 server
// (shared/leptos/corpus.json) against the Go server generated from shared/leptos/echo.sfn,
// and feeds every recorded Leptos answer to the generated Go client.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/gen/go/golden/leptosechov1"
	"github.com/sfn-dev/sfn/internal/leptoscorpus"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

func loadCorpus(t *testing.T) []*leptoscorpus.Exchange {
	t.Helper()
	exchanges, err := leptoscorpus.LoadNear(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(exchanges) < 100 {
		t.Fatalf("corpus has only %d exchanges", len(exchanges))
	}
	return exchanges
}

// echoServer implements the recorded app's functions as its schema comments describe.
type echoServer struct{}

func (echoServer) EchoURL(_ context.Context, in *leptosechov1.Everything) (*leptosechov1.Everything, error) {
	return in, nil
}
func (echoServer) EchoGetJSON(_ context.Context, in *leptosechov1.Everything) (*leptosechov1.Everything, error) {
	return in, nil
}
func (echoServer) EchoCBOR(_ context.Context, in *leptosechov1.Everything) (*leptosechov1.Everything, error) {
	return in, nil
}
func (echoServer) EchoGetCBOR(_ context.Context, in *leptosechov1.Everything) (*leptosechov1.Everything, error) {
	return in, nil
}
func (echoServer) EchoJSON(_ context.Context, in *leptosechov1.Everything) (*leptosechov1.Everything, error) {
	return in, nil
}
func (echoServer) AddTodo(_ context.Context, in *leptosechov1.AddTodo) (*leptosechov1.TitleLen, error) {
	if strings.TrimSpace(in.Title) == "" {
		return nil, rpc.NewError(500, "title must not be empty")
	}
	return &leptosechov1.TitleLen{Len: uint64(len(in.Title))}, nil
}
func (echoServer) Search(_ context.Context, in *leptosechov1.Search) (*leptosechov1.SearchResult, error) {
	page := "None"
	if in.Page != nil {
		page = "Some(" + strconv.FormatUint(uint64(*in.Page), 10) + ")"
	}
	tags := make([]string, len(in.Tags))
	for i, tag := range in.Tags {
		tags[i] = rustDebug(tag)
	}
	return &leptosechov1.SearchResult{Text: fmt.Sprintf("q=%s page=%s tags=[%s]", rustDebug(in.Q), page, strings.Join(tags, ", "))}, nil
}
func (echoServer) Ping(context.Context) error { return nil }

// rustDebug formats s as Rust's {:?} does for a str.
func rustDebug(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0:
			b.WriteString(`\0`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u{%x}`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// deliberate lists the recorded exchanges where sfn answers differently on purpose, with
// the reason from SPEC; the replay checks sfn's own answer for them instead.
var deliberate = map[string]struct {
	status int
	why    string
}{
	"routing/unknown_fn":                                                 {404, "SPEC 9: 404 for an unknown path, not Leptos's 400"},
	"routing/wrong_method_get_on_post_fn":                                {405, "SPEC 9: 405 for a wrong method, not Leptos's 400"},
	"routing/outside_prefix":                                             {404, "outside the prefix: 404 both"},
	"decode/serde-reference/missing_vec_field/search":                    {200, "SPEC 4.1: a missing list is empty"},
	"decode/serde-reference/vec_field_empty_value/search":                {200, "SPEC 4.1: k= for a list is empty"},
	"decode/serde-reference/repeated_unindexed_vec_key/search":           {200, "SPEC 4.1: repeated keys are a list's elements"},
	"decode/serde-reference/depth5_segments_at_start_duplicate/add_todo": {200, "SPEC 4.1: unknown keys are ignored whatever their repetition"},
	"decode/serde-reference/depth_limit_drifts_after_one_pair/add_todo":  {200, "SPEC 4.1: unknown keys are ignored"},
	"decode/serde-reference/non_utf8_percent_ff/add_todo":                {400, "SPEC 4.1: invalid UTF-8 in a string is an Args error"},
	"decode/serde-reference/ids_mixed_sign_keys/echo_url":                {200, "an int-keyed map takes negative keys (vector annotation)"},
	"decode/serde-reference/ids_mixed_sign_keys/echo_get_json":           {200, "an int-keyed map takes negative keys (vector annotation)"},
	"encode/serde-reference/everything_ids_negative_keys/echo_url":       {200, "an int-keyed map takes negative keys"},
	"encode/serde-reference/everything_ids_negative_keys/echo_get_json":  {200, "an int-keyed map takes negative keys"},
	"encode/serde-reference/everything_ids_negative_keys/echo_get_cbor":  {200, "an int-keyed map takes negative keys"},
	"encode/serde-reference/everything_empty_collections/echo_url":       {200, "SPEC 4.1: missing lists and maps are empty"},
	"encode/serde-reference/everything_empty_collections/echo_get_json":  {200, "SPEC 4.1: missing lists and maps are empty"},
	"encode/serde-reference/everything_empty_collections/echo_get_cbor":  {200, "SPEC 4.1: missing lists and maps are empty"},
	"decode/serde-reference/bytes_non_utf8/echo_url":                     {200, "SPEC 4.1: bytes take the raw bytes (body differs: [0,255])"},
	"decode/serde-reference/bytes_non_utf8/echo_get_json":                {200, "SPEC 4.1: bytes take the raw bytes (body differs: [0,255])"},
	"encode/serde-reference/everything_bytes_00_ff/echo_url":             {200, "SPEC 4.1: bytes take the raw bytes; Leptos echoes EF BF BD for FF"},
	"encode/serde-reference/everything_bytes_00_ff/echo_get_json":        {200, "SPEC 4.1: bytes take the raw bytes; Leptos echoes EF BF BD for FF"},
	"encode/serde-reference/everything_bytes_00_ff/echo_get_cbor":        {200, "SPEC 4.1: bytes take the raw bytes; Leptos echoes EF BF BD for FF"},
}

// badArgs reports whether Leptos answered the exchange as arguments that do not decode,
// 500 with an Args or Deserialization body, which sfn answers 400 (SPEC 5).
func badArgs(e *leptoscorpus.Exchange) bool {
	tag := rpc.ParseErrorBody(e.Response.Status, e.Response.Body()).Tag
	return e.Response.Status == http.StatusInternalServerError && (tag == rpc.TagArgs || tag == rpc.TagDeserialization)
}

// unspecified are exchanges where SPEC or the vectors allow either answer.
var unspecified = map[string]string{
	"decode/serde-reference/mixed_empty_and_numbered_indices/search":        "serde_qs parse artifact",
	"decode/serde-reference/labels_key_with_encoded_brackets/echo_url":      "serde_qs mangles such keys",
	"decode/serde-reference/labels_key_with_encoded_brackets/echo_get_json": "serde_qs mangles such keys",
	"encode/serde-reference/everything_labels_escaped_keys/echo_url":        "serde_qs cannot decode its own bracket keys",
	"encode/serde-reference/everything_labels_escaped_keys/echo_get_json":   "serde_qs cannot decode its own bracket keys",
	"encode/serde-reference/everything_labels_escaped_keys/echo_get_cbor":   "serde_qs cannot decode its own bracket keys",
}

func TestLeptosCorpusServer(t *testing.T) {
	h := leptosechov1.NewEchoHandler(echoServer{}, server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	for _, e := range loadCorpus(t) {
		t.Run(e.Name, func(t *testing.T) {
			if why, ok := unspecified[e.Name]; ok {
				t.Skip("either answer is allowed: " + why)
			}
			req := httptest.NewRequest(e.Request.Method, e.Request.Path, bytes.NewReader(e.Request.Body()))
			req.Host = "127.0.0.1:3998"
			for k, v := range e.Request.Headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			got, _ := io.ReadAll(res.Body)

			want := e.Response.Status
			if badArgs(e) {
				// SPEC 5 and 9: arguments that do not decode are 400, not Leptos's 500;
				// the tag, headers and body are compared as usual.
				want = http.StatusBadRequest
			}
			if d, ok := deliberate[e.Name]; ok {
				want = d.status
				if res.StatusCode != want {
					t.Fatalf("status %d, want %d (%s); body %q", res.StatusCode, want, d.why, got)
				}
				return
			}
			if res.StatusCode != want {
				t.Fatalf("status %d, Leptos %d; body %q", res.StatusCode, want, got)
			}
			for _, name := range []string{"serverfnerror", "location", "serverfnredirect"} {
				if g, w := res.Header.Get(name), e.Response.Headers[name]; g != w {
					t.Errorf("header %s = %q, Leptos %q", name, g, w)
				}
			}
			if w := e.Response.Headers["content-type"]; w != "" && want != 302 {
				gm, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
				wm, _, _ := mime.ParseMediaType(w)
				if gm != wm {
					t.Errorf("content-type %q, Leptos %q", res.Header.Get("Content-Type"), w)
				}
			}
			compareBody(t, e, want, got)
		})
	}
}

// compareBody compares an answer's body with Leptos's: an error by tag (and message, for
// the function's own errors, since decoder wording is serde's), JSON by value, CBOR byte for
// byte.
func compareBody(t *testing.T, e *leptoscorpus.Exchange, status int, got []byte) {
	t.Helper()
	want := e.Response.Body()
	switch {
	case status == 302:
	case status >= 400:
		we, ge := rpc.ParseErrorBody(status, want), rpc.ParseErrorBody(status, got)
		if ge.Tag != we.Tag {
			t.Errorf("error tag %s (%q), Leptos %s (%q)", ge.Tag, ge.Message, we.Tag, we.Message)
		}
		if we.Tag == rpc.TagServerError && ge.Message != we.Message {
			t.Errorf("error message %q, Leptos %q", ge.Message, we.Message)
		}
	case e.Response.Headers["content-type"] == "application/cbor":
		if !bytes.Equal(got, want) {
			t.Errorf("CBOR body\n got %x\nwant %x", got, want)
		}
	default:
		if !jsonEqual(got, want) {
			t.Errorf("JSON body\n got %s\nwant %s", got, want)
		}
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&x) != nil || db.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(normalizeNumbers(x), normalizeNumbers(y))
}

// normalizeNumbers makes 1 and 1.0 equal, as serde_json and sfn may print an integral float
// either way, while keeping 64-bit integers exact.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		n := string(x)
		if !strings.ContainsAny(n, ".eE") {
			return n
		}
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return n
		}
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalizeNumbers(e)
		}
	}
	return v
}

// recorded is an http.Handler that answers with one recorded Leptos response.
type recorded struct{ e *leptoscorpus.Exchange }

func (r recorded) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	for k, v := range r.e.Response.Headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(r.e.Response.Status)
	w.Write(r.e.Response.Body())
}

// undecodable are answers that Leptos's own client cannot decode either: serde_json writes
// NaN and infinities as null, and reads null back only into an Option.
var undecodable = map[string]rpc.ErrorTag{
	"encode/serde-reference/everything_f32_nan_f64_neg_inf/echo_url":      rpc.TagDeserialization,
	"encode/serde-reference/everything_f32_nan_f64_neg_inf/echo_get_json": rpc.TagDeserialization,
}

// capture is an http.Handler that records the body its inner handler answers with.
type capture struct {
	h    http.Handler
	body []byte
}

func (c *capture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	c.body = rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(c.body)
}

// TestLeptosCorpusClient gives every recorded Leptos answer to the generated Go client and
// checks it decodes to the recorded value or the recorded typed error. A decoded echo value
// is sent back through sfn's own echo server (echo_json or echo_cbor, by the result format),
// whose answer must then be Leptos's answer again: CBOR byte for byte, JSON by value.
func TestLeptosCorpusClient(t *testing.T) {
	ctx := context.Background()
	quiet := server.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, e := range loadCorpus(t) {
		if e.Response.Status == 302 || strings.HasPrefix(e.Name, "routing/") {
			continue // answers to plain forms and unrouted paths: no client receives them
		}
		t.Run(e.Name, func(t *testing.T) {
			leptos := leptosechov1.NewEchoClient("http://127.0.0.1:3998", client.WithHandler(recorded{e}))
			echo := &capture{h: leptosechov1.NewEchoHandler(echoServer{}, quiet)}
			sfn := leptosechov1.NewEchoClient("http://127.0.0.1:3998", client.WithHandler(echo))
			fn := strings.TrimPrefix(e.Request.Path, "/api/")
			fn, _, _ = strings.Cut(fn, "?")
			want := e.Response.Body()
			var err error
			// The decoded value goes back through a lossless encoding of the same result
			// format (forms cannot tell Some("") from None).
			echoBack := func(call func(leptosechov1.Echo, *leptosechov1.Everything) (*leptosechov1.Everything, error)) {
				var v *leptosechov1.Everything
				if v, err = call(leptos, &leptosechov1.Everything{Status: leptosechov1.StatusActive}); err != nil {
					return
				}
				back := sfn.EchoJSON
				if e.Response.Headers["content-type"] == "application/cbor" {
					back = sfn.EchoCBOR
				}
				if _, err := back(ctx, v); err != nil {
					t.Fatalf("echoing the decoded value: %v", err)
				}
			}
			switch fn {
			case "echo_url":
				echoBack(func(c leptosechov1.Echo, v *leptosechov1.Everything) (*leptosechov1.Everything, error) {
					return c.EchoURL(ctx, v)
				})
			case "echo_get_json":
				echoBack(func(c leptosechov1.Echo, v *leptosechov1.Everything) (*leptosechov1.Everything, error) {
					return c.EchoGetJSON(ctx, v)
				})
			case "echo_cbor":
				echoBack(func(c leptosechov1.Echo, v *leptosechov1.Everything) (*leptosechov1.Everything, error) {
					return c.EchoCBOR(ctx, v)
				})
			case "echo_get_cbor":
				echoBack(func(c leptosechov1.Echo, v *leptosechov1.Everything) (*leptosechov1.Everything, error) {
					return c.EchoGetCBOR(ctx, v)
				})
			case "echo_json":
				echoBack(func(c leptosechov1.Echo, v *leptosechov1.Everything) (*leptosechov1.Everything, error) {
					return c.EchoJSON(ctx, v)
				})
			case "add_todo":
				var n *leptosechov1.TitleLen
				if n, err = leptos.AddTodo(ctx, &leptosechov1.AddTodo{Title: "x"}); err == nil {
					echo.body = []byte(strconv.FormatUint(n.Len, 10))
				}
			case "search":
				var r *leptosechov1.SearchResult
				if r, err = leptos.Search(ctx, &leptosechov1.Search{}); err == nil {
					echo.body, _ = json.Marshal(r.Text)
				}
			case "ping":
				if err = leptos.Ping(ctx); err == nil {
					echo.body = []byte("null")
				}
			default:
				t.Fatalf("no function %q", fn)
			}
			if tag, ok := undecodable[e.Name]; ok {
				var we *rpc.Error
				if !errors.As(err, &we) || we.Tag != tag {
					t.Fatalf("error %v, want a %s error: %s", err, tag, "serde_json cannot read this answer either")
				}
				return
			}
			if e.Response.Status >= 400 {
				var we *rpc.Error
				if !errors.As(err, &we) {
					t.Fatalf("error %v, want a *rpc.Error", err)
				}
				w := rpc.ParseErrorBody(e.Response.Status, want)
				if we.Tag != w.Tag || we.Message != w.Message || we.Status != e.Response.Status {
					t.Errorf("error %d %s|%s, want %d %s|%s", we.Status, we.Tag, we.Message, e.Response.Status, w.Tag, w.Message)
				}
				return
			}
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if e.Response.Headers["content-type"] == "application/cbor" {
				if !bytes.Equal(echo.body, want) {
					t.Errorf("decoded value encodes to\n%x\nLeptos sent\n%x", echo.body, want)
				}
			} else if !jsonEqual(echo.body, want) {
				t.Errorf("decoded value encodes to\n%s\nLeptos sent\n%s", echo.body, want)
			}
		})
	}
}
