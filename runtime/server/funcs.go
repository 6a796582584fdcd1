package server

import (
	"context"
	"fmt"
	"net/http"
	"reflect"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Route binds one server function's descriptor to the Go function that implements it.
// Generated code builds routes with Unary, NoArgs, NoResult and Bare, one per function of a
// service, and passes them to NewHandler. The four constructors differ only in the shape of
// the Go function, which follows the schema: whether it takes arguments (an input message
// other than google.protobuf.Empty) and whether it returns a value.
type Route struct {
	fn *rpc.Func
	// newArgs returns a pointer to a fresh zero argument value, of the type invoke expects.
	newArgs func() any
	// invoke runs the function on decoded arguments and returns a pointer to its result.
	invoke Next
	// argsType and resultType are the Go types the route was built for, checked against
	// the descriptor's GoTypes by NewHandler.
	argsType, resultType reflect.Type
	// serveBody, when set, serves the request once it is admitted, in place of the read,
	// decode and call steps of route.serve: byte streams and uploads (bytestream.go,
	// upload.go), whose bodies are not one encoded value.
	serveBody func(rt *route, w http.ResponseWriter, r *http.Request, st *callState, plain bool)
}

// Func returns the descriptor of the route's function.
func (r Route) Func() *rpc.Func { return r.fn }

// Unary is a function with arguments and a result: func(ctx, *In) (*Out, error).
func Unary[In, Out any](f *rpc.Func, fn func(context.Context, *In) (*Out, error)) Route {
	return Route{
		fn:      f,
		newArgs: func() any { return new(In) },
		invoke: func(ctx context.Context, c *Call) (any, error) {
			out, err := fn(ctx, c.Args.(*In))
			return result(f, out, err)
		},
		argsType:   reflect.TypeFor[In](),
		resultType: reflect.TypeFor[Out](),
	}
}

// NoArgs is a function without arguments that returns a result: func(ctx) (*Out, error).
// f.Args is rpc.NoArgs.
func NoArgs[Out any](f *rpc.Func, fn func(context.Context) (*Out, error)) Route {
	return Route{
		fn:      f,
		newArgs: newUnit,
		invoke: func(ctx context.Context, _ *Call) (any, error) {
			out, err := fn(ctx)
			return result(f, out, err)
		},
		argsType:   unitType,
		resultType: reflect.TypeFor[Out](),
	}
}

// NoResult is a function with arguments and a unit result (google.protobuf.Empty, Rust's
// ()): func(ctx, *In) error. f.Result is wire.UnitMessage.
func NoResult[In any](f *rpc.Func, fn func(context.Context, *In) error) Route {
	return Route{
		fn:      f,
		newArgs: func() any { return new(In) },
		invoke: func(ctx context.Context, c *Call) (any, error) {
			return unitResult(fn(ctx, c.Args.(*In)))
		},
		argsType:   reflect.TypeFor[In](),
		resultType: unitType,
	}
}

// Bare is a function with neither arguments nor a result: func(ctx) error.
func Bare(f *rpc.Func, fn func(context.Context) error) Route {
	return Route{
		fn:      f,
		newArgs: newUnit,
		invoke: func(ctx context.Context, _ *Call) (any, error) {
			return unitResult(fn(ctx))
		},
		argsType:   unitType,
		resultType: unitType,
	}
}

var unitType = reflect.TypeFor[struct{}]()

func newUnit() any { return new(struct{}) }

func unitResult(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return new(struct{}), nil
}

// result turns a typed result into the untyped one interceptors see. A nil result with a
// nil error is a bug in the function, answered as a Serialization error rather than a
// panic in the encoder.
func result[Out any](f *rpc.Func, out *Out, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, &rpc.Error{
			Tag:     rpc.TagSerialization,
			Message: fmt.Sprintf("%s returned a nil result and a nil error", f.Name),
			Status:  500,
		}
	}
	return out, nil
}

// check reports a route whose Go types do not match its descriptor, or a descriptor that
// cannot serve at all, so that NewHandler fails at start-up instead of on the first call.
func (r Route) check() error {
	f := r.fn
	switch {
	case f == nil:
		return fmt.Errorf("route with a nil *rpc.Func")
	case f.Path == "" || f.Path[0] != '/':
		return fmt.Errorf("%s: path %q does not start with /", f.Name, f.Path)
	case f.Encoding < rpc.Url || f.Encoding > rpc.Json:
		return fmt.Errorf("%s: unknown encoding %v", f.Name, f.Encoding)
	case f.Args == nil || f.Result == nil:
		return fmt.Errorf("%s: descriptor without Args or Result", f.Name)
	case r.invoke == nil:
		return fmt.Errorf("%s: route without a function; build it with Unary, NoArgs, NoResult or Bare", f.Name)
	}
	if t := f.Args.GoType; t != nil && t != r.argsType {
		return fmt.Errorf("%s: arguments are %v but the descriptor %s is %v", f.Name, r.argsType, f.Args.Name, t)
	}
	if t := f.Result.GoType; t != nil && t != r.resultType {
		return fmt.Errorf("%s: result is %v but the descriptor %s is %v", f.Name, r.resultType, f.Result.Name, t)
	}
	return nil
}
