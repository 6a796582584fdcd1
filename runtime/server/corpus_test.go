package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/internal/leptoscorpus"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// The Leptos corpus: real exchanges recorded from a Leptos server_fn 0.8 server running
// shared/leptos/echo.sfn's functions. This test takes those that call the functions
// mirrored by hand in service_test.go (add_todo, search, ping) and the routing ones; the
// generated-code test in gen/go replays all of them. sfn's server must answer each request as Leptos did (status, error tag,
// the headers SPEC sections 3, 5 and 6 name, body value), and sfn's client must read each
// answer as Leptos's client does, except for the deliberate differences named below and
// the status of arguments that do not decode: 400, where Leptos answers 500 (undecodable).

func loadCorpus(t *testing.T) []*leptoscorpus.Exchange {
	t.Helper()
	exchanges, err := leptoscorpus.LoadNear(".")
	if err != nil {
		t.Fatal(err)
	}
	var mirrored []*leptoscorpus.Exchange
	for _, e := range exchanges {
		path, _, _ := strings.Cut(e.Request.Path, "?")
		switch {
		case strings.HasPrefix(e.Name, "routing/"), path == "/api/add_todo", path == "/api/search", path == "/api/ping":
			mirrored = append(mirrored, e)
		}
	}
	if len(mirrored) < 40 {
		t.Fatalf("corpus has %d exchanges of the mirrored functions, want at least 40", len(mirrored))
	}
	return mirrored
}

// corpusDecodeFailure is the error body wire gives for the exchange's arguments.
func corpusDecodeFailure(t *testing.T, e *leptoscorpus.Exchange) string {
	t.Helper()
	path, query, _ := strings.Cut(e.Request.Path, "?")
	f := corpusFuncs[path]
	data := []byte(query)
	if !f.Encoding.ArgsInQuery() {
		data = e.Request.Body()
	}
	var we *rpc.Error
	if err := f.DecodeArgs(data, f.Args.New(), nil); !errors.As(err, &we) {
		t.Fatalf("%s: arguments decoded, or failed with %v", e.Name, err)
	}
	return string(we.Body())
}

// corpusRequestBody is the exchange's request body, nil for none.
func corpusRequestBody(e *leptoscorpus.Exchange) io.Reader {
	if b := e.Request.Body(); b != nil {
		return bytes.NewReader(b)
	}
	return nil
}

// corpusFuncs are the mirrored functions by path; paths Leptos does not serve map to a
// stand-in so that the client test has something to call.
var corpusFuncs = map[string]*rpc.Func{
	"/api/add_todo": echoAddTodo, "/api/search": echoSearch, "/api/ping": echoPing,
	"/api/echo_url": echoURL, "/api/nope": echoAddTodo, "/other": echoPing,
}

// corpusRecorded is the recorded answer as a summary, with JSON bodies normalised.
func corpusRecorded(t *testing.T, e *leptoscorpus.Exchange) summary {
	s := summary{Status: e.Response.Status, Header: map[string]string{}, Body: string(e.Response.Body())}
	for k, v := range e.Response.Headers {
		s.Header[http.CanonicalHeaderKey(k)] = v
	}
	return normalize(t, s)
}

// normalize rewrites a JSON body canonically, as JSON is compared by value (SPEC 4.2).
func normalize(t *testing.T, s summary) summary {
	if s.Header["Content-Type"] != "application/json" || s.Body == "" {
		return s
	}
	var v any
	if err := json.Unmarshal([]byte(s.Body), &v); err != nil {
		t.Fatalf("body %q: %v", s.Body, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	s.Body = string(b)
	return s
}

// serverDifferences are the exchanges sfn's server deliberately answers otherwise than
// Leptos, each with the SPEC rule and the answer sfn gives instead.
//
// Where only the wording of a decoder's message differs (sfn's messages name the field
// path, and are runtime/wire's to word), want is nil, and where sfn refuses what Leptos
// took, want leaves the body empty: either way the tag, status and headers are compared
// and the message is the one wire gives for the same arguments.
var serverDifferences = map[string]struct {
	why  string
	want func(s *summary)
}{
	"routing/unknown_fn": {"SPEC 9: 404 for an unknown path, not Leptos's 400", func(s *summary) {
		*s = summary{Status: 404, Header: map[string]string{"Content-Type": textPlain}, Body: "Registration|no server function at /api/nope"}
	}},
	"routing/outside_prefix": {"SPEC 9: unknown paths are 404 with an error body; Leptos's router gives an empty 404", func(s *summary) {
		*s = summary{Status: 404, Header: map[string]string{"Content-Type": textPlain}, Body: "Registration|no server function at /other"}
	}},
	"routing/wrong_method_get_on_post_fn": {"SPEC 9: 405 with Allow for a wrong method, not Leptos's 400", func(s *summary) {
		*s = failure(405, "/api/echo_url", "Registration|/api/echo_url takes POST, not GET")
		s.Header["Allow"] = "POST"
	}},
	"decode/serde-reference/repeated_unindexed_vec_key/search": {"SPEC 4.1: repeated keys of a list field are its elements", func(s *summary) {
		*s = searchOK(`q=\"r\" page=None tags=[\"a\", \"b\"]`)
	}},
	"decode/serde-reference/missing_vec_field/search": {"SPEC 4.1: a missing list field is empty", func(s *summary) {
		*s = searchOK(`q=\"x\" page=None tags=[]`)
	}},
	"decode/serde-reference/vec_field_empty_value/search": {"SPEC 4.1: k= for a list is empty", func(s *summary) {
		*s = searchOK(`q=\"x\" page=None tags=[]`)
	}},
	"decode/serde-reference/mixed_empty_and_numbered_indices/search": {"wording of the decoder's message", nil},
	"decode/serde-reference/non_utf8_percent_ff/add_todo": {"SPEC 4.1: invalid UTF-8 in a string field is an error (serde_qs substitutes U+FFFD)", func(s *summary) {
		*s = failure(400, "/api/add_todo", "")
	}},
	"decode/serde-reference/depth5_segments_at_start_duplicate/add_todo": {"SPEC 4.1: keys that match no field are ignored whatever their repetition", func(s *summary) {
		*s = titleLen(1)
	}},
	"decode/serde-reference/depth_limit_drifts_after_one_pair/add_todo": {"SPEC 4.1: keys that match no field are ignored whatever their depth", func(s *summary) {
		*s = titleLen(1)
	}},
	"decode/serde-reference/repeated_scalar_key/add_todo": {"wording of the decoder's message", nil},
	"add_todo/repeated_key":                               {"wording of the decoder's message", nil},
	"decode/serde-reference/index_overflows_usize/search": {"wording of the decoder's message", nil},
}

// undecodable reports whether Leptos answered the exchange as arguments that do not
// decode: 500 with an Args or Deserialization body. sfn answers those 400 (SPEC 5), a
// deliberate difference (SPEC 9) that leaves the tag and message as they are.
func undecodable(e *leptoscorpus.Exchange) bool {
	tag, _, _ := strings.Cut(string(e.Response.Body()), "|")
	return e.Response.Status == http.StatusInternalServerError && (tag == string(rpc.TagArgs) || tag == string(rpc.TagDeserialization))
}

func searchOK(text string) summary {
	return summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: `"` + text + `"`}
}

func titleLen(n int) summary {
	return summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: strconv.Itoa(n)}
}

