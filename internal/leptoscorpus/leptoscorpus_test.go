package leptoscorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocate(t *testing.T) {
	t.Parallel()
	got, err := Locate(".")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("..", "..", "..", "shared", "leptos", "corpus.json"); got != want {
		t.Errorf("Locate(\".\") = %q, want %q", got, want)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	big := "title=" + strings.Repeat("ab", 3)
	sum := sha256.Sum256([]byte(big))
	corpus := `{"generator": "test", "exchanges": [
		{"name": "text", "request": {"method": "POST", "path": "/api/add_todo", "headers": {"Accept": "application/json"}, "body_text": "title=x"},
		 "response": {"status": 200, "headers": {"content-type": "application/json"}, "body_hex": "31", "body_text": "1"}},
		{"name": "hex", "request": {"method": "POST", "path": "/api/echo_cbor", "body_hex": "a0"},
		 "response": {"status": 200, "body_hex": "ff"}},
		{"name": "pattern", "request": {"method": "POST", "path": "/api/add_todo",
		 "body_pattern": {"prefix_text": "title=", "repeat_text": "ab", "repeat_count": 3}, "body_len": 12, "body_sha256": "` + hex.EncodeToString(sum[:]) + `"},
		 "response": {"status": 200, "body_hex": ""}},
		{"name": "none", "request": {"method": "GET", "path": "/api/ping?"}, "response": {"status": 200, "body_hex": "6e756c6c", "body_text": "null"}},
		{"name": "empty", "request": {"method": "POST", "path": "/api/ping", "body_text": ""}, "response": {"status": 200, "body_hex": "", "body_text": ""}}
	]}`
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.json")
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	exchanges, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	type bodies struct {
		Name, Request, Response string
		NoRequestBody           bool
	}
	var got []bodies
	for _, e := range exchanges {
		got = append(got, bodies{e.Name, string(e.Request.Body()), string(e.Response.Body()), e.Request.Body() == nil})
	}
	want := []bodies{{"text", "title=x", "1", false}, {"hex", "\xa0", "\xff", false}, {"pattern", big, "", false},
		{"none", "", "null", true}, {"empty", "", "", false}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("bodies (-want +got):\n%s", d)
	}

	if _, err := Load(filepath.Join(dir, "absent.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, exchange, want string }{
		{"two bodies", `{"name": "x", "request": {"body_text": "a", "body_hex": "61"}, "response": {"body_hex": ""}}`, "more than once"},
		{"bad request hex", `{"name": "x", "request": {"body_hex": "6"}, "response": {"body_hex": ""}}`, "request body_hex"},
		{"bad response hex", `{"name": "x", "request": {}, "response": {"body_hex": "zz"}}`, "response body_hex"},
		{"text and hex differ", `{"name": "x", "request": {}, "response": {"body_hex": "61", "body_text": "b"}}`, "differs"},
		{"pattern length", `{"name": "x", "request": {"body_pattern": {"repeat_text": "a", "repeat_count": 2}, "body_len": 3}, "response": {"body_hex": ""}}`, "body_len says 3"},
		{"pattern sum", `{"name": "x", "request": {"body_pattern": {"repeat_text": "a", "repeat_count": 2}, "body_sha256": "00"}, "response": {"body_hex": ""}}`, "body_sha256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "corpus.json")
			if err := os.WriteFile(path, []byte(`{"exchanges": [`+tc.exchange+`]}`), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestCorpus loads the real corpus when it is present beside the repository.
func TestCorpus(t *testing.T) {
	t.Parallel()
	exchanges, err := LoadNear(".")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the corpus is absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(exchanges) == 0 {
		t.Fatal("the corpus has no exchanges")
	}
}
