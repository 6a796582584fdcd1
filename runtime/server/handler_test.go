package server_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// End-to-end tests of the handler over real sockets on 127.0.0.1: raw HTTP requests as a
// Leptos client, a browser form or an attacker would send them.

const (
	textPlain = "text/plain; charset=utf-8"
	htmlLike  = "text/html,application/xhtml+xml,*/*;q=0.8"
	// staleReferer has a query with an earlier failure's pairs among others.
	staleReferer = "http://127.0.0.1/todos?x=1&__path=%2Fapi%2Fold&y=a+b&__err=U2VydmVyRXJyb3J8b2xk"
	cleanReferer = "http://127.0.0.1/todos?x=1&y=a+b"
)

// watched are the response headers the tests compare: those SPEC sections 3, 5 and 6
// name, and Allow.
var watched = []string{"Content-Type", "Serverfnerror", "Location", "Serverfnredirect", "Allow"}

// summary is what the tests compare of an answer.
type summary struct {
	Status int
	Header map[string]string
	Body   string
}

func summarize(res *http.Response, body []byte) summary {
	s := summary{Status: res.StatusCode, Header: map[string]string{}, Body: string(body)}
	for _, k := range watched {
		if vs, ok := res.Header[k]; ok {
			s.Header[k] = strings.Join(vs, ",")
		}
	}
	return s
}