func TestCorpusServer(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	used := map[string]bool{}
	for _, e := range loadCorpus(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			got := normalize(t, summarize(fx.send(t, e.Request.Method, e.Request.Path, e.Request.Headers, corpusRequestBody(e))))
			want := corpusRecorded(t, e)
			// SPEC 5: error bodies are text/plain; charset=utf-8 (Leptos: text/plain).
			if want.Header["Content-Type"] == "text/plain" {
				want.Header["Content-Type"] = textPlain
			}
			if undecodable(e) {
				want.Status = http.StatusBadRequest
				t.Logf("deliberate difference: SPEC 5 and 9: 400 for arguments that do not decode, not Leptos's 500")
			}
			if d, ok := serverDifferences[e.Name]; ok {
				if d.want != nil {
					d.want(&want)
				}
				if d.want == nil || (want.Status >= 400 && want.Body == "") {
					want.Body = corpusDecodeFailure(t, e)
					recordedTag, _, isErr := strings.Cut(string(e.Response.Body()), "|")
					if tag, _, _ := strings.Cut(want.Body, "|"); isErr && tag != recordedTag {
						t.Errorf("tag %s, Leptos answered %s", tag, recordedTag)
					}
				}
				t.Logf("deliberate difference: %s", d.why)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer to %s %s (-want +got):\n%s", e.Request.Method, e.Request.Path, diff)
			}
		})
		used[e.Name] = true
	}
	for name := range serverDifferences {
		if !used[name] {
			t.Errorf("difference %q names no exchange", name)
		}
	}
}

// TestCorpusClient feeds each recorded answer to sfn's client, as if Leptos's server
// had just sent it, and checks the result or error the caller gets.
func TestCorpusClient(t *testing.T) {
	t.Parallel()
	for _, e := range loadCorpus(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			f := corpusFuncs[strings.Split(e.Request.Path, "?")[0]]
			hdr := client.Header{}
			for k, v := range e.Response.Headers {
				hdr.Set(k, v)
			}
			body := e.Response.Body()
			res := &client.Response{Status: e.Response.Status, Header: hdr, Body: body}
			c := client.New("http://leptos.test", client.WithTransport(replay{res}))
			out := f.Result.New()
			err := c.Invoke(context.Background(), f, f.Args.New(), out)

			var want, got any
			switch st := e.Response.Status; {
			case st >= 400:
				tag, msg, _ := strings.Cut(string(body), "|")
				want = &rpc.Error{Tag: rpc.ErrorTag(tag), Message: msg, Status: st}
				if _, ok := e.Response.Headers["serverfnerror"]; !ok {
					// Leptos's 400 for an unknown function is a plain-text page, not an
					// error body: its own client reads it as garbage, sfn's as a Response
					// error carrying the text.
					want = rpc.ParseErrorBody(st, body)
					if want.(*rpc.Error).Tag != rpc.TagResponse {
						t.Fatalf("%q parsed as a server function error", body)
					}
				}
				var we *rpc.Error
				if errors.As(err, &we) {
					got = we
				} else {
					got = err
				}
			case st == 302:
				// Leptos's client decodes a 3xx body and calls its redirect hook; sfn's
				// treats a 3xx as not a server function's answer (the brief's choice:
				// only plain forms get 3xx, and sfn's client never sends those).
				var we *rpc.Error
				if !errors.As(err, &we) || we.Tag != rpc.TagResponse || we.Status != 302 {
					t.Errorf("302 gave %v, want a Response error with status 302", err)
				}
				return
			default:
				if err != nil {
					t.Fatal(err)
				}
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatal(err)
				}
				want, got = v, resultValue(out)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("client read (-want +got):\n%s", diff)
			}
		})
	}
}

// resultValue is what the transparent or unit result holds, as a JSON value would.
func resultValue(out any) any {
	switch v := out.(type) {
	case *TitleLen:
		return float64(v.Len)
	case *SearchResult:
		return v.Text
	}
	return nil
}

// replay is a client.Transport that answers every request with one recorded response.
type replay struct{ res *client.Response }

func (r replay) RoundTrip(context.Context, *client.Request) (*client.Response, error) {
	return r.res, nil
}
