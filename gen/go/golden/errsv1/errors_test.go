//go:build !js

package errsv1

// Not generated: the generated typed errors (SPEC 5.1) end to end, a generated server and
// a generated client over a real socket, and the generated decoders held to the
// plan-driven ones on the same bodies.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// impl fails by the title or id it is given.
type impl struct{ UnimplementedQuotas }

func (impl) AddTodo(_ context.Context, in *AddTodo) (*Todo, error) {
	if strings.TrimSpace(in.Title) == "" {
		return nil, &TodoError{Kind: TodoErrorKindInvalid{Invalid{Field: "title", Reason: "empty"}}}
	}
	return &Todo{ID: 1, Title: in.Title}, nil
}

func (impl) GetTodo(_ context.Context, in *GetTodo) (*Todo, error) {
	switch in.ID {
	case 1:
		return &Todo{ID: 1, Title: "milk"}, nil
	case 2:
		return nil, &QuotaError{Reason: QuotaErrorReasonBusy{}}
	}
	return nil, &QuotaError{Reason: QuotaErrorReasonExceeded{Exceeded{Limit: 3, Token: []byte{1, 2}}}}
}

func (impl) Ping(context.Context) error { return nil }

func (impl) Release(_ context.Context, in *GetTodo) (*Todo, error) {
	e := &TodoError{Kind: TodoErrorKindNotFound{NotFound{ID: in.ID}}}
	if in.ID == 410 {
		e.SetHTTPStatus(410) // a function's own status for this error, not the variant's 404
	}
	return nil, e
}