// noRedirects is an HTTP client that returns 3xx answers instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// send makes one request to the fixture. A body of nil sends none; an io.Reader that is
// not a *bytes.Reader is sent chunked.
func (fx *fixture) send(t *testing.T, method, target string, header map[string]string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, fx.srv.URL+target, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// call sends f's arguments as a Leptos client would, plus extra headers.
func (fx *fixture) call(t *testing.T, f *rpc.Func, in any, extra map[string]string) summary {
	t.Helper()
	data, err := f.AppendArgs(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	return fx.raw(t, f, data, extra)
}

// raw sends data as f's arguments: in the query for GET, as the body otherwise.
func (fx *fixture) raw(t *testing.T, f *rpc.Func, data []byte, extra map[string]string) summary {
	t.Helper()
	header := map[string]string{"Accept": f.Encoding.ResultContentType()}
	target := f.Path
	var body io.Reader
	if f.Encoding.ArgsInQuery() {
		target += "?" + string(data)
	} else {
		header["Content-Type"] = f.Encoding.ArgsContentType()
		body = bytes.NewReader(data)
	}
	for k, v := range extra {
		header[k] = v
	}
	return summarize(fx.send(t, f.Method(), target, header, body))
}

func result(t *testing.T, f *rpc.Func, v any) string {
	t.Helper()
	b, err := f.AppendResult(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func failure(status int, path, body string) summary {
	return summary{Status: status, Header: map[string]string{"Content-Type": textPlain, "Serverfnerror": path}, Body: body}
}

// badArgs are, per encoding, arguments that do not decode.
func badArgs(f *rpc.Func) []byte {
	switch {
	case f.Encoding.ArgsForm():
		return []byte("title=a&title=b")
	case f.Encoding == rpc.Cbor:
		return []byte{0xff}
	}
	return []byte(`{"title":`)
}

// decodeFailure is the error body of arguments that do not decode, with the decoder's
// own message: the wording is runtime/wire's to choose, and the handler must pass it on.
func decodeFailure(t *testing.T, f *rpc.Func, data []byte) string {
	t.Helper()
	err := f.DecodeArgs(data, f.Args.New(), &wire.Limits{MaxBytes: testLimit})
	var we *rpc.Error
	if !errors.As(err, &we) {
		t.Fatalf("%s decoded %q, or failed with %v", f.Name, data, err)
	}
	return string(we.Body())
}

// decodeTag is the tag of arguments that do not decode, by encoding.
func decodeTag(f *rpc.Func) string {
	if f.Encoding.ArgsForm() {
		return "Args"
	}
	return "Deserialization"
}

func TestEncodings(t *testing.T) {
	t.Parallel()
	for _, f := range actFuncs {
		ok := func(t *testing.T, title string) summary {
			return summary{Status: 200, Header: map[string]string{"Content-Type": f.Encoding.ResultContentType()},
				Body: result(t, f, &Todo{ID: 1, Title: title})}
		}
		formErr := cleanReferer + "&__path=" + strings.ReplaceAll(f.Path, "/", "%2F") + "&__err=" +
			strings.ReplaceAll(base64.URLEncoding.EncodeToString([]byte("ServerError|title must not be empty")), "=", "%3D")
		post := f.Method() == "POST"
		tests := []struct {
			name string
			run  func(t *testing.T, fx *fixture) summary
			want func(t *testing.T) summary
		}{{
			name: "success",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{Title: "buy milk"}, nil) },
			want: func(t *testing.T) summary { return ok(t, "buy milk") },
		}, {
			name: "function_error_with_status",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{}, nil) },
			want: func(*testing.T) summary {
				return failure(400, f.Path, "ServerError|title must not be empty")
			},
		}, {
			name: "plain_error",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{Title: "fail"}, nil) },
			want: func(*testing.T) summary { return failure(500, f.Path, "ServerError|internal error") },
		}, {
			name: "args_do_not_decode",
			run:  func(t *testing.T, fx *fixture) summary { return fx.raw(t, f, badArgs(f), nil) },
			want: func(t *testing.T) summary { return failure(400, f.Path, decodeFailure(t, f, badArgs(f))) },
		}, {
			name: "wrong_method",
			run: func(t *testing.T, fx *fixture) summary {
				other := map[string]string{"GET": "POST", "POST": "GET"}[f.Method()]
				return summarize(fx.send(t, other, f.Path, nil, nil))
			},
			want: func(*testing.T) summary {
				other := map[string]string{"GET": "POST", "POST": "GET"}[f.Method()]
				s := failure(405, f.Path, "Registration|"+f.Path+" takes "+f.Method()+", not "+other)
				s.Header["Allow"] = f.Method()
				return s
			},
		}, {
			name: "plain_form_success",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: "buy milk"}, map[string]string{"Accept": htmlLike, "Referer": staleReferer})
			},
			want: func(t *testing.T) summary {
				s := ok(t, "buy milk")
				s.Status, s.Header["Location"] = 302, cleanReferer
				return s
			},
		}, {
			name: "plain_form_error",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{}, map[string]string{"Accept": htmlLike, "Referer": staleReferer})
			},
			want: func(*testing.T) summary {
				s := failure(302, f.Path, "ServerError|title must not be empty")
				s.Header["Location"] = formErr
				return s
			},
		}, {
			name: "plain_form_error_without_referer",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{}, map[string]string{"Accept": htmlLike})
			},
			want: func(*testing.T) summary {
				s := failure(302, f.Path, "ServerError|title must not be empty")
				s.Header["Location"] = "/"
				return s
			},
		}, {
			name: "redirect",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{Title: "redirect"}, nil) },
			want: func(t *testing.T) summary {
				s := ok(t, "redirect")
				s.Header["Location"], s.Header["Serverfnredirect"] = "/done", ""
				return s
			},
		}, {
			name: "redirect_plain_form",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: "redirect"}, map[string]string{"Accept": htmlLike, "Referer": staleReferer})
			},
			want: func(t *testing.T) summary {
				s := ok(t, "redirect")
				s.Status, s.Header["Location"] = 302, "/done"
				return s
			},
		}, {
			name: "cross_site",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: "buy milk"}, map[string]string{"Sec-Fetch-Site": "cross-site"})
			},
			want: func(t *testing.T) summary {
				if !post {
					return ok(t, "buy milk") // GET is a safe method: never refused
				}
				return failure(403, f.Path, "MiddlewareError|cross-origin request refused: cross-origin request detected from Sec-Fetch-Site header")
			},
		}, {
			name: "foreign_origin",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: "buy milk"}, map[string]string{"Origin": "http://evil.example"})
			},
			want: func(t *testing.T) summary {
				if !post {
					return ok(t, "buy milk")
				}
				return failure(403, f.Path, "MiddlewareError|cross-origin request refused: cross-origin request detected, and/or browser is out of date: Sec-Fetch-Site is missing, and Origin does not match Host")
			},
		}, {
			name: "same_origin",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: "buy milk"}, map[string]string{"Origin": fx.srv.URL, "Sec-Fetch-Site": "same-origin"})
			},
			want: func(t *testing.T) summary { return ok(t, "buy milk") },
		}, {
			name: "over_the_limit",
			run: func(t *testing.T, fx *fixture) summary {
				return fx.call(t, f, &AddTodo{Title: strings.Repeat("a", testLimit)}, nil)
			},
			want: func(t *testing.T) summary {
				if !post {
					// A query is not a body: the decoder's own MaxBytes refuses it.
					query := "title=" + strings.Repeat("a", testLimit)
					return failure(400, f.Path, decodeFailure(t, f, []byte(query)))
				}
				return failure(413, f.Path, decodeTag(f)+"|request body exceeds the limit of 1024 bytes")
			},
		}, {
			name: "panic",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{Title: "panic"}, nil) },
			want: func(*testing.T) summary { return failure(500, f.Path, "ServerError|internal error") },
		}, {
			name: "nil_result",
			run:  func(t *testing.T, fx *fixture) summary { return fx.call(t, f, &AddTodo{Title: "nil"}, nil) },
			want: func(*testing.T) summary {
				return failure(500, f.Path, "Serialization|"+f.Name+" returned a nil result and a nil error")
			},
		}}
		for _, tt := range tests {
			t.Run(f.Encoding.String()+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				fx := newFixture(t)
				got := tt.run(t, fx)
				if diff := cmp.Diff(tt.want(t), got); diff != "" {
					t.Errorf("answer (-want +got):\n%s", diff)
				}
				errs := fx.logs.atLeast(slog.LevelError)
				switch tt.name {
				case "panic":
					if len(errs) != 1 || !strings.Contains(errs[0], "function="+f.Name) ||
						!strings.Contains(errs[0], "panic=boom") || !strings.Contains(errs[0], "stack=goroutine") {
						t.Errorf("panic logged as %q, want one error naming the function with the stack", errs)
					}
				case "nil_result":
					if len(errs) != 1 {
						t.Errorf("nil result logged as %q, want one error", errs)
					}
				case "plain_error":
					// Masked for the caller, logged in full for the operator.
					if len(errs) != 1 || !strings.Contains(errs[0], "error=disk full") {
						t.Errorf("plain error logged as %q, want one error with its text", errs)
					}
				default:
					if warn := fx.logs.atLeast(slog.LevelWarn); len(warn) > 0 {
						t.Errorf("logged at warn or above: %q", warn)
					}
				}
			})
		}
	}
}

