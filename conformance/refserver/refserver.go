// Package refserver is sfn's reference server for the conformance suite: every service of
// conformance/conformance.sfn implemented exactly as docs/conformance.md and the schema's
// comments describe, served by sfn's Go runtime with fixed options. The server cases in
// conformance/cases are written to pass against it, so it is both the suite's check of
// sfn's server and a small model of a user's server: implementations of the generated
// interfaces, joined into one http.Handler.
//
// Its options are fixed, as the cases in limits.json and cross-origin.json are written
// against them (they are the runtime's defaults, spelled out so that a change of default
// does not change the suite):
//
//   - Limits: request bodies up to 4 MiB, 1000 form keys, form keys of known fields 5
//     segments deep, strings up to 1 MiB, JSON nested 127 deep (as serde_json), CBOR 128
//     deep, CBOR lengths and list items up to 100,000;
//   - cross-origin protection on, with no trusted origins: a POST whose Sec-Fetch-Site is
//     cross-site or same-site, or that has no Sec-Fetch-Site and an Origin other than the
//     request's host, is refused 403;
//   - Streams: websocket items up to 4 MiB (Limits.MaxBytes), a text stream in up to 4 MiB
//     (StreamLimit), uploads of at most 10 parts, 8 KiB part headers, 4 MiB in all and
//     1 MiB per part; count answers n up to 1,000 (MaxTicks);
//   - no timeouts, gates or interceptors; the logger is slog.Default().
//
// Run it with go run ./conformance/server.
package refserver

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sfn-dev/sfn/conformance/gen/conformancev1"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// MaxCount is the largest n count_to and count_to_cbor accept: a larger one fails with
// 400 ServerError, so that one small request cannot make the server build a list of four
// billion numbers. The suite's cases stay far below it.
const MaxCount = 100_000

// Handler returns the reference server: the services Echo, Types, Calls, Behaviour,
// Typed and Streams at their paths, with the options described in the package documentation. Requests for
// any other path are answered 404.
func Handler() http.Handler {
	opt := server.WithLimits(limits)
	return server.Join(
		conformancev1.NewEchoHandler(echo{}, opt),
		conformancev1.NewTypesHandler(types{}, opt),
		conformancev1.NewCallsHandler(calls{}, opt),
		conformancev1.NewBehaviourHandler(behaviour{}, opt),
		conformancev1.NewTypedHandler(typed{}, opt),
		conformancev1.NewStreamsHandler(streams{}, opt,
			server.WithStreamLimit(StreamLimit), server.WithUploadLimits(uploadLimits)),
	)
}

// limits are the reference server's limits (see the package documentation).
var limits = wire.Limits{
	MaxBytes:     4 << 20,
	MaxFormKeys:  1000,
	MaxFormDepth: 5,
	MaxStringLen: 1 << 20,
	MaxJSONDepth: 127,
	MaxCBORDepth: 128,
	MaxCBORLen:   100_000,
	MaxItems:     100_000,
}

// echo is the recorded Leptos server's functions (shared/leptos/echo.sfn).
type echo struct{}

var _ conformancev1.Echo = echo{}

func (echo) EchoURL(_ context.Context, in *conformancev1.Everything) (*conformancev1.Everything, error) {
	return in, nil
}

func (echo) EchoGetJSON(_ context.Context, in *conformancev1.Everything) (*conformancev1.Everything, error) {
	return in, nil
}

func (echo) EchoCBOR(_ context.Context, in *conformancev1.Everything) (*conformancev1.Everything, error) {
	return in, nil
}

func (echo) EchoGetCBOR(_ context.Context, in *conformancev1.Everything) (*conformancev1.Everything, error) {
	return in, nil
}

func (echo) EchoJSON(_ context.Context, in *conformancev1.Everything) (*conformancev1.Everything, error) {
	return in, nil
}