func start(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	server.Mount(mux, NewTodosHandler(impl{}))
	server.Mount(mux, NewQuotasHandler(impl{}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestTypedErrorsEndToEnd switches on each variant a generated client returns: JSON and
// CBOR error types, a function with and one without arguments in the form, the framework
// variant with its status, and a service default.
func TestTypedErrorsEndToEnd(t *testing.T) {
	t.Parallel()
	url := start(t)
	ctx := context.Background()
	todos, quotas := NewTodosClient(url), NewQuotasClient(url)

	_, err := todos.AddTodo(ctx, &AddTodo{Title: " "})
	var te *TodoError
	if !errors.As(err, &te) {
		t.Fatalf("AddTodo: %v (%T), want a *TodoError", err, err)
	}
	if diff := cmp.Diff(TodoErrorKind(TodoErrorKindInvalid{Invalid{Field: "title", Reason: "empty"}}), te.Kind); diff != "" {
		t.Errorf("AddTodo variant (-want +got):\n%s", diff)
	}
	if te.HTTPStatus() != 422 || te.FrameworkError() != nil {
		t.Errorf("AddTodo: status %d, framework %v", te.HTTPStatus(), te.FrameworkError())
	}

	_, err = todos.GetTodo(ctx, &GetTodo{ID: 9})
	var qe *QuotaError
	if !errors.As(err, &qe) {
		t.Fatalf("GetTodo: %v (%T), want a *QuotaError", err, err)
	}
	if diff := cmp.Diff(QuotaErrorReason(QuotaErrorReasonExceeded{Exceeded{Limit: 3, Token: []byte{1, 2}}}), qe.Reason); diff != "" {
		t.Errorf("GetTodo variant (-want +got):\n%s", diff)
	}
	if _, err = todos.GetTodo(ctx, &GetTodo{ID: 2}); !errors.As(err, &qe) || qe.HTTPStatus() != 500 {
		t.Errorf("GetTodo busy: %v", err)
	} else if _, ok := qe.Reason.(QuotaErrorReasonBusy); !ok {
		t.Errorf("GetTodo busy: variant %#v", qe.Reason)
	}

	_, err = quotas.Release(ctx, &GetTodo{ID: 5})
	if !errors.As(err, &te) || !reflect.DeepEqual(te.Kind, TodoErrorKindNotFound{NotFound{ID: 5}}) {
		t.Errorf("Release: %v, want NotFound 5", err)
	}
	// Unimplemented answers 501 in the framework variant, with its status.
	_, err = quotas.Reserve(ctx, &GetTodo{ID: 1})
	if !errors.As(err, &qe) || qe.FrameworkError() == nil {
		t.Fatalf("Reserve: %v, want the framework variant", err)
	}
	if got := *qe.FrameworkError(); got != (rpc.Error{Tag: rpc.TagServerError, Message: "reserve is not implemented", Status: 501}) {
		t.Errorf("Reserve: framework %+v", got)
	}
	// Without an error type, "Tag|message".
	if err := todos.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// TestTypedErrorStatus checks that a status a function sets with SetHTTPStatus is the
// one answered, and that a client reports the answer's status, not the variant's: a
// Leptos 0.8 server answers NotFound (404 in the schema) with 500.
func TestTypedErrorStatus(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var te *TodoError
	_, err := NewQuotasClient(start(t)).Release(ctx, &GetTodo{ID: 410})
	if !errors.As(err, &te) || te.HTTPStatus() != 410 || !reflect.DeepEqual(te.Kind, TodoErrorKindNotFound{NotFound{ID: 410}}) {
		t.Errorf("Release 410: %v, want NotFound 410 with status 410", err)
	}

	leptos := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("serverfnerror", r.URL.Path)
		w.WriteHeader(500)
		_, _ = w.Write([]byte(`{"NotFound":{"id":7}}`))
	}))
	t.Cleanup(leptos.Close)
	_, err = NewTodosClient(leptos.URL).AddTodo(ctx, &AddTodo{Title: "x"})
	if !errors.As(err, &te) || te.HTTPStatus() != 500 || !reflect.DeepEqual(te.Kind, TodoErrorKindNotFound{NotFound{ID: 7}}) {
		t.Errorf("AddTodo from Leptos: %v, want NotFound 7 with status 500", err)
	}
	te.SetHTTPStatus(0)
	if te.HTTPStatus() != 404 {
		t.Errorf("after SetHTTPStatus(0): status %d, want the variant's 404", te.HTTPStatus())
	}
}

// TestFrameworkVariantOnTheWire checks the framework variant's bytes for arguments that do
// not decode, as SPEC 5.1 writes them, and the generated client's reading of them.
func TestFrameworkVariantOnTheWire(t *testing.T) {
	t.Parallel()
	url := start(t)
	res, err := http.Get(url + TodosGetTodoPath + "?id=x")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body := make([]byte, 512)
	n, _ := res.Body.Read(body)
	var got QuotaError
	if err := wire.UnmarshalCBOR(quotaErrorMessage, body[:n], &got, nil); err != nil {
		t.Fatalf("body %x: %v", body[:n], err)
	}
	want := rpc.Error{Tag: rpc.TagArgs, Message: "id: invalid digit found in string"}
	if fe := got.FrameworkError(); res.StatusCode != 400 || res.Header.Get("Content-Type") != "application/cbor" || fe == nil || *fe != want {
		t.Errorf("answer %d %s %x, want 400 application/cbor with %+v", res.StatusCode, res.Header.Get("Content-Type"), body[:n], want)
	}
}

// TestDecodersAgree holds the generated error decoders to the plan-driven ones: the same
// value, or the same error, for each body.
func TestDecodersAgree(t *testing.T) {
	t.Parallel()
	bodies := []string{
		`{"NotFound":{"id":7}}`,
		`{"Invalid":{"field":"title","reason":"empty"}}`,
		`{"ServerFnError":{"Args":"missing field ` + "`title`" + `"}}`,
		`{"ServerFnError":{"Nope":"x"}}`,
		`{"ServerFnError":"Args"}`,
		`{"NotFound":{"id":"7"}}`,
		`{"Gone":{}}`,
		`{"NotFound":{"id":7},"Invalid":{}}`,
		`{}`,
		`null`,
		`"NotFound"`,
		`{"NotFound":{"id":7}} x`,
	}
	for _, b := range bodies {
		var plan TodoError
		perr := todoErrorErrorType.DecodeError([]byte(b), &plan, nil)
		var out error
		gerr := wire.DecodeJSON([]byte(b), nil, func(r *wire.JSONReader) { out = todoErrorFromJSON(r) })
		if (perr == nil) != (gerr == nil) {
			t.Errorf("%s: plan error %v, generated error %v", b, perr, gerr)
			continue
		}
		if perr != nil {
			if want := perr.(*rpc.Error).Message; gerr.Error() != want {
				t.Errorf("%s: generated error %q, plan %q", b, gerr, want)
			}
			continue
		}
		got, ok := out.(*TodoError)
		if !ok {
			t.Errorf("%s: generated value %T, want a *TodoError", b, out)
			continue
		}
		// The variant: the status set with SetHTTPStatus is not on the wire.
		if diff := cmp.Diff(plan.Kind, got.Kind); diff != "" {
			t.Errorf("%s: generated value (-plan +generated):\n%s", b, diff)
		}
	}
}
