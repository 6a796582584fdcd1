package server_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// A typed error (SPEC 5.1) written as sfn's Go generator writes one, for:
//
//	message FindError {
//	  option (sfn.v1.error) = {};
//	  oneof kind {
//	    NotFound NotFound = 1 [(sfn.v1.status) = 404];
//	    Invalid Invalid = 2 [(sfn.v1.status) = 422];
//	    sfn.v1.ServerFnErrorErr ServerFnError = 3;
//	  }
//	}

type NotFound struct{ ID int64 }

type Invalid struct{ Field, Reason string }

type FindError struct {
	Kind   FindErrorKind
	status int
}

type FindErrorKind interface{ isFindErrorKind() }

type FindErrorKindNotFound struct{ NotFound NotFound }

type FindErrorKindInvalid struct{ Invalid Invalid }

type FindErrorKindServerFnError struct{ ServerFnError *rpc.Error }

func (FindErrorKindNotFound) isFindErrorKind()      {}
func (FindErrorKindInvalid) isFindErrorKind()       {}
func (FindErrorKindServerFnError) isFindErrorKind() {}

func (e *FindError) Error() string {
	switch v := e.Kind.(type) {
	case FindErrorKindNotFound:
		return "test.v1.FindError: NotFound"
	case FindErrorKindInvalid:
		return "test.v1.FindError: Invalid"
	case FindErrorKindServerFnError:
		if v.ServerFnError != nil {
			return "test.v1.FindError: ServerFnError: " + v.ServerFnError.Error()
		}
	}
	return "test.v1.FindError"
}

func (*FindError) WireMessage() *wire.Message { return findErrorMessage }

func (e *FindError) HTTPStatus() int {
	if e.status != 0 {
		return e.status
	}
	switch v := e.Kind.(type) {
	case FindErrorKindNotFound:
		return 404
	case FindErrorKindInvalid:
		return 422
	case FindErrorKindServerFnError:
		if v.ServerFnError != nil && v.ServerFnError.Status != 0 {
			return v.ServerFnError.Status
		}
	}
	return 500
}

func (e *FindError) SetHTTPStatus(status int) { e.status = status }

func (e *FindError) FrameworkError() *rpc.Error {
	if v, ok := e.Kind.(FindErrorKindServerFnError); ok {
		return v.ServerFnError
	}
	return nil
}

type FindArgs struct{ ID int64 }

var (
	notFoundMessage = &wire.Message{Name: "test.v1.NotFound", GoType: reflect.TypeFor[NotFound](),
		Fields: []wire.Field{{Name: "id", GoName: "ID", Type: wire.Int64}}}
	invalidMessage = &wire.Message{Name: "test.v1.Invalid", GoType: reflect.TypeFor[Invalid](),
		Fields: []wire.Field{{Name: "field", GoName: "Field", Type: wire.String}, {Name: "reason", GoName: "Reason", Type: wire.String}}}
	findErrorMessage = &wire.Message{Name: "test.v1.FindError", GoType: reflect.TypeFor[FindError](), Transparent: true,
		Fields: []wire.Field{{Name: "kind", GoName: "Kind", Oneof: &wire.Oneof{Variants: []wire.Variant{
			{Name: "NotFound", Type: wire.MessageType(notFoundMessage), GoType: reflect.TypeFor[FindErrorKindNotFound]()},
			{Name: "Invalid", Type: wire.MessageType(invalidMessage), GoType: reflect.TypeFor[FindErrorKindInvalid]()},
			{Name: "ServerFnError", Type: rpc.FrameworkType, GoType: reflect.TypeFor[FindErrorKindServerFnError]()},
		}}}}}
	findArgsMessage = &wire.Message{Name: "test.v1.FindArgs", GoType: reflect.TypeFor[FindArgs](),
		Fields: []wire.Field{{Name: "id", GoName: "ID", Type: wire.Int64}}}
)

func findFunc(name string, enc rpc.Encoding, cbor bool) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Find", Name: name, Path: "/api/" + name, Encoding: enc,
		Args: findArgsMessage, Result: todoMessage,
		Error: &rpc.ErrorType{Message: findErrorMessage, CBOR: cbor, Framework: "ServerFnError"}}
}

var (
	findJSON = findFunc("find_json", rpc.Json, false)
	findURL  = findFunc("find_url", rpc.Url, false)
	findCBOR = findFunc("find_cbor", rpc.Cbor, true)
)

