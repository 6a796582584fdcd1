package server

import (
	"context"
	"iter"
	"reflect"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Websocket functions (SPEC section 11, Leptos 0.8's Websocket protocol): generated code
// builds their routes with StreamBoth, StreamOut and StreamIn, from a descriptor whose
// Stream is set (see rpc.Stream for the wire and the end of each stream). The request's
// path through the package is the same as a call's up to the gates (route.go, admit.go),
// then websocket_serve.go upgrades it and websocket_session.go runs the session.
//
// Errors are items, as in Leptos: an input item that does not decode reaches the function
// as an error from its input iterator, and an error the function's output yields is sent
// as an error item (masked as a call's error is: only a *rpc.Error or the function's typed
// error reaches the client, anything else is "ServerError|internal error" and logged),
// after which the output goes on until the iterator stops.

// StreamBoth is a function with a stream in and a stream out:
// func(ctx, iter.Seq2[*In, error]) iter.Seq2[*Out, error]. f.Stream has InStream and
// OutStream set; f.Args describes In, f.Result Out.
//
// The function returns its output at once; the output is pulled one item at a time and
// each item is written before the next is pulled, so a slow client slows the producer.
// The input is read from the websocket as the function pulls it: an item that does not
// decode (an empty frame, an unknown tag, a payload that is not an In) or an error item
// the client sent is yielded as an error, and the iterator goes on. The input ends when
// the client ends it (the end-of-input frame), closes the websocket or goes away; ctx is
// cancelled when the client closes or goes away, and the output's next write fails.
func StreamBoth[In, Out any](f *rpc.Func, fn func(ctx context.Context, in iter.Seq2[*In, error]) iter.Seq2[*Out, error]) Route {
	mustStream("StreamBoth", f, true, true)
	return streamRoute[In, Out](f, func(ctx context.Context, _ *Call) (any, error) {
		return anyItems(fn(ctx, typedItems[In](streamInput(ctx)))), nil
	})
}

// StreamOut is a function with one argument value and a stream out:
// func(ctx, *In) iter.Seq2[*Out, error]. The argument is the first input item; one that
// does not decode is answered with an error item and the end of the session, without
// calling the function, as a call with bad arguments is answered. Further input items are
// read and dropped, so that the session notices the client closing.
func StreamOut[In, Out any](f *rpc.Func, fn func(ctx context.Context, in *In) iter.Seq2[*Out, error]) Route {
	mustStream("StreamOut", f, false, true)
	return streamRoute[In, Out](f, func(ctx context.Context, c *Call) (any, error) {
		return anyItems(fn(ctx, c.Args.(*In))), nil
	})
}

// StreamIn is a function with a stream in and one result value:
// func(ctx, iter.Seq2[*In, error]) (*Out, error). It runs when the output is first
// pulled; its result, or its error, is the one output item, and the session then ends.
// It usually reads its input to the end, which comes when the client sends the
// end-of-input frame.
func StreamIn[In, Out any](f *rpc.Func, fn func(ctx context.Context, in iter.Seq2[*In, error]) (*Out, error)) Route {
	mustStream("StreamIn", f, true, false)
	return streamRoute[In, Out](f, func(ctx context.Context, _ *Call) (any, error) {
		in := typedItems[In](streamInput(ctx))
		return iter.Seq2[any, error](func(yield func(any, error) bool) {
			out, err := fn(ctx, in)
			yield(result(f, out, err))
		}), nil
	})
}

func streamRoute[In, Out any](f *rpc.Func, invoke Next) Route {
	return Route{
		fn:         f,
		newArgs:    func() any { return new(In) },
		invoke:     invoke,
		argsType:   reflect.TypeFor[In](),
		resultType: reflect.TypeFor[Out](),
	}
}

// mustStream panics, as NewHandler does for a route that does not match its descriptor,
// when f does not describe a websocket function of the constructor's shape.
func mustStream(ctor string, f *rpc.Func, in, out bool) {
	switch {
	case f == nil:
		panic("server: " + ctor + ": nil *rpc.Func")
	case f.Stream == nil:
		panic("server: " + ctor + ": " + f.Name + " is not a websocket function (its rpc.Func has no Stream)")
	case f.Stream.InStream != in || f.Stream.OutStream != out:
		panic("server: " + ctor + ": the shape of " + f.Name + "'s rpc.Stream does not match " + ctor)
	case f.Encoding != rpc.GetJson && f.Encoding != rpc.GetCbor:
		panic("server: " + ctor + ": " + f.Name + " has encoding " + f.Encoding.String() + "; a websocket function has GetJson or GetCbor")
	}
}

// Interceptors see a websocket function's start: Call.Args is the argument value of a
// StreamOut function and nil for the others, and the result an interceptor gets from
// next (and may replace) is the output, an iter.Seq2[any, error] whose items are pointers
// to values of Func.Result's Go type. An error an interceptor returns is sent as an
// error item, and the session ends. Timing the whole session means wrapping the output.

// streamInKey carries the session's input iterator from the session to the route's
// invoke, through the interceptors.
type streamInKey struct{}

func streamInput(ctx context.Context) iter.Seq2[any, error] {
	in, _ := ctx.Value(streamInKey{}).(iter.Seq2[any, error])
	if in == nil {
		return func(func(any, error) bool) {}
	}
	return in
}

func typedItems[T any](in iter.Seq2[any, error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for v, err := range in {
			t, _ := v.(*T)
			if !yield(t, err) {
				return
			}
		}
	}
}

func anyItems[T any](out iter.Seq2[*T, error]) iter.Seq2[any, error] {
	if out == nil {
		return nil
	}
	return func(yield func(any, error) bool) {
		for v, err := range out {
			var a any
			if v != nil {
				a = v
			}
			if !yield(a, err) {
				return
			}
		}
	}
}
