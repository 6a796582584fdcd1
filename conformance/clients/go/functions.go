package main

import (
	"context"
	"reflect"
	"time"

	v1 "github.com/sfn-dev/sfn/conformance/gen/conformancev1"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// function calls one schema function: it decodes args (the JSON mapping) into the
// function's generated argument type, calls it through a generated client for baseURL made
// with opts, and returns the result in the JSON mapping. An error from the call is returned
// as the client gave it; one from decoding args is a harnessError.
// input is the case line's input, for functions that stream in (upper, sizes).
type function func(ctx context.Context, baseURL string, opts []client.Option, args, input []byte) ([]byte, error)

// functions is the dispatch table: every function of conformance.sfn, by rpc name. Each
// entry is the generated client's constructor and method, so a call goes through exactly
// the code an application would use.
var functions = map[string]function{
	"echo_url":      call(v1.NewEchoClient, v1.Echo.EchoURL),
	"echo_get_json": call(v1.NewEchoClient, v1.Echo.EchoGetJSON),
	"echo_cbor":     call(v1.NewEchoClient, v1.Echo.EchoCBOR),
	"echo_get_cbor": call(v1.NewEchoClient, v1.Echo.EchoGetCBOR),
	"echo_json":     call(v1.NewEchoClient, v1.Echo.EchoJSON),
	"add_todo":      call(v1.NewEchoClient, v1.Echo.AddTodo),
	"search":        call(v1.NewEchoClient, v1.Echo.Search),
	"ping":          none(v1.NewEchoClient, v1.Echo.Ping),

	"scalars_url":    call(v1.NewTypesClient, v1.Types.ScalarsURL),
	"scalars_cbor":   call(v1.NewTypesClient, v1.Types.ScalarsCBOR),
	"scalars_json":   call(v1.NewTypesClient, v1.Types.ScalarsJSON),
	"kinds_url":      call(v1.NewTypesClient, v1.Types.KindsURL),
	"kinds_get_cbor": call(v1.NewTypesClient, v1.Types.KindsGetCBOR),
	"kinds_cbor":     call(v1.NewTypesClient, v1.Types.KindsCBOR),
	"kinds_json":     call(v1.NewTypesClient, v1.Types.KindsJSON),
	"dynamic_json":   call(v1.NewTypesClient, v1.Types.DynamicJSON),
	"count_to":       call(v1.NewTypesClient, v1.Types.CountTo),
	"count_to_cbor":  call(v1.NewTypesClient, v1.Types.CountToCBOR),
	"stamp":          fn(v1.NewTypesClient, v1.Types.Stamp, encodeTimestamp),
	"shout":          call(v1.NewTypesClient, v1.Types.Shout),

	"nothing_url":      none(v1.NewCallsClient, v1.Calls.NothingURL),
	"nothing_get_cbor": none(v1.NewCallsClient, v1.Calls.NothingGetCBOR),
	"nothing_cbor":     none(v1.NewCallsClient, v1.Calls.NothingCBOR),
	"nothing_json":     none(v1.NewCallsClient, v1.Calls.NothingJSON),
	"hashed_url":       call(v1.NewCallsClient, v1.Calls.HashedURL),
	"hashed_cbor":      call(v1.NewCallsClient, v1.Calls.HashedCBOR),

	"fail":          unit(v1.NewBehaviourClient, v1.Behaviour.Fail),
	"fail_cbor":     unit(v1.NewBehaviourClient, v1.Behaviour.FailCBOR),
	"fail_get":      unit(v1.NewBehaviourClient, v1.Behaviour.FailGet),
	"panic_now":     none(v1.NewBehaviourClient, v1.Behaviour.PanicNow),
	"redirect":      unit(v1.NewBehaviourClient, v1.Behaviour.Redirect),
	"redirect_json": unit(v1.NewBehaviourClient, v1.Behaviour.RedirectJSON),

	"typed_url":             call(v1.NewTypedClient, v1.Typed.TypedURL),
	"typed_json":            call(v1.NewTypedClient, v1.Typed.TypedJSON),
	"typed_cbor":            call(v1.NewTypedClient, v1.Typed.TypedCBOR),
	"typed_get":             call(v1.NewTypedClient, v1.Typed.TypedGet),
	"typed_json_cbor_error": call(v1.NewTypedClient, v1.Typed.TypedJSONCBORError),
	"typed_url_cbor_error":  call(v1.NewTypedClient, v1.Typed.TypedURLCBORError),

	"upper": upper,
	"sizes": sizes,
}

// message is a pointer to a generated message type, which can describe itself to
// runtime/wire's codecs.
type message[T any] interface {
	*T
	WireMessage() *wire.Message
}

// harnessError is a failure of this program rather than of the client under test, such as
// args that do not decode into the function's argument type.
type harnessError struct{ msg string }

func (e *harnessError) Error() string { return e.msg }

// fn is the one shape every entry takes: a service constructor, a method of the service
// taking a message, and how to write the method's result in the JSON mapping.
func fn[S, In, Out any, PI message[In]](
	newClient func(string, ...client.Option) S,
	method func(S, context.Context, PI) (Out, error),
	result func(Out) ([]byte, error),
) function {
	return func(ctx context.Context, baseURL string, opts []client.Option, args, _ []byte) ([]byte, error) {
		in := PI(new(In))
		if err := wire.UnmarshalJSON(in.WireMessage(), args, in, nil); err != nil {
			return nil, &harnessError{"args: " + err.Error()}
		}
		out, err := method(newClient(baseURL, opts...), ctx, in)
		if err != nil {
			return nil, err
		}
		return result(out)
	}
}

// call is fn for a method returning a message.
func call[S, In, Out any, PI message[In], PO message[Out]](
	newClient func(string, ...client.Option) S,
	method func(S, context.Context, PI) (PO, error),
) function {
	return fn(newClient, method, func(out PO) ([]byte, error) {
		return wire.MarshalJSON(out.WireMessage(), out)
	})
}

// unit is fn for a method returning (), null in the JSON mapping.
func unit[S, In any, PI message[In]](
	newClient func(string, ...client.Option) S,
	method func(S, context.Context, PI) error,
) function {
	return fn(newClient,
		func(s S, ctx context.Context, in PI) (struct{}, error) { return struct{}{}, method(s, ctx, in) },
		func(struct{}) ([]byte, error) { return []byte("null"), nil })
}

// none is unit for a method without arguments; args must still be the empty object.
func none[S any](newClient func(string, ...client.Option) S, method func(S, context.Context) error) function {
	return unit(newClient, func(s S, ctx context.Context, _ *empty) error { return method(s, ctx) })
}

// empty is google.protobuf.Empty as arguments: {} in the JSON mapping.
type empty struct{}

var emptyMessage = &wire.Message{Name: "google.protobuf.Empty", GoType: reflect.TypeFor[empty]()}

// WireMessage describes empty to runtime/wire.
func (*empty) WireMessage() *wire.Message { return emptyMessage }

// timestamp is a bare google.protobuf.Timestamp as a result, such as stamp's: a transparent
// one-field message, so that runtime/wire writes it as the timestamp's string.
type timestamp struct{ Value time.Time }

var timestampMessage = &wire.Message{
	Name:        "google.protobuf.Timestamp",
	Transparent: true,
	Fields:      []wire.Field{{Name: "value", GoName: "Value", Type: wire.Timestamp}},
	GoType:      reflect.TypeFor[timestamp](),
}

func encodeTimestamp(t time.Time) ([]byte, error) {
	return wire.MarshalJSON(timestampMessage, &timestamp{t})
}
