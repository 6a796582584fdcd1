package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClientEnv makes the test binary act as a client under test (see fakeClient).
const fakeClientEnv = "SFN_CONFORMANCE_FAKE_CLIENT"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeClientEnv); mode != "" {
		os.Exit(fakeClient(mode))
	}
	os.Exit(m.Run())
}

// fakeClientCommand is the shell command that runs the test binary as a fake client.
func fakeClientCommand(t *testing.T, mode string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s=%s exec '%s'", fakeClientEnv, mode, strings.ReplaceAll(exe, "'", `'\''`))
}

// fakeClient speaks the client protocol for the cases of testdata/client. It makes each
// case's request exactly and answers with the case's result or error, except for the cases
// whose names say otherwise (wrong_*, crash, garbage, hang...). It checks that the runner's
// server answered with the case's response exactly, and answers a MockBroken error if not.
// Modes other than "normal" break the start or the end of the protocol.
func fakeClient(mode string) int {
	switch mode {
	case "silent":
		fmt.Fprintln(os.Stderr, "fake: no hello today")
		return 4
	case "nohello":
		fmt.Println("good morning")
		io.Copy(io.Discard, os.Stdin)
		return 0
	}
	suite, err := LoadDir("testdata/client")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	byName := map[string]*Case{}
	for _, c := range suite.Cases {
		byName[c.Name] = c
	}
	fmt.Println(`{"hello": "fake 0.1", "lacks": ["int64"], "extra": "ignored"}`)
	in := bufio.NewReader(os.Stdin)
	var late func() // a request to send once the next case line has come
	for {
		line, err := in.ReadBytes('\n')
		if late != nil {
			late()
			late = nil
		}
		if err != nil {
			break
		}
		var cl CaseLine
		if err := json.Unmarshal(line, &cl); err != nil {
			fmt.Fprintln(os.Stderr, "fake: bad case line:", err)
			return 1
		}
		c := byName[cl.Case]
		if c == nil || cl.Function != c.Call.Function || !bytes.Equal(compactJSON(cl.Args), compactJSON(c.Call.Args)) {
			fmt.Fprintf(os.Stderr, "fake: the case line does not match the case: %s", line)
			return 1
		}
		name := strings.TrimPrefix(c.Name, "client/")
		req := *c.Request
		req.Headers = map[string]string{}
		for k, v := range c.Request.Headers {
			req.Headers[k] = v
		}
		body := c.Request.Bytes()
		switch name {
		case "correct_json_body":
			body = []byte(`{ "s": "x", "n": 1.0 }`)
		case "wrong_header":
			req.Headers["Content-Type"] = "text/plain"
		case "wrong_target":
			req.Target += "?x"
		case "wrong_body":
			body = []byte("s=bye")
		case "crash":
			fmt.Fprintln(os.Stderr, "fake: boom")
			return 3
		case "garbage":
			fmt.Println("this is not JSON")
			continue
		case "hang":
			time.Sleep(time.Minute)
		}
		var a Answer
		if name != "no_request" {
			if a.Error = fakeCall(cl.BaseURL, &req, body, c.Response); a.Error == nil && name == "two_requests" {
				a.Error = fakeCall(cl.BaseURL, &req, body, c.Response)
			}
		}
		if a.Error == nil {
			a.Result, a.Error, a.Redirect = c.Result, c.Error, c.Redirect
		}
		a.Case = c.Name
		switch name {
		case "wrong_result":
			a.Result = json.RawMessage(`{"s": "ho"}`)
		case "wrong_error_message", "any_error_message":
			a.Error = &ErrorValue{Tag: "ServerError", Message: "bang", Status: 500}
		case "wrong_redirect":
			a.Redirect = nil
		case "result_for_error":
			a.Result, a.Error = json.RawMessage("null"), nil
		case "wrong_case_name":
			a.Case = "client/other"
		case "wrong_typed":
			a.Error = &ErrorValue{Typed: json.RawMessage(`{"NotFound":{"id":8}}`), Status: 500}
		case "plain_for_typed":
			a.Error = &ErrorValue{Tag: "Deserialization", Message: `{"NotFound":{"id":7}}`, Status: 404}
		case "typed_with_tag":
			fmt.Printf(`{"case":%q,"error":{"tag":"ServerError","message":"","status":404,"typed":{"NotFound":{"id":7}}}}`+"\n", c.Name)
			continue
		}
		out, _ := json.Marshal(a)
		fmt.Printf("%s\n", out)
		if name == "late_request" {
			// Sent once the next case line has come, which the runner writes only after it
			// has ended this case: no timing to guess.
			base, body, response := cl.BaseURL, body, c.Response
			late = func() { fakeCall(base, &req, body, response) }
		}
	}
	if mode == "linger" {
		time.Sleep(time.Minute)
	}
	return 0
}

// fakeCall sends a request as a client would and checks that the response is want exactly.
func fakeCall(baseURL string, r *Request, body []byte, want *Response) *ErrorValue {
	broken := func(format string, args ...any) *ErrorValue {
		return &ErrorValue{Tag: "MockBroken", Message: fmt.Sprintf(format, args...), Status: 599}
	}
	req, err := http.NewRequest(r.Method, baseURL+r.Target, bytes.NewReader(body))
	if err != nil {
		return broken("%v", err)
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return broken("%v", err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want.Status || !bytes.Equal(got, want.Bytes()) {
		return broken("got %d %q", resp.StatusCode, got)
	}
	for k, v := range want.Headers {
		if resp.Header.Get(k) != v {
			return broken("header %s: %q", k, resp.Header.Get(k))
		}
	}
	if _, ok := want.Headers["Content-Type"]; !ok && resp.Header.Get("Content-Type") != "" {
		return broken("a Content-Type the case does not have: %q", resp.Header.Get("Content-Type"))
	}
	if resp.Header.Get("Date") != "" {
		return broken("a Date header")
	}
	return nil
}

func compactJSON(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if raw == nil {
		raw = json.RawMessage("{}")
	}
	json.Compact(&b, raw)
	return b.Bytes()
}

func TestRunClientFindsWrongClients(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "client")
	var out, stderr bytes.Buffer
	sum, err := RunClient(context.Background(), s.Cases, ClientOptions{
		Command: fakeClientCommand(t, "normal"), Timeout: 2 * time.Second, Out: &out, Stderr: &stderr,
	})
	if err != nil {
		t.Fatalf("%v\noutput:\n%s", err, out.String())
	}
	wantFailed := []string{
		"client/wrong_result", "client/wrong_error_message", "client/wrong_redirect", "client/result_for_error",
		"client/wrong_header", "client/wrong_target", "client/wrong_body", "client/two_requests", "client/no_request",
		"client/crash", "client/garbage", "client/hang", "client/wrong_case_name", "client/late_request",
		"client/wrong_typed", "client/plain_for_typed", "client/typed_with_tag",
	}
	if diff := cmp.Diff(wantFailed, failed(out.String())); diff != "" {
		t.Errorf("failed cases (-want +got):\n%s\noutput:\n%s", diff, out.String())
	}
	wantEnd := "1 skipped (the client lacks int64)\n12 passed, 17 failed\n"
	if !strings.HasSuffix(out.String(), wantEnd) {
		t.Errorf("output does not end with %q:\n%s", wantEnd, out.String())
	}
	if sum.OK() || sum.Passed != 12 || sum.Failed != 17 {
		t.Errorf("summary %+v", sum)
	}
	for _, detail := range []string{
		"FAIL client/wrong_result\n    result: want {\"s\":\"hi\"}, got {\"s\":\"ho\"}\n",
		"FAIL client/wrong_error_message\n    error message: want \"boom\", got \"bang\"\n",
		"FAIL client/wrong_redirect\n    redirect: want \"/next\", got none\n",
		"FAIL client/result_for_error\n    want error ServerError|boom (status 500), got result null\n",
		"    request header Content-Type: want \"application/x-www-form-urlencoded\", got \"text/plain\"\n",
		"    request target: want \"/api/echo_url\", got \"/api/echo_url?x\"\n",
		"    request body (exact): differs at byte 2\n",
		"FAIL client/two_requests\n    a second request in one case: POST /api/echo_url\n",
		"FAIL client/no_request\n    the client sent no request (want POST /api/echo_url)\n",
		"FAIL client/crash\n    the client exited (exit status 3); its stderr ends:\n        fake: boom\n",
		"FAIL client/garbage\n    the client's answer is not an answer line",
		"FAIL client/hang\n    no answer within 2s",
		"FAIL client/wrong_case_name\n    the client answered case \"client/other\" instead\n",
		"FAIL client/late_request\n    a request after the case had ended: POST /api/echo_url\n",
		"FAIL client/wrong_typed\n    typed error: want {\"NotFound\":{\"id\":7}}, got {\"NotFound\":{\"id\":8}}\n    error status: want 404, got 500\n",
		"FAIL client/plain_for_typed\n    error: want typed {\"NotFound\":{\"id\":7}} (status 404), got Deserialization|{\"NotFound\":{\"id\":7}} (status 404)\n",
		"FAIL client/typed_with_tag\n    the answer's typed error needs a status and typed, one variant",
	} {
		if !strings.Contains(out.String(), detail) {
			t.Errorf("output lacks %q:\n%s", detail, out.String())
		}
	}
	if !strings.Contains(stderr.String(), "fake: boom") {
		t.Errorf("the client's stderr was not copied: %q", stderr.String())
	}
}

func TestRunClientStart(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "client")
	cases := Select(s.Cases, regexp.MustCompile(`correct_url`))
	for _, tt := range []struct{ mode, err string }{
		{"silent", "the client wrote no hello line: the client exited (exit status 4); its stderr ends:\n    fake: no hello today"},
		{"nohello", `the client's first line is not a hello line {"hello": "name version", "lacks": [...]}: "good morning"`},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			_, err := RunClient(context.Background(), cases, ClientOptions{Command: fakeClientCommand(t, tt.mode), Timeout: 2 * time.Second})
			if err == nil || err.Error() != tt.err {
				t.Errorf("error %v, want %s", err, tt.err)
			}
		})
	}
	t.Run("no such program", func(t *testing.T) {
		t.Parallel()
		_, err := RunClient(context.Background(), cases, ClientOptions{Command: "exec /nonexistent/sfn-client"})
		if err == nil || !strings.Contains(err.Error(), "the client wrote no hello line: the client exited (exit status 127)") {
			t.Errorf("error %v", err)
		}
	})
}

