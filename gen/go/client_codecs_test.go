package gogen_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen/go/golden/errsv1"
	"github.com/sfn-dev/sfn/gen/go/golden/kitchenv1"
	"github.com/sfn-dev/sfn/gen/go/golden/leptosechov1"
	"github.com/sfn-dev/sfn/gen/go/golden/streamsv1"
	"github.com/sfn-dev/sfn/gen/go/internal/codectest"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
	"github.com/sfn-dev/sfn/schema"
)

// TestClientCodecs is the differential test of the generated client codecs, through the
// generated clients themselves: for every function of the kitchen and echo goldens, random
// arguments must be sent as the bytes runtime/wire's plan-driven encoder writes (or fail
// with its error), and every answer, valid or mutated, must decode to the value, or fail
// with the error, that the plan-driven decoder gives.
func TestClientCodecs(t *testing.T) {
	t.Parallel()
	clients := map[string]func(client.Transport) any{
		"kitchen.v1.Kitchen": func(tr client.Transport) any { return kitchenv1.NewKitchenClient("http://h", client.WithTransport(tr)) },
		"leptosecho.v1.Echo": func(tr client.Transport) any { return leptosechov1.NewEchoClient("http://h", client.WithTransport(tr)) },
		"errs.v1.Todos":      func(tr client.Transport) any { return errsv1.NewTodosClient("http://h", client.WithTransport(tr)) },
		"errs.v1.Quotas":     func(tr client.Transport) any { return errsv1.NewQuotasClient("http://h", client.WithTransport(tr)) },
		// Their streaming functions are skipped below (checkFunc knows one request and one
		// answer); golden/streamsv1/streams_test.go calls each through a real server.
		"streams.v1.Chat": func(tr client.Transport) any { return streamsv1.NewChatClient("http://h", client.WithTransport(tr)) },
		"streams.v1.CborDefault": func(tr client.Transport) any {
			return streamsv1.NewCBORDefaultClient("http://h", client.WithTransport(tr))
		},
		"streams.v1.Files": func(tr client.Transport) any { return streamsv1.NewFilesClient("http://h", client.WithTransport(tr)) },
	}
	funcs := 0
	for _, src := range goldens {
		set, diags := schema.Load(context.Background(), []string{src}, schema.Options{})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		pkg, diags := compiler.Compile(set)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		file := pkg.Files[0]
		for _, s := range file.Services {
			newClient := clients[s.FullName]
			if newClient == nil {
				t.Fatalf("%s: service %s has no client in this test", file.Name, s.FullName)
			}
			for i, fn := range s.Funcs {
				if fn.Stream != nil {
					continue
				}
				funcs++
				t.Run(fn.Name, func(t *testing.T) {
					t.Parallel()
					tr := &fakeTransport{}
					checkFunc(t, reflect.ValueOf(newClient(tr)).MethodByName(fn.GoName), fn, tr, uint64(100+i))
				})
			}
		}
	}
	if funcs < 14 {
		t.Fatalf("only %d functions tested", funcs)
	}
}

// fakeTransport keeps the request and answers with res.
type fakeTransport struct {
	req *client.Request
	res *client.Response
}

func (f *fakeTransport) RoundTrip(_ context.Context, req *client.Request) (*client.Response, error) {
	f.req = req
	return f.res, nil
}

// args is what the request carried: the query for GET, else the body.
func (f *fakeTransport) args() string {
	if f.req.Method == "GET" {
		_, q, _ := strings.Cut(f.req.URL, "?")
		return q
	}
	return string(f.req.Body)
}

// descriptor returns the plan-driven descriptor of a Go type the client takes or returns:
// a generated message's, or for a result that is not a message, a transparent struct
// holding it, as generated code declares its result wrappers.
func descriptor(rt reflect.Type, out *ir.Type) *wire.Message {
	if rt.Kind() == reflect.Pointer {
		if m, ok := reflect.New(rt.Elem()).Interface().(interface{ WireMessage() *wire.Message }); ok {
			return m.WireMessage()
		}
	}
	wt := map[ir.Kind]*wire.Type{ir.KindTimestamp: wire.Timestamp, ir.KindJSONValue: wire.JSONValue, ir.KindJSONObject: wire.JSONObject,
		ir.KindString: wire.String, ir.KindBool: wire.Bool, ir.KindInt32: wire.Int32, ir.KindInt64: wire.Int64, ir.KindUint32: wire.Uint32,
		ir.KindUint64: wire.Uint64, ir.KindFloat32: wire.Float32, ir.KindFloat64: wire.Float64, ir.KindBytes: wire.Bytes}
	typ := wt[out.Kind]
	if out.Kind == ir.KindOptional {
		typ = wire.OptionalOf(wt[out.Elem.Kind])
	}
	return &wire.Message{Name: "result", Transparent: true, Fields: []wire.Field{{Name: "value", GoName: "Value", Type: typ}},
		GoType: reflect.StructOf([]reflect.StructField{{Name: "Value", Type: rt}})}
}