// AddTodo fails as the Leptos server's ServerFnError::new("title must not be empty") when
// the title is blank (Rust's trim and Go's TrimSpace both trim Unicode White_Space), and
// otherwise returns the title's length in UTF-8 bytes.
func (echo) AddTodo(_ context.Context, in *conformancev1.AddTodo) (*conformancev1.TitleLen, error) {
	if strings.TrimSpace(in.Title) == "" {
		// A message made for the caller, as ServerFnError::new's is (a plain Go error
		// would be masked as "internal error").
		return nil, rpc.NewError(500, "title must not be empty")
	}
	return &conformancev1.TitleLen{Len: uint64(len(in.Title))}, nil
}

// Search returns Rust's format!("q={q:?} page={page:?} tags={tags:?}").
func (echo) Search(_ context.Context, in *conformancev1.Search) (*conformancev1.SearchResult, error) {
	var b strings.Builder
	b.WriteString("q=")
	b.WriteString(rustDebug(in.Q))
	b.WriteString(" page=")
	if in.Page == nil {
		b.WriteString("None")
	} else {
		b.WriteString("Some(" + strconv.FormatUint(uint64(*in.Page), 10) + ")")
	}
	b.WriteString(" tags=[")
	for i, tag := range in.Tags {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(rustDebug(tag))
	}
	b.WriteString("]")
	return &conformancev1.SearchResult{Text: b.String()}, nil
}

func (echo) Ping(context.Context) error { return nil }

// types echoes the kinds the Echo functions do not cover.
type types struct{}

var _ conformancev1.Types = types{}

func (types) ScalarsURL(_ context.Context, in *conformancev1.Scalars) (*conformancev1.Scalars, error) {
	return in, nil
}

func (types) ScalarsCBOR(_ context.Context, in *conformancev1.Scalars) (*conformancev1.Scalars, error) {
	return in, nil
}

func (types) ScalarsJSON(_ context.Context, in *conformancev1.Scalars) (*conformancev1.Scalars, error) {
	return in, nil
}

func (types) KindsURL(_ context.Context, in *conformancev1.Kinds) (*conformancev1.Kinds, error) {
	return in, nil
}

func (types) KindsGetCBOR(_ context.Context, in *conformancev1.Kinds) (*conformancev1.Kinds, error) {
	return in, nil
}

func (types) KindsCBOR(_ context.Context, in *conformancev1.Kinds) (*conformancev1.Kinds, error) {
	return in, nil
}

func (types) KindsJSON(_ context.Context, in *conformancev1.Kinds) (*conformancev1.Kinds, error) {
	return in, nil
}

func (types) DynamicJSON(_ context.Context, in *conformancev1.Dynamic) (*conformancev1.Dynamic, error) {
	return in, nil
}

func (types) CountTo(_ context.Context, in *conformancev1.Count) (*conformancev1.Numbers, error) {
	return countTo(in.N)
}

func (types) CountToCBOR(_ context.Context, in *conformancev1.Count) (*conformancev1.Numbers, error) {
	return countTo(in.N)
}

// countTo returns [1, 2, ..., n].
func countTo(n uint32) (*conformancev1.Numbers, error) {
	if n > MaxCount {
		return nil, rpc.NewError(http.StatusBadRequest, "n must be at most "+strconv.Itoa(MaxCount))
	}
	out := &conformancev1.Numbers{Values: make([]int64, n)}
	for i := range out.Values {
		out.Values[i] = int64(i) + 1
	}
	return out, nil
}

func (types) Stamp(_ context.Context, in *conformancev1.Kinds) (time.Time, error) {
	return in.At, nil
}

func (types) Shout(_ context.Context, in *conformancev1.AddTodo) (*conformancev1.Text, error) {
	return &conformancev1.Text{Text: in.Title}, nil
}

// calls covers zero-argument functions and Leptos's hashed default paths.
type calls struct{}

var _ conformancev1.Calls = calls{}

func (calls) NothingURL(context.Context) error     { return nil }
func (calls) NothingGetCBOR(context.Context) error { return nil }
func (calls) NothingCBOR(context.Context) error    { return nil }
func (calls) NothingJSON(context.Context) error    { return nil }

func (calls) HashedURL(_ context.Context, in *conformancev1.AddTodo) (*conformancev1.TitleLen, error) {
	return &conformancev1.TitleLen{Len: uint64(len(in.Title))}, nil
}