func TestRunClientLinger(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "client")
	var out bytes.Buffer
	start := time.Now()
	sum, err := RunClient(context.Background(), Select(s.Cases, regexp.MustCompile(`correct_url`)), ClientOptions{
		Command: fakeClientCommand(t, "linger"), Timeout: time.Second, Out: &out,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "note: the client did not exit cleanly when its input ended: still running 1s after its input ended; killed\n1 passed, 0 failed\n"
	if out.String() != want || !sum.OK() {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v: the lingering client was not killed", d)
	}
}

func TestRunClientVerbose(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "client")
	var out bytes.Buffer
	sum, err := RunClient(context.Background(), Select(s.Cases, regexp.MustCompile(`correct|int64|server_only`)), ClientOptions{
		Command: fakeClientCommand(t, "normal"), Out: &out, Verbose: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `ok   client/correct_url
ok   client/correct_json_body
ok   client/correct_error
ok   client/correct_redirect
ok   client/correct_cbor
skip client/int64 (the client lacks int64)
ok   client/correct_typed
1 skipped (the client lacks int64)
6 passed, 0 failed
`
	if diff := cmp.Diff(want, out.String()); diff != "" || !sum.OK() {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestCaseServerCORS(t *testing.T) {
	t.Parallel()
	s := loadTestdata(t, "client")
	m, err := startCaseServer(Select(s.Cases, regexp.MustCompile(`correct_error`))[0])
	if err != nil {
		t.Fatal(err)
	}
	defer m.close()

	pre, _ := http.NewRequest(http.MethodOptions, m.url()+"/api/echo_url", nil)
	pre.Header.Set("Origin", "http://127.0.0.1:1")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	pre.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(pre)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:1" || resp.Header.Get("Access-Control-Allow-Headers") != "content-type" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}

	req, _ := http.NewRequest(http.MethodPost, m.url()+"/api/echo_url", strings.NewReader("s=hi"))
	req.Header.Set("Origin", "http://127.0.0.1:1")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Expose-Headers"); got != "Content-Type, serverfnerror" {
		t.Errorf("Access-Control-Expose-Headers %q", got)
	}
	got, extra := m.end()
	if got == nil || got.method != "POST" || len(extra) != 0 {
		t.Errorf("recorded %+v %v; the preflight must not count as the case's request", got, extra)
	}
}