func checkFunc(t *testing.T, method reflect.Value, fn *ir.Func, tr *fakeTransport, seed uint64) {
	mt := method.Type()
	f := &rpc.Func{Encoding: rpc.Encoding(map[ir.Encoding]int{ir.Url: 1, ir.GetJson: 2, ir.Cbor: 3, ir.GetCbor: 4, ir.Json: 5}[fn.Encoding]),
		Args: rpc.NoArgs, Result: wire.UnitMessage}
	if !fn.NoArgs {
		f.Args = descriptor(mt.In(1), nil)
	}
	if !fn.Unit {
		f.Result = descriptor(mt.Out(0), fn.Output)
	}
	resultFormat := string(fn.Encoding.ResultFormat())
	rnd := rand.New(rand.NewPCG(seed, 7))
	values := codectest.NewValues(rnd)
	ctx := context.Background()

	// call calls the function with the arguments in, answering with body; it returns the
	// result and the error.
	call := func(in reflect.Value, body []byte) (reflect.Value, error) {
		tr.req = nil
		tr.res = &client.Response{Status: 200, Header: client.Header{}, Body: body}
		args := []reflect.Value{reflect.ValueOf(ctx)}
		if !fn.NoArgs {
			args = append(args, in)
		}
		out := method.Call(args)
		err, _ := out[len(out)-1].Interface().(error)
		return out[0], err
	}

	for range 150 {
		in := reflect.New(f.Args.GoType)
		values.Fill(f.Args, in.Elem())
		result := reflect.New(f.Result.GoType)
		values.Fill(f.Result, result.Elem())
		body, rerr := f.AppendResult(nil, result.Interface())
		if rerr != nil {
			body = []byte("null")
		}

		// The arguments.
		want, werr := f.AppendArgs(nil, in.Interface())
		_, err := call(in, body)
		var re *client.RequestError
		switch {
		case werr != nil:
			if !errors.As(err, &re) || re.Err.Tag != rpc.TagSerialization || re.Err.Message != werr.Error() {
				t.Errorf("arguments %+v: client error %v, want a Serialization RequestError %q", in.Elem(), err, werr)
			}
			continue
		case errors.As(err, &re):
			t.Errorf("arguments %+v: client failed: %v, want %q", in.Elem(), err, want)
			continue
		case tr.args() != string(want):
			t.Errorf("arguments %+v: client sent %q, want %q", in.Elem(), tr.args(), want)
		}

		// The result, then mutations of it.
		bodies := [][]byte{body}
		if fn.Unit {
			bodies = append(bodies, []byte(" null "), []byte("{}"), []byte{0xf6}, []byte{0xf7})
		}
		bodies = append(bodies, codectest.Mutations(rnd, resultFormat, body, 8)...)
		for _, b := range bodies {
			got, gerr := call(in, b)
			wantV := reflect.New(f.Result.GoType)
			werr := f.DecodeResult(b, wantV.Interface(), nil)
			var gotV, wantOut any
			if !fn.Unit {
				gotV = got.Interface()
				wantOut = wantV.Interface()
				if fn.Output.Kind != ir.KindMessage {
					wantOut = wantV.Elem().Field(0).Interface()
				}
			}
			if gerr != nil {
				var we *rpc.Error
				if !errors.As(gerr, &we) || we.Tag != rpc.TagDeserialization || we.Status != 200 {
					t.Errorf("answer %q: client error %#v, want a Deserialization error with status 200", b, gerr)
				}
				gerr = errors.New(string(we.Tag) + ": " + we.Message)
			}
			codectest.Same(t, fn.Name+" result", b, wantOut, werr, gotV, gerr)
		}
		if t.Failed() {
			return
		}
	}
}
