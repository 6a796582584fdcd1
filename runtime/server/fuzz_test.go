package server_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Hostile input: whatever the method, path, query, headers and body, the handler must not
// panic (it is called directly here, so a panic outside a function body fails the test)
// and must give a well-formed answer.

type hostileRequest struct {
	method, path, query     string
	accept, referer, origin string
	site, contentType       string
	body                    []byte
}

func (h hostileRequest) serve(t *testing.T, fx *fixture) {
	t.Helper()
	// slow waits for its context; everything else ignores it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "POST", "/", bytes.NewReader(h.body))
	req.Method = h.method
	req.URL = &url.URL{Path: h.path, RawQuery: h.query}
	req.RequestURI = req.URL.RequestURI()
	for k, v := range map[string]string{"Accept": h.accept, "Referer": h.referer, "Origin": h.origin,
		"Sec-Fetch-Site": h.site, "Content-Type": h.contentType} {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	fx.handler.ServeHTTP(rec, req)
	if msg := wellFormed(fx, req, rec.Result(), rec.Body.Bytes()); msg != "" {
		t.Fatalf("%+v: %s", h, msg)
	}
}

// wellFormed returns what is wrong with an answer, or "".
func wellFormed(fx *fixture, req *http.Request, res *http.Response, body []byte) string {
	ct := res.Header.Get("Content-Type")
	if cl := res.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
		return "Content-Length " + cl + " for " + strconv.Itoa(len(body)) + " bytes"
	}
	var f *rpc.Func
	for _, g := range fx.handler.Funcs() {
		if g.Path == req.URL.Path {
			f = g
		}
	}
	isError := res.StatusCode >= 400 || res.Header.Get("Serverfnerror") != ""
	switch res.StatusCode {
	case 200, 201, 302, 400, 403, 404, 405, 413, 500:
	default:
		return "status " + strconv.Itoa(res.StatusCode)
	}
	if res.StatusCode == 302 && res.Header.Get("Location") == "" {
		return "302 without Location"
	}
	if isError {
		if ct != rpc.ContentTypeText {
			return "error with Content-Type " + ct
		}
		if e := rpc.ParseErrorBody(res.StatusCode, body); e.Tag == rpc.TagResponse {
			return "error body " + strconv.Quote(string(body)) + " is not Tag|message"
		}
		return ""
	}
	if f == nil {
		return "success at an unknown path"
	}
	if ct != f.Encoding.ResultContentType() {
		return "result with Content-Type " + ct
	}
	if err := f.DecodeResult(body, f.Result.New(), nil); err != nil {
		return "result does not decode: " + err.Error()
	}
	return ""
}

func TestHostileRequests(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	paths := append(fx.handler.Paths(), "/api/nope", "/", "/api/act_url/", "/api//act_url", "/API/ACT_URL")
	valid := [][]byte{[]byte("title=milk"), []byte("title="), []byte(`{"title":"panic"}`), []byte(`{"id":1}`),
		{0xa1, 0x65, 't', 'i', 't', 'l', 'e', 0x64, 'm', 'i', 'l', 'k'}, []byte("query=mi&tags[0]=a&q=x"), []byte("{}")}
	for i := 0; i < 3000; i++ {
		body := bytes.Clone(valid[rng.IntN(len(valid))])
		for range rng.IntN(4) {
			switch op := rng.IntN(3); {
			case op == 0 && len(body) > 0:
				body[rng.IntN(len(body))] = byte(rng.Uint32())
			case op == 1 && len(body) > 0:
				body = body[:rng.IntN(len(body))]
			default:
				body = append(body, pick("&", "[", "]", "%", "%ZZ", "=", "\xff", "{", "\x9f", "title=x")...)
			}
		}
		h := hostileRequest{
			method:      pick("GET", "POST", "PUT", "HEAD", "OPTIONS"),
			path:        pick(paths...),
			query:       pick("", string(body), url.QueryEscape(string(body)), "title=a&title=b", "title=panic", "title=redirect"),
			accept:      pick("", "application/json", "text/html", "*/*", "application/cbor"),
			referer:     pick("", "http://h/p?__err=x&a=1", "::not a url", "/rel?__path=%"),
			origin:      pick("", "http://evil.example", "null", "http://example.com"),
			site:        pick("", "same-origin", "cross-site", "none", "same-site"),
			contentType: pick("", "application/json", "text/plain", "application/x-www-form-urlencoded"),
			body:        body,
		}
		h.serve(t, fx)
	}
}

func FuzzHandler(f *testing.F) {
	f.Add("POST", "/api/act_url", "", "text/html", "http://h/?__err=x", []byte("title=milk"))
	f.Add("GET", "/api/act_get_cbor", "title=panic", "", "", []byte(nil))
	f.Add("POST", "/api/act_cbor", "", "", "", []byte{0xa1, 0x65, 't', 'i', 't', 'l', 'e', 0x60})
	f.Add("POST", "/api/act_json", "", "", "", []byte(`{"title":"redirect"}`))
	f.Add("GET", "/api/search", "q=a&tags[]=x&tags[0]=y", "*/*", "", []byte(nil))
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, method, path, query, accept, referer string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(method, " \t\r\n") || method == "" {
			return
		}
		hostileRequest{method: method, path: path, query: query, accept: accept, referer: referer, body: body}.serve(t, fx)
	})
}
