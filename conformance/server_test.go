package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// loadTestdata loads a directory of case files under testdata.
func loadTestdata(t *testing.T, dir string) *Suite {
	t.Helper()
	s, err := LoadDir("testdata/" + dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// runnerServer serves the cases of testdata/server: it checks that the runner sent each case's
// request exactly (answering 599 when not) and answers with the case's response, except for
// the cases named wrong_* (and two that spell a matching body differently), which it answers
// wrongly on purpose.
func runnerServer(t *testing.T, s *Suite) *httptest.Server {
	byTarget := map[string]*Case{}
	for _, c := range s.Cases {
		byTarget[c.Request.Target] = c
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := byTarget[r.RequestURI]
		if c == nil {
			w.WriteHeader(599)
			fmt.Fprintf(w, "no case for %s", r.RequestURI)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var bad []string
		if r.Method != c.Request.Method {
			bad = append(bad, "method "+r.Method)
		}
		for k, v := range c.Request.Headers {
			if got := r.Header.Get(k); got != v {
				bad = append(bad, fmt.Sprintf("header %s: %q", k, got))
			}
		}
		if !bytes.Equal(body, c.Request.Bytes()) {
			bad = append(bad, fmt.Sprintf("body of %d bytes", len(body)))
		}
		if r.Host != strings.TrimPrefix(srvURL(r), "http://") || !r.Close {
			bad = append(bad, fmt.Sprintf("Host %q, Connection: close %v", r.Host, r.Close))
		}
		if r.Method == http.MethodPost && r.ContentLength != int64(len(c.Request.Bytes())) {
			bad = append(bad, fmt.Sprintf("Content-Length %d", r.ContentLength))
		}
		if len(bad) > 0 {
			w.WriteHeader(599)
			fmt.Fprintf(w, "the runner sent a wrong request: %s", strings.Join(bad, "; "))
			return
		}
		status, out := c.Response.Status, c.Response.Bytes()
		h := w.Header()
		for k, v := range c.Response.Headers {
			h[k] = []string{v}
		}
		if _, ok := c.Response.Headers["Content-Type"]; !ok {
			h["Content-Type"] = nil // no sniffing: send only what the case has
		}
		switch strings.TrimPrefix(c.Name, "runner/") {
		case "json_match":
			out = []byte(`{"s":"x","big":9007199254740993,"b":[1,2.0],"a":1e0}`)
		case "tag_match":
			out = []byte("Args|a message of another implementation")
		case "wrong_status":
			status = 500
		case "wrong_header":
			h.Set("Content-Type", "text/plain")
		case "missing_header":
			delete(h, "serverfnerror")
		case "present_absent":
			h.Set("Serverfnredirect", "/elsewhere")
		case "wrong_body":
			out = []byte(`{"s":"hellO"}`)
		case "wrong_binary_body":
			out = []byte{0xa1, 0x61, 0x73, 0xf5}
		case "wrong_json_integer":
			out = []byte("[9007199254740992]")
		case "wrong_tag":
			out = []byte("Deserialization|whatever")
		}
		w.WriteHeader(status)
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func srvURL(r *http.Request) string {
	return "http://" + r.Context().Value(http.LocalAddrContextKey).(net.Addr).String()
}

var failRE = regexp.MustCompile(`(?m)^FAIL (\S+)$`)

// failed returns the names of the failed cases in a runner's output.
func failed(out string) []string {
	var names []string
	for _, m := range failRE.FindAllStringSubmatch(out, -1) {
		names = append(names, m[1])
	}
	return names
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestRunServerFindsWrongAnswers(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "server")
	srv := runnerServer(t, s)
	wantFailed := []string{
		"runner/wrong_status", "runner/wrong_header", "runner/missing_header", "runner/present_absent",
		"runner/wrong_body", "runner/wrong_binary_body", "runner/wrong_json_integer", "runner/wrong_tag",
	}
	for _, leptos := range []bool{false, true} {
		t.Run(fmt.Sprintf("leptos=%v", leptos), func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			sum, err := RunServer(context.Background(), s.Cases, ServerOptions{URL: srv.URL, Leptos: leptos, Out: &out})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantFailed, failed(out.String())); diff != "" {
				t.Errorf("failed cases (-want +got):\n%s\noutput:\n%s", diff, out.String())
			}
			wantSum, skipLine := "7 passed, 8 failed", ""
			if leptos {
				wantSum, skipLine = "6 passed, 8 failed", "1 skipped (marked \"leptos\": false)\n"
			}
			if got := lastLine(out.String()); got != wantSum {
				t.Errorf("summary %q, want %q", got, wantSum)
			}
			if !strings.HasSuffix(out.String(), skipLine+wantSum+"\n") {
				t.Errorf("output does not end with %q:\n%s", skipLine+wantSum, out.String())
			}
			if sum.OK() || sum.Failed != 8 {
				t.Errorf("summary %+v", sum)
			}
			for _, detail := range []string{
				"FAIL runner/wrong_status\n    status: want 200, got 500\n",
				`    header Content-Type: want "application/json", got "text/plain"`,
				`    header serverfnerror: want "/t/missing_header", got none`,
				`    header serverfnredirect: want none, got "/elsewhere"`,
				"    body (exact): differs at byte 10\n        want \"{\\\"s\\\":\\\"hello\\\"}\" (13 bytes)\n        got  \"{\\\"s\\\":\\\"hellO\\\"}\" (13 bytes)",
				"        want a1 61 73 f6 (4 bytes, hex)\n        got  a1 61 73 f5 (4 bytes, hex)",
				"    body (json): values differ\n        want \"[9007199254740993]\"",
				"    body (tag): want a body starting with \"Args|\" (5 bytes)\n        got  \"Deserialization|whatever\"",
			} {
				if !strings.Contains(out.String(), detail) {
					t.Errorf("output lacks %q:\n%s", detail, out.String())
				}
			}
		})
	}
}

func TestRunServerVerbose(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "server")
	srv := runnerServer(t, s)
	var out bytes.Buffer
	if _, err := RunServer(context.Background(), Select(s.Cases, regexp.MustCompile(`exact_text|not_leptos|wrong_body$`)), ServerOptions{URL: srv.URL, Leptos: true, Verbose: true, Out: &out}); err != nil {
		t.Fatal(err)
	}
	want := "ok   runner/exact_text\nskip runner/not_leptos (marked \"leptos\": false)\nFAIL runner/wrong_body\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("output does not start with %q:\n%s", want, out.String())
	}
}

func TestRunServerNoServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := loadTestdata(t, "server")
	_, err = RunServer(context.Background(), s.Cases, ServerOptions{URL: "http://" + addr})
	if err == nil || !strings.Contains(err.Error(), "cannot connect to "+addr) {
		t.Errorf("error %v, want cannot connect", err)
	}
}

func TestRunServerTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	s := loadTestdata(t, "server")
	var out bytes.Buffer
	start := time.Now()
	sum, err := RunServer(context.Background(), Select(s.Cases, regexp.MustCompile(`exact_text`)), ServerOptions{URL: srv.URL, Timeout: 200 * time.Millisecond, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || !strings.Contains(out.String(), "no response within 200ms") {
		t.Errorf("summary %+v, output:\n%s", sum, out.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestParseServerURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8090", true},
		{"http://127.0.0.1:8090/", true},
		{"https://example.test", true},
		{"127.0.0.1:8090", false},
		{"ftp://127.0.0.1", false},
		{"http://127.0.0.1:8090/api", false},
		{"http://127.0.0.1:8090?x=1", false},
		{"http:///x", false},
	} {
		_, err := ParseServerURL(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("ParseServerURL(%q): error %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}

func TestRawHead(t *testing.T) {
	t.Parallel()
	text := "a=1"
	for _, tt := range []struct {
		name string
		req  Request
		want string
	}{
		{"get", Request{Method: "GET", Target: "/api/x?", Headers: map[string]string{"Accept": "application/json", "accept-language": "en"}},
			"GET /api/x? HTTP/1.1\r\nHost: h:1\r\nAccept: application/json\r\naccept-language: en\r\nConnection: close\r\n\r\n"},
		{"post", Request{Method: "POST", Target: "/api/x", Body: Body{Text: &text}},
			"POST /api/x HTTP/1.1\r\nHost: h:1\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"},
		{"empty post", Request{Method: "POST", Target: "/api/x"},
			"POST /api/x HTTP/1.1\r\nHost: h:1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"},
		{"own host and length", Request{Method: "POST", Target: "/", Headers: map[string]string{"host": "other", "Content-Length": "9"}, Body: Body{Text: &text}},
			"POST / HTTP/1.1\r\nContent-Length: 9\r\nhost: other\r\nConnection: close\r\n\r\n"},
	} {
		got := string(rawHead("h:1", &tt.req, len(tt.req.Bytes())))
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
