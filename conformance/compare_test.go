package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEqualJSON(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{`1`, `1.0`, true},
		{`1`, `1e0`, true},
		{`100`, `1E2`, true},
		{`0`, `-0`, true},
		{`0.1`, `1e-1`, true},
		{`9007199254740993`, `9007199254740992`, false},
		{`9007199254740993`, `9007199254740993.0`, true},
		{`18446744073709551615`, `18446744073709551615`, true},
		{`-9223372036854775808`, `-9223372036854775807`, false},
		{`0.30000000000000004`, `0.3`, false},
		{`1e300`, `10e299`, true},
		{`1e500`, `1e500`, true},
		{`1e500`, `10e499`, false}, // too large to expand: compared by spelling
		{`{"a": 1, "b": [1, 2]}`, `{"b": [1, 2.0], "a": 1}`, true},
		{`{"a": 1}`, `{"a": 1, "b": null}`, false},
		{`{"a": null}`, `{"b": null}`, false},
		{`[1, 2]`, `[2, 1]`, false},
		{`[]`, `{}`, false},
		{`null`, `null`, true},
		{`null`, `0`, false},
		{`"1"`, `1`, false},
		{`"é"`, `"\u00e9"`, true},
		{`true`, `true`, true},
		{`true`, `false`, false},
	} {
		got, err := EqualJSON([]byte(tt.a), []byte(tt.b))
		if err != nil || got != tt.want {
			t.Errorf("EqualJSON(%s, %s) = %v, %v; want %v", tt.a, tt.b, got, err, tt.want)
		}
		if got, _ := EqualJSON([]byte(tt.b), []byte(tt.a)); got != tt.want {
			t.Errorf("EqualJSON(%s, %s) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
	for _, bad := range []string{``, `{`, `1 2`, `nul`} {
		if _, err := EqualJSON([]byte(bad), []byte(`1`)); err == nil {
			t.Errorf("EqualJSON(%q): no error", bad)
		}
	}
}

func TestCompareBody(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		mode, want, got string
		problem         string // "" when they match
	}{
		{MatchExact, "abc", "abc", ""},
		{MatchExact, "abc", "abd", "body (exact): differs at byte 2\n    want \"abc\" (3 bytes)\n    got  \"abd\" (3 bytes)"},
		{MatchExact, "abc", "", "body (exact): differs at byte 0\n    want \"abc\" (3 bytes)\n    got  empty (0 bytes)"},
		{MatchJSON, `{"a":1}`, `{ "a" : 1.0 }`, ""},
		{MatchJSON, `{"a":1}`, `{"a":2}`, "body (json): values differ\n    want \"{\\\"a\\\":1}\" (7 bytes)\n    got  \"{\\\"a\\\":2}\" (7 bytes)"},
		{MatchJSON, `1`, "\xa1", "body (json): received body is not JSON (invalid character '¡' looking for beginning of value)\n    want \"1\" (1 bytes)\n    got  a1 (1 bytes, hex)"},
		{MatchTag, "Args|x", "Args|anything", ""},
		{MatchTag, "Args|x|y", "Args|", ""},
		{MatchTag, "Args|x", "Arg", "body (tag): want a body starting with \"Args|\" (5 bytes)\n    got  \"Arg\" (3 bytes)"},
		{MatchErrorTag, `{"E":{"Args":"x"}}`, ` {"E": {"Args": "missing field"}}`, ""},
		{MatchErrorTag, `{"E":{"Args":"x"}}`, `{"E":{"Deserialization":"x"}}`,
			"body (error_tag): want {\"E\": {\"Args\": ...}}, got {\"E\": {\"Deserialization\": ...}}\n    got  \"{\\\"E\\\":{\\\"Deserialization\\\":\\\"x\\\"}}\" (29 bytes)"},
		{MatchErrorTag, `{"E":{"Args":"x"}}`, `{"E":{"Args":1}}`,
			"body (error_tag): want JSON {\"E\": {\"Args\": ...}}\n    got  \"{\\\"E\\\":{\\\"Args\\\":1}}\" (16 bytes)"},
		{MatchErrorTag, "\xa1\x61E\xa1\x64Args\x61x", "\xa1\x61E\xa1\x64Args\x78\x02ab", ""},
		{MatchErrorTag, "\xa1\x61E\xa1\x64Args\x61x", `{"E":{"Args":"x"}}`,
			"body (error_tag): want CBOR {\"E\": {\"Args\": ...}}\n    got  \"{\\\"E\\\":{\\\"Args\\\":\\\"x\\\"}}\" (18 bytes)"},
		{MatchErrorTag, "\xa1\x61E\xa1\x64Args\x61x", "\xa1\x61E\xa1\x64Args\x61x\x00",
			"body (error_tag): want CBOR {\"E\": {\"Args\": ...}}\n    got  a1 61 45 a1 64 41 72 67 73 61 78 00 (12 bytes, hex)"},
	} {
		var p problems
		p.compareBody("body", tt.mode, []byte(tt.want), []byte(tt.got))
		got := strings.Join(p, "\n")
		if got != tt.problem {
			t.Errorf("%s %q vs %q:\n%s\nwant\n%s", tt.mode, tt.want, tt.got, got, tt.problem)
		}
	}
}

func TestShowBody(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 1000) + "b" + strings.Repeat("c", 1000)
	got := showBody([]byte(long), 1000)
	if !strings.HasPrefix(got, `…"aaaa`) || !strings.Contains(got, "b") || !strings.HasSuffix(got, `cc"… (2001 bytes)`) {
		t.Errorf("showBody long text: %s", got)
	}
	bin := make([]byte, 300)
	bin[200] = 1
	got = showBody(bin, 200)
	if !strings.HasPrefix(got, "…00 00") || !strings.Contains(got, " 01 ") || !strings.HasSuffix(got, "… (300 bytes, hex from byte 184)") {
		t.Errorf("showBody binary: %s", got)
	}
	if got := showBody([]byte("line\nnext"), 0); got != `"line\nnext" (9 bytes)` {
		t.Errorf("showBody text with newline: %s", got)
	}
	if got := showBody([]byte("a\x00b"), 0); got != `61 00 62 (3 bytes, hex)` {
		t.Errorf("showBody control: %s", got)
	}
	if got := showBody([]byte("\xa1cé"), 0); got != `a1 63 c3 a9 (4 bytes, hex)` {
		t.Errorf("showBody bad UTF-8: %s", got)
	}
}

func TestCompareHeaders(t *testing.T) {
	t.Parallel()
	got := http.Header{"Content-Type": {"application/json"}, "serverfnerror": {"/api/x"}, "Vary": {"Origin", "Accept"}}
	var p problems
	p.compareHeaders("header", map[string]string{
		"content-type":  "application/json",
		"ServerFnError": "/api/x",
		"Vary":          "Origin, Accept",
		"Location":      "/",
		"Serverfnerror": "/api/y",
	}, []string{"serverfnredirect", "VARY"}, got)
	want := problems{
		`header Location: want "/", got none`,
		`header Serverfnerror: want "/api/y", got "/api/x"`,
		`header VARY: want none, got "Origin, Accept"`,
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