// find fails by its id: 7 is not found, 0 is invalid, 13 a plain error (masked), 14 a
// wrapped typed error, 15 a framework failure the function chose, 16 another function's
// error type; any other id is found.
func find(_ context.Context, in *FindArgs) (*Todo, error) {
	switch in.ID {
	case 7:
		return nil, &FindError{Kind: FindErrorKindNotFound{NotFound{ID: 7}}}
	case 0:
		return nil, &FindError{Kind: FindErrorKindInvalid{Invalid{Field: "id", Reason: "must not be zero"}}}
	case 13:
		return nil, errors.New("disk full")
	case 14:
		return nil, fmt.Errorf("finding: %w", &FindError{Kind: FindErrorKindNotFound{NotFound{ID: 14}}})
	case 15:
		return nil, &FindError{Kind: FindErrorKindServerFnError{&rpc.Error{Tag: rpc.TagMiddlewareError, Message: "no", Status: 403}}}
	case 16:
		return nil, &otherError{}
	}
	return &Todo{ID: in.ID, Title: "found"}, nil
}

// otherError is a typed error of another error type: not this function's to send.
type otherError struct{}

func (*otherError) Error() string              { return "other" }
func (*otherError) WireMessage() *wire.Message { return notFoundMessage }
func (*otherError) HTTPStatus() int            { return 409 }
func (*otherError) FrameworkError() *rpc.Error { return nil }

func newTypedFixture(t *testing.T) *fixture {
	t.Helper()
	logs := &logCapture{}
	h := server.NewHandler([]server.Route{
		server.Unary(findJSON, find), server.Unary(findURL, find), server.Unary(findCBOR, find),
	}, server.WithLogger(slog.New(logs)), server.WithLimits(wire.Limits{MaxBytes: testLimit}))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, handler: h, logs: logs}
}