// TestBodyOverTheLimitChunked sends bodies without a Content-Length, so that only the
// reading limit can catch them.
func TestBodyOverTheLimitChunked(t *testing.T) {
	t.Parallel()
	for _, f := range []*rpc.Func{actURL, actCBOR, actJSON} {
		t.Run(f.Encoding.String(), func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			body := io.MultiReader(strings.NewReader("title="), strings.NewReader(strings.Repeat("a", 4*testLimit)))
			res, b := fx.send(t, "POST", f.Path, map[string]string{"Content-Type": f.Encoding.ArgsContentType()}, body)
			if res.ContentLength != int64(len(b)) || res.TransferEncoding != nil {
				t.Errorf("request was not chunked or answer not sized: %v %v", res.ContentLength, res.TransferEncoding)
			}
			want := failure(413, f.Path, decodeTag(f)+"|request body exceeds the limit of 1024 bytes")
			if diff := cmp.Diff(want, summarize(res, b)); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnknownPath(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	for _, method := range []string{"GET", "POST", "PUT"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			got := summarize(fx.send(t, method, "/api/nope?x=1", nil, strings.NewReader("")))
			want := summary{Status: 404, Header: map[string]string{"Content-Type": textPlain},
				Body: "Registration|no server function at /api/nope"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestContentTypeHint checks that arguments that do not decode, in a body labelled with
// another media type than the function's encoding takes (a form posted to a JSON function,
// as curl -d sends), get the label and the expected type in the message; a body with the
// right label, or none, does not.
func TestContentTypeHint(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	hint := func(label string, f *rpc.Func) string {
		return fmt.Sprintf(" (the body is labelled %q; %s takes %q)", label, f.Name, f.Encoding.ArgsContentType())
	}
	tests := []struct {
		f            *rpc.Func
		contentType  string
		body         string
		message, end string // the message starts with message and ends with end
	}{
		{actJSON, "application/x-www-form-urlencoded", "title=milk", "Deserialization|expected ident at line 1 column 2",
			hint("application/x-www-form-urlencoded", actJSON)},
		{actURL, "application/json; charset=utf-8", `{"title":"milk"}`, "Args|missing field `title`", hint("application/json", actURL)},
		{actCBOR, "application/json", `{"title":"milk"}`, "Deserialization|", hint("application/json", actCBOR)},
		{actJSON, "application/json", "title=milk", "Deserialization|expected ident at line 1 column 2", ""},
		{actJSON, "", "title=milk", "Deserialization|expected ident at line 1 column 2", ""},
	}
	for _, tt := range tests {
		header := map[string]string{"Accept": tt.f.Encoding.ResultContentType()}
		if tt.contentType != "" {
			header["Content-Type"] = tt.contentType
		}
		got := summarize(fx.send(t, "POST", tt.f.Path, header, strings.NewReader(tt.body)))
		ok := got.Status == 400 && strings.HasPrefix(got.Body, tt.message) && strings.HasSuffix(got.Body, tt.end)
		if tt.end == "" {
			ok = ok && !strings.Contains(got.Body, "(the body is labelled")
		}
		if !ok {
			t.Errorf("%s labelled %q: %d %q, want 400 %q ... %q", tt.f.Name, tt.contentType, got.Status, got.Body, tt.message, tt.end)
		}
	}
}