func (calls) HashedCBOR(_ context.Context, in *conformancev1.AddTodo) (*conformancev1.TitleLen, error) {
	return &conformancev1.TitleLen{Len: uint64(len(in.Title))}, nil
}

// behaviour fails, panics and redirects on request.
type behaviour struct{}

var _ conformancev1.Behaviour = behaviour{}

func (behaviour) Fail(_ context.Context, in *conformancev1.Failure) error { return failure(in) }

func (behaviour) FailCBOR(_ context.Context, in *conformancev1.Failure) error { return failure(in) }

func (behaviour) FailGet(_ context.Context, in *conformancev1.Failure) error { return failure(in) }

// failure is ServerError|message with the asked status; rpc.Error answers 500 for 0 and
// for anything else outside 400..599.
func failure(in *conformancev1.Failure) error {
	status := http.StatusInternalServerError
	if in.Status <= 599 {
		status = int(in.Status)
	}
	return rpc.NewError(status, in.Message)
}

func (behaviour) PanicNow(context.Context) error {
	panic("panic_now was called")
}

func (behaviour) Redirect(ctx context.Context, in *conformancev1.RedirectTo) error {
	server.Redirect(ctx, in.Location)
	return nil
}

func (behaviour) RedirectJSON(ctx context.Context, in *conformancev1.RedirectTo) error {
	server.Redirect(ctx, in.Location)
	return nil
}

// typed fails with its error types' variants as Trouble asks (SPEC 5.1).
type typed struct{}

var _ conformancev1.Typed = typed{}

func (typed) TypedURL(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, jsonError)
}

func (typed) TypedJSON(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, jsonError)
}

func (typed) TypedCBOR(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, jsonError)
}

func (typed) TypedGet(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, jsonError)
}

func (typed) TypedJSONCBORError(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, cborError)
}

func (typed) TypedURLCBORError(_ context.Context, in *conformancev1.Trouble) (*conformancev1.Text, error) {
	return trouble(in, cborError)
}

// trouble does what in.mode asks (see Trouble in conformance.sfn): succeed with "ok", fail
// with a variant of the function's error type (made by variant), fail with an error made
// for the caller (the framework variant, with its status), or with one that is not (masked
// as internal error), or panic.
func trouble(in *conformancev1.Trouble, variant func(mode string, in *conformancev1.Trouble) error) (*conformancev1.Text, error) {
	switch in.Mode {
	case "ok":
		return &conformancev1.Text{Text: "ok"}, nil
	case "framework":
		return nil, rpc.NewError(http.StatusConflict, in.Reason)
	case "plain":
		return nil, errors.New("database is down: " + in.Reason)
	case "panic":
		panic("trouble: panic asked for")
	case "not_found", "invalid", "gone":
		return nil, variant(in.Mode, in)
	}
	return nil, variant("invalid", &conformancev1.Trouble{Field: "mode", Reason: "unknown mode"})
}

func jsonError(mode string, in *conformancev1.Trouble) error {
	switch mode {
	case "not_found":
		return &conformancev1.TypedError{Kind: conformancev1.TypedErrorKindNotFound{NotFound: conformancev1.NotFound{ID: in.ID}}}
	case "gone":
		return &conformancev1.TypedError{Kind: conformancev1.TypedErrorKindGone{}}
	}
	return &conformancev1.TypedError{Kind: conformancev1.TypedErrorKindInvalid{Invalid: conformancev1.Invalid{Field: in.Field, Reason: in.Reason}}}
}

func cborError(mode string, in *conformancev1.Trouble) error {
	switch mode {
	case "not_found":
		return &conformancev1.CBORError{Kind: conformancev1.CBORErrorKindNotFound{NotFound: conformancev1.NotFound{ID: in.ID}}}
	case "gone":
		return &conformancev1.CBORError{Kind: conformancev1.CBORErrorKindGone{}}
	}
	return &conformancev1.CBORError{Kind: conformancev1.CBORErrorKindInvalid{Invalid: conformancev1.Invalid{Field: in.Field, Reason: in.Reason}}}
}
