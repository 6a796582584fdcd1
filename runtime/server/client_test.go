package server_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// sfn's Go client against sfn's server, exactly as a generated client calls it, over a
// real socket and over the in-memory transport.

// todosClient is the generated client of the Todos service, written by hand.
type todosClient struct{ c *client.Client }

func (c todosClient) Act(ctx context.Context, f *rpc.Func, in *AddTodo) (*Todo, error) {
	return client.Call[Todo](ctx, c.c, f, in)
}

func (c todosClient) ListTodos(ctx context.Context, in *ListTodos) (*TodoList, error) {
	return client.Call[TodoList](ctx, c.c, listTodos, in)
}

func (c todosClient) TodoStats(ctx context.Context) (*Stats, error) {
	return client.Call[Stats](ctx, c.c, todoStats, nil)
}

func (c todosClient) DeleteTodo(ctx context.Context, in *DeleteTodo) error {
	return client.CallNoResult(ctx, c.c, deleteTodo, in)
}

func (c todosClient) Ping(ctx context.Context) error { return client.CallNoResult(ctx, c.c, ping, nil) }

func (c todosClient) Whoami(ctx context.Context) (*Text, error) {
	return client.Call[Text](ctx, c.c, whoami, nil)
}

func (c todosClient) Slow(ctx context.Context) error { return client.CallNoResult(ctx, c.c, slow, nil) }

// outcome is what a call gave: a result or an error, reduced for comparison.
type outcome struct {
	Result any
	Err    *rpc.Error
	// Cause is set for errors that got no answer: the text of what errors.Is finds.
	Cause string
}

func outcomeOf(res any, err error) outcome {
	if err == nil {
		return outcome{Result: res}
	}
	o := outcome{Err: &rpc.Error{Tag: "not a *rpc.Error", Message: err.Error()}}
	var we *rpc.Error
	if errors.As(err, &we) {
		o.Err = we
	}
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			o.Cause = c.Error()
		}
	}
	if o.Cause != "" {
		o.Err = &rpc.Error{Tag: o.Err.Tag, Status: o.Err.Status} // the message is the transport's
	}
	return o
}

func fails(tag rpc.ErrorTag, msg string, status int) outcome {
	return outcome{Err: &rpc.Error{Tag: tag, Message: msg, Status: status}}
}

func TestClientCalls(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	transports := map[string]client.Option{
		"socket":    client.WithHTTPClient(fx.srv.Client()),
		"in_memory": client.WithHandler(fx.handler),
	}
	milk := "mi"
	type call func(ctx context.Context, c todosClient) (any, error)
	type test struct {
		name string
		call call
		want outcome
	}
	tests := []test{
		{"list_todos_all", func(ctx context.Context, c todosClient) (any, error) { return c.ListTodos(ctx, &ListTodos{}) },
			outcome{Result: &TodoList{Todos: []Todo{{ID: 1, Title: "milk"}, {ID: 2, Title: "bread", Done: true}}}}},
		{"list_todos_query", func(ctx context.Context, c todosClient) (any, error) {
			return c.ListTodos(ctx, &ListTodos{Query: &milk})
		},
			outcome{Result: &TodoList{Todos: []Todo{{ID: 1, Title: "milk"}}}}},
		{"todo_stats", func(ctx context.Context, c todosClient) (any, error) { return c.TodoStats(ctx) },
			outcome{Result: &Stats{Total: 2}}},
		{"delete_todo", func(ctx context.Context, c todosClient) (any, error) {
			return nil, c.DeleteTodo(ctx, &DeleteTodo{ID: 1})
		},
			outcome{}},
		{"delete_todo_missing", func(ctx context.Context, c todosClient) (any, error) {
			return nil, c.DeleteTodo(ctx, &DeleteTodo{ID: 2})
		},
			fails(rpc.TagServerError, "no todo 2", 404)},
		{"ping", func(ctx context.Context, c todosClient) (any, error) { return nil, c.Ping(ctx) }, outcome{}},
		// whoami answers 201 with the header WithHeader added.
		{"whoami_custom_header", func(ctx context.Context, c todosClient) (any, error) { return c.Whoami(ctx) },
			outcome{Result: &Text{Text: "t1"}}},
		{"unknown_function", func(ctx context.Context, c todosClient) (any, error) {
			missing := *ping
			missing.Path = "/api/missing"
			return nil, client.CallNoResult(ctx, c.c, &missing, nil)
		}, fails(rpc.TagRegistration, "no server function at /api/missing", 404)},
		{"cancelled", func(ctx context.Context, c todosClient) (any, error) {
			ctx, cancel := context.WithCancel(ctx)
			time.AfterFunc(20*time.Millisecond, cancel)
			return nil, c.Slow(ctx)
		}, outcome{Err: &rpc.Error{Tag: rpc.TagRequest}, Cause: context.Canceled.Error()}},
		{"deadline", func(ctx context.Context, c todosClient) (any, error) {
			ctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			defer cancel()
			return nil, c.Slow(ctx)
		}, outcome{Err: &rpc.Error{Tag: rpc.TagRequest}, Cause: context.DeadlineExceeded.Error()}},
		{"cancelled_before", func(ctx context.Context, c todosClient) (any, error) {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return c.TodoStats(ctx)
		}, outcome{Err: &rpc.Error{Tag: rpc.TagRequest}, Cause: context.Canceled.Error()}},
	}
	for _, f := range actFuncs {
		act := func(title string) call {
			return func(ctx context.Context, c todosClient) (any, error) { return c.Act(ctx, f, &AddTodo{Title: title}) }
		}
		tests = append(tests,
			test{f.Name + "/success", act("buy milk"), outcome{Result: &Todo{ID: 1, Title: "buy milk"}}},
			test{f.Name + "/function_error", act(""), fails(rpc.TagServerError, "title must not be empty", 400)},
			test{f.Name + "/plain_error", act("fail"), fails(rpc.TagServerError, "internal error", 500)},
			test{f.Name + "/panic", act("panic"), fails(rpc.TagServerError, "internal error", 500)},
			test{f.Name + "/nil_result", act("nil"), fails(rpc.TagSerialization, f.Name+" returned a nil result and a nil error", 500)},
			test{f.Name + "/redirect", act("redirect"), outcome{Result: &Todo{ID: 1, Title: "redirect"}}},
		)
	}
	for tname, transport := range transports {
		for _, tt := range tests {
			t.Run(tname+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				var mu sync.Mutex
				var redirects []string
				c := todosClient{client.New(fx.srv.URL+"/", transport,
					client.WithHeader("X-Token", "t1"),
					client.WithRedirectHandler(func(loc string) {
						mu.Lock()
						defer mu.Unlock()
						redirects = append(redirects, loc)
					}))}
				got := outcomeOf(tt.call(context.Background(), c))
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("outcome (-want +got):\n%s", diff)
				}
				var wantRedirects []string
				{
					if todo, ok := tt.want.Result.(*Todo); ok && todo.Title == "redirect" {
						wantRedirects = []string{"/done"}
					}
				}
				if diff := cmp.Diff(wantRedirects, redirects); diff != "" {
					t.Errorf("redirect handler calls (-want +got):\n%s", diff)
				}
			})
		}
	}
}
