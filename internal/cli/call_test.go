package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCall calls a fake server function whose handler checks the exact request sfn call
// sends in each encoding and answers as an sfn or Leptos server would.
func TestCall(t *testing.T) {
	dir := t.TempDir()
	schemaPath := filepath.Join(dir, "api.sfn")
	src := `syntax = "proto3";
package api.v1;
import "sfn/v1/sfn.proto";
import "google/protobuf/empty.proto";
message Add { string title = 1; repeated string tags = 2; }
message Len { uint64 n = 1; }
service S {
  rpc add(Add) returns (Len) { option (sfn.v1.fn) = { endpoint: "add" }; }
  rpc ping(google.protobuf.Empty) returns (google.protobuf.Empty) { option (sfn.v1.fn) = { encoding: GetJson endpoint: "ping" }; }
  rpc addc(Add) returns (Len) { option (sfn.v1.fn) = { encoding: Cbor endpoint: "addc" }; }
}
`
	if err := os.WriteFile(schemaPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got := r.Method + " " + r.URL.RequestURI() + " " + r.Header.Get("Content-Type") + " " + r.Header.Get("X-Token") + " " + string(body)
		switch got {
		case "POST /api/add application/x-www-form-urlencoded  title=a+b&tags[0]=x":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"n":3}`))
		case "GET /api/ping?  secret ":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`null`))
		case "POST /api/addc application/cbor  \xa2\x65title\x60\x64tags\x80":
			w.Header().Set("Content-Type", "application/cbor")
			w.Write([]byte{0xa1, 0x61, 'n', 0x00})
		default:
			w.Header().Set("serverfnerror", r.URL.Path)
			w.WriteHeader(400)
			w.Write([]byte("ServerError|unexpected request: " + got))
		}
	}))
	defer srv.Close()

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"form", []string{"call", "--schema", schemaPath, srv.URL, "add", `{"title":"a b","tags":["x"]}`}, 0, `{"n":3}` + "\n", ""},
		{"no arguments, header", []string{"call", "--schema", schemaPath, "-H", "X-Token: secret", srv.URL, "S.ping"}, 0, "null\n", ""},
		{"cbor by path", []string{"call", "--schema", schemaPath, srv.URL, "/api/addc", `{"title":"","tags":[]}`}, 0, `{"n":0}` + "\n", ""},
		{"function error", []string{"call", "--schema", schemaPath, srv.URL, "add", `{"title":"zzz","tags":[]}`}, 1, "", "sfn call: ServerError (status 400): unexpected request"},
		{"bad arguments", []string{"call", "--schema", schemaPath, srv.URL, "add", `{"title":1}`}, 1, "", "sfn call: arguments: title: "},
		{"unknown function", []string{"call", "--schema", schemaPath, srv.URL, "nope"}, 1, "", `no function "nope"; the schema has add, addc, ping`},
		{"usage", []string{"call", srv.URL}, 2, "", "usage: sfn call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code || out != tt.stdout || !strings.Contains(errs, tt.stderr) || (tt.stderr == "" && errs != "") {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, stderr containing %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestCallTypedError checks that sfn call prints a typed error answer as the error type's
// value in the JSON mapping, whether it travels as JSON or CBOR, and a body in the type's
// encoding that is not one of its values as the Deserialization error a generated client
// gives, with the reason.
func TestCallTypedError(t *testing.T) {
	dir := t.TempDir()
	schemaPath := filepath.Join(dir, "api.sfn")
	src := `syntax = "proto3";
package api.v1;
import "sfn/v1/sfn.proto";
message Oops {
  option (sfn.v1.error) = {};
  oneof kind {
    NotFound NotFound = 1 [(sfn.v1.status) = 404];
    sfn.v1.ServerFnErrorErr ServerFnError = 2;
  }
}
message Slow {
  option (sfn.v1.error) = { encoding: CborEncoding };
  oneof kind {
    Busy Busy = 1 [(sfn.v1.status) = 429];
    sfn.v1.ServerFnErrorErr ServerFnError = 2;
  }
}
message NotFound { int64 id = 1; }
message Busy { uint32 retry = 1; }
message Get { int64 id = 1; }
service S {
  rpc get(Get) returns (Get) { option (sfn.v1.fn) = { endpoint: "get" error: "Oops" }; }
  rpc slow(Get) returns (Get) { option (sfn.v1.fn) = { endpoint: "slow" error: "Slow" }; }
}
`
	if err := os.WriteFile(schemaPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("serverfnerror", r.URL.Path)
		switch r.URL.Path + " " + r.Form.Get("id") {
		case "/api/get 7":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			w.Write([]byte(`{"NotFound":{"id":7}}`))
		case "/api/get 8":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(500)
			w.Write([]byte(`{"Nope":{}}`))
		case "/api/get 9":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(500)
			w.Write([]byte(`ServerError|down`))
		case "/api/slow 7":
			w.Header().Set("Content-Type", "application/cbor")
			w.WriteHeader(429)
			w.Write([]byte{0xa1, 0x64, 'B', 'u', 's', 'y', 0xa1, 0x65, 'r', 'e', 't', 'r', 'y', 0x05})
		}
	}))
	defer srv.Close()
	tests := []struct {
		name, fn, args, stderr string
	}{
		{"json", "get", `{"id":7}`, `sfn call: api.v1.Oops (status 404): {"NotFound":{"id":7}}` + "\n"},
		{"cbor", "slow", `{"id":7}`, `sfn call: api.v1.Slow (status 429): {"Busy":{"retry":5}}` + "\n"},
		{"not a value", "get", `{"id":8}`, `sfn call: Deserialization (status 500): {"Nope":{}} (not a value of api.v1.Oops: `},
		{"text", "get", `{"id":9}`, "sfn call: ServerError (status 500): down\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, "call", "--schema", schemaPath, srv.URL, tt.fn, tt.args)
			if code != 1 || out != "" || !strings.HasPrefix(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1, \"\", stderr starting %q", code, out, errs, tt.stderr)
			}
		})
	}
}
