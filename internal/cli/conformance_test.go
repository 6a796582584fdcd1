package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/conformance"
)

// replayServer answers each case of conformance/testdata/server with its response, exactly,
// except that it fails the case runner/wrong_status.
func replayServer(t *testing.T) *httptest.Server {
	t.Helper()
	s, err := conformance.LoadDir("conformance/testdata/server")
	if err != nil {
		t.Fatal(err)
	}
	byTarget := map[string]*conformance.Case{}
	for _, c := range s.Cases {
		byTarget[c.Request.Target] = c
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := byTarget[r.RequestURI]
		if c == nil || c.Name == "runner/wrong_status" {
			w.WriteHeader(500)
			return
		}
		for k, v := range c.Response.Headers {
			w.Header()[k] = []string{v}
		}
		w.WriteHeader(c.Response.Status)
		w.Write(c.Response.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestConformance(t *testing.T) {
	srv := replayServer(t)
	cases := []string{"--cases", "conformance/testdata/server"}
	lacksInt64 := `printf '{"hello": "sh 0", "lacks": ["int64"]}\n'; cat >/dev/null`
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    string // exact, when set
		stdoutHas []string
		stderrHas []string
	}{
		{name: "passing", args: append([]string{"conformance", "--server", srv.URL, "--run", "exact_text|hex_body"}, cases...), code: 0,
			stdout: "2 passed, 0 failed\n"},
		{name: "verbose", args: append([]string{"conformance", "-v", "--server", srv.URL + "/", "--run", "exact_text|not_leptos", "--leptos"}, cases...), code: 0,
			stdout: "ok   runner/exact_text\nskip runner/not_leptos (marked \"leptos\": false)\n1 skipped (marked \"leptos\": false)\n1 passed, 0 failed\n"},
		{name: "failing", args: append([]string{"conformance", "--server", srv.URL, "--run", "exact_text|wrong_status"}, cases...), code: 1,
			stdout: "FAIL runner/wrong_status\n    status: want 200, got 500\n    header Content-Type: want \"application/json\", got none\n    body (exact): differs at byte 0\n        want \"null\" (4 bytes)\n        got  empty (0 bytes)\n1 passed, 1 failed\n"},
		{name: "client lacking", args: []string{"conformance", "--client", lacksInt64, "--cases", "conformance/testdata/client", "--run", "int64"}, code: 0,
			stdout: "1 skipped (the client lacks int64)\n0 passed, 0 failed\n"},
		{name: "client without hello", args: []string{"conformance", "--client", "echo nope", "--cases", "conformance/testdata/client"}, code: 1,
			stderrHas: []string{`sfn conformance: the client's first line is not a hello line`, `"nope"`}},
		{name: "bad case files", args: []string{"conformance", "--server", srv.URL, "--cases", "conformance"}, code: 1,
			stderrHas: []string{"the case files have mistakes:\nconformance: no case files (*.json)"}},
		{name: "no match", args: append([]string{"conformance", "--server", srv.URL, "--run", "^nothing$"}, cases...), code: 1,
			stderrHas: []string{`no case matches --run "^nothing$"`}},
		{name: "neither", args: []string{"conformance"}, code: 2, stderrHas: []string{"give exactly one of --server and --client", "usage: sfn conformance --server URL | --client CMD"}},
		{name: "both", args: []string{"conformance", "--server", srv.URL, "--client", "x"}, code: 2, stderrHas: []string{"give exactly one of --server and --client"}},
		{name: "argument", args: []string{"conformance", "--server", srv.URL, "extra"}, code: 2, stderrHas: []string{`unexpected argument "extra"`}},
		{name: "bad regexp", args: []string{"conformance", "--server", srv.URL, "--run", "("}, code: 2, stderrHas: []string{"--run: error parsing regexp"}},
		{name: "bad URL", args: []string{"conformance", "--server", srv.URL + "/api"}, code: 2, stderrHas: []string{"want only scheme, host and port"}},
		{name: "leptos client", args: []string{"conformance", "--client", "x", "--leptos"}, code: 2, stderrHas: []string{"--leptos applies to --server only"}},
		{name: "bad timeout", args: []string{"conformance", "--server", srv.URL, "--timeout", "0s"}, code: 2, stderrHas: []string{"--timeout must be positive"}},
		{name: "unknown flag", args: []string{"conformance", "--serve", srv.URL}, code: 2, stderrHas: []string{"flag provided but not defined: -serve"}},
		{name: "help", args: []string{"help", "conformance"}, code: 0,
			stdoutHas: []string{"usage: sfn conformance --server URL | --client CMD [--cases DIR] [--run REGEXP] [--leptos] [--timeout D] [-v]\n", "Exit status: 0 when every case passed, 1 when a case failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if tt.stdout != "" && out != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.stdout)
			}
			for _, s := range tt.stdoutHas {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
		})
	}
}

func TestUsageListsConformance(t *testing.T) {
	_, out, _ := run(t, "help")
	if !strings.Contains(out, "  conformance check a server or a client against sfn's wire conformance suite\n") {
		t.Errorf("sfn help does not list conformance:\n%s", out)
	}
}