// TestTypedErrorWire checks each part of SPEC 5.1's wire: the variant externally tagged,
// its status, the error type's Content-Type, serverfnerror, framework failures in the
// framework variant, and a plain form's __err.
func TestTypedErrorWire(t *testing.T) {
	t.Parallel()
	fx := newTypedFixture(t)
	jsonFailure := func(status int, path, body string) summary {
		return summary{Status: status, Header: map[string]string{"Content-Type": "application/json", "Serverfnerror": path}, Body: body}
	}
	tests := []struct {
		name   string
		f      *rpc.Func
		data   string
		header map[string]string
		want   summary
	}{
		{"variant", findJSON, `{"id":7}`, nil, jsonFailure(404, findJSON.Path, `{"NotFound":{"id":7}}`)},
		{"variant with fields", findJSON, `{"id":0}`, nil, jsonFailure(422, findJSON.Path, `{"Invalid":{"field":"id","reason":"must not be zero"}}`)},
		{"wrapped", findJSON, `{"id":14}`, nil, jsonFailure(404, findJSON.Path, `{"NotFound":{"id":14}}`)},
		{"masked", findJSON, `{"id":13}`, nil, jsonFailure(500, findJSON.Path, `{"ServerFnError":{"ServerError":"internal error"}}`)},
		{"framework chosen", findJSON, `{"id":15}`, nil, jsonFailure(403, findJSON.Path, `{"ServerFnError":{"MiddlewareError":"no"}}`)},
		{"another type's error", findJSON, `{"id":16}`, nil, jsonFailure(500, findJSON.Path, `{"ServerFnError":{"ServerError":"internal error"}}`)},
		{"arguments", findJSON, `{"id":"x"}`, nil, jsonFailure(400, findJSON.Path, `{"ServerFnError":{"Deserialization":"id: invalid type: string \"x\", expected i64"}}`)},
		{"form arguments", findURL, `id=x`, nil, jsonFailure(400, findURL.Path, `{"ServerFnError":{"Args":"id: invalid digit found in string"}}`)},
		{"too large", findJSON, `{"id":1,"pad":"` + strings.Repeat("a", testLimit) + `"}`, nil,
			jsonFailure(413, findJSON.Path, `{"ServerFnError":{"Deserialization":"request body exceeds the limit of 1024 bytes"}}`)},
		{"cross-origin", findJSON, `{"id":1}`, map[string]string{"Sec-Fetch-Site": "cross-site"},
			jsonFailure(403, findJSON.Path, `{"ServerFnError":{"MiddlewareError":"cross-origin request refused: cross-origin request detected from Sec-Fetch-Site header"}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fx.raw(t, tt.f, []byte(tt.data), tt.header)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}

	// CBOR: {"NotFound":{"id":7}} as ciborium writes it.
	got := fx.raw(t, findCBOR, mustCBOR(t, findArgsMessage, &FindArgs{ID: 7}), nil)
	if want := "a1684e6f74466f756e64a16269640" + "7"; got.Status != 404 || hex.EncodeToString([]byte(got.Body)) != want ||
		got.Header["Content-Type"] != "application/cbor" {
		t.Errorf("CBOR variant: %d %s %x, want 404 application/cbor %s", got.Status, got.Header["Content-Type"], got.Body, want)
	}

	// A plain HTML form: __err is padded base64url of the same JSON body.
	got = fx.raw(t, findURL, []byte("id=7"), map[string]string{"Accept": htmlLike, "Referer": cleanReferer})
	wantErr := base64.URLEncoding.EncodeToString([]byte(`{"NotFound":{"id":7}}`))
	if got.Status != 302 || !strings.HasSuffix(got.Header["Location"], "&__path=%2Fapi%2Ffind_url&__err="+strings.ReplaceAll(wantErr, "=", "%3D")) {
		t.Errorf("plain form: %d %q, want 302 with __err=%s", got.Status, got.Header["Location"], wantErr)
	}
	if errs := fx.logs.atLeast(slog.LevelError); len(errs) != 2 || !strings.Contains(errs[0]+errs[1], "disk full") {
		t.Errorf("logged %q at error, want the masked error and the other type's", errs)
	}
}

func mustCBOR(t *testing.T, m *wire.Message, v any) []byte {
	t.Helper()
	b, err := wire.AppendCBOR(nil, m, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTypedErrorClient calls the functions with the Go client (plan-driven, as Invoke
// does) and switches on the variants with errors.As.
func TestTypedErrorClient(t *testing.T) {
	t.Parallel()
	fx := newTypedFixture(t)
	c := client.New(fx.srv.URL)
	for _, f := range []*rpc.Func{findJSON, findURL, findCBOR} {
		_, err := client.Call[Todo](context.Background(), c, f, &FindArgs{ID: 7})
		var fe *FindError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: error %v (%T), want a *FindError", f.Name, err, err)
		}
		if diff := cmp.Diff(FindErrorKind(FindErrorKindNotFound{NotFound{ID: 7}}), fe.Kind); diff != "" {
			t.Errorf("%s: variant (-want +got):\n%s", f.Name, diff)
		}
		_, err = client.Call[Todo](context.Background(), c, f, &FindArgs{ID: 13})
		if !errors.As(err, &fe) || fe.FrameworkError() == nil {
			t.Fatalf("%s: error %v, want the framework variant", f.Name, err)
		}
		if got := *fe.FrameworkError(); got != (rpc.Error{Tag: rpc.TagServerError, Message: "internal error", Status: 500}) {
			t.Errorf("%s: framework variant %+v", f.Name, got)
		}
	}
}

// TestTypedErrorUndecodable: a body in the error type's Content-Type that does not decode
// is a Deserialization error holding the raw text; a "Tag|message" body still reads as one.
func TestTypedErrorUndecodable(t *testing.T) {
	t.Parallel()
	answer := ""
	ct := "application/json"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(404)
		_, _ = w.Write([]byte(answer))
	}))
	t.Cleanup(srv.Close)
	c := client.New(srv.URL)
	answer = `{"Gone":{}}`
	_, err := client.Call[Todo](context.Background(), c, findJSON, &FindArgs{ID: 1})
	if diff := cmp.Diff(&rpc.Error{Tag: rpc.TagDeserialization, Message: `{"Gone":{}}`, Status: 404}, err); diff != "" {
		t.Errorf("undecodable body (-want +got):\n%s", diff)
	}
	answer, ct = "Registration|no such function", "text/plain"
	_, err = client.Call[Todo](context.Background(), c, findJSON, &FindArgs{ID: 1})
	if diff := cmp.Diff(&rpc.Error{Tag: rpc.TagRegistration, Message: "no such function", Status: 404}, err); diff != "" {
		t.Errorf("text body (-want +got):\n%s", diff)
	}
}
