package server_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

func TestInterceptors(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	record := func(name string) server.Interceptor {
		return func(ctx context.Context, c *server.Call, next server.Next) (any, error) {
			mu.Lock()
			seen = append(seen, name+" "+c.Func.Service+"."+c.Func.Name+" "+c.Func.Path+" "+c.Func.Encoding.String())
			mu.Unlock()
			return next(ctx, c)
		}
	}
	rewrite := func(ctx context.Context, c *server.Call, next server.Next) (any, error) {
		in := c.Args.(*AddTodo)
		switch in.Title {
		case "deny":
			return nil, server.Errorf(401, "denied by interceptor")
		case "typed_nil":
			var none *rpc.Error
			return nil, none
		case "bad_error":
			return nil, badError{}
		}
		// Arguments can be replaced and results changed.
		c.Args = &AddTodo{Title: strings.ToUpper(in.Title)}
		res, err := next(ctx, c)
		if err == nil {
			res.(*Todo).Done = true
		}
		return res, err
	}
	h := server.NewHandler(todosRoutes(todos{}), server.WithInterceptors(record("outer"), record("inner")),
		server.WithInterceptors(rewrite), server.WithLogger(slog.New(slog.DiscardHandler)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	fx := &fixture{srv: srv}

	got := fx.call(t, actJSON, &AddTodo{Title: "milk"}, nil)
	want := summary{Status: 200, Header: map[string]string{"Content-Type": "application/json"},
		Body: result(t, actJSON, &Todo{ID: 1, Title: "MILK", Done: true})}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rewritten call (-want +got):\n%s", diff)
	}
	got = fx.call(t, actURL, &AddTodo{Title: "deny"}, nil)
	if diff := cmp.Diff(failure(401, actURL.Path, "ServerError|denied by interceptor"), got); diff != "" {
		t.Errorf("refused call (-want +got):\n%s", diff)
	}
	got = fx.call(t, actURL, &AddTodo{Title: "typed_nil"}, nil)
	if diff := cmp.Diff(failure(500, actURL.Path, "ServerError|nil *rpc.Error"), got); diff != "" {
		t.Errorf("typed nil error (-want +got):\n%s", diff)
	}
	got = fx.call(t, actURL, &AddTodo{Title: "bad_error"}, nil)
	if diff := cmp.Diff(failure(500, actURL.Path, "ServerError|internal error"), got); diff != "" {
		t.Errorf("error whose Error method panics (-want +got):\n%s", diff)
	}
	wantSeen := []string{
		"outer test.v1.Todos.act_json /api/act_json Json",
		"inner test.v1.Todos.act_json /api/act_json Json",
		"outer test.v1.Todos.act_url /api/act_url Url",
		"inner test.v1.Todos.act_url /api/act_url Url",
		"outer test.v1.Todos.act_url /api/act_url Url",
		"inner test.v1.Todos.act_url /api/act_url Url",
		"outer test.v1.Todos.act_url /api/act_url Url",
		"inner test.v1.Todos.act_url /api/act_url Url",
	}
	if diff := cmp.Diff(wantSeen, seen); diff != "" {
		t.Errorf("interceptors saw (-want +got):\n%s", diff)
	}
}

// badError is an error whose Error method panics.
type badError struct{}

func (badError) Error() string { panic("no words") }

func TestNewHandlerRefusesMistakes(t *testing.T) {
	t.Parallel()
	impl := todos{}
	tests := []struct {
		name   string
		routes []server.Route
		opts   []server.Option
		want   string
	}{
		{"wrong_args_type", []server.Route{server.Unary(actURL, func(context.Context, *DeleteTodo) (*Todo, error) { return nil, nil })},
			nil, "server: NewHandler: act_url: arguments are server_test.DeleteTodo but the descriptor test.v1.AddTodo is server_test.AddTodo"},
		{"wrong_result_type", []server.Route{server.NoArgs(todoStats, impl.Whoami)},
			nil, "server: NewHandler: todo_stats: result is server_test.Text but the descriptor test.v1.Stats is server_test.Stats"},
		{"unit_result_for_value", []server.Route{server.Bare(actURL, impl.Ping)},
			nil, "server: NewHandler: act_url: arguments are struct {} but the descriptor test.v1.AddTodo is server_test.AddTodo"},
		{"duplicate_path", []server.Route{server.Bare(ping, impl.Ping), server.Bare(ping, impl.Ping)},
			nil, `server: path "/api/ping_todos" of test.v1.Todos.ping is already served by test.v1.Todos.ping`},
		{"zero_route", []server.Route{{}}, nil, "server: NewHandler: route with a nil *rpc.Func"},
		{"bad_origin", nil, []server.Option{server.WithTrustedOrigins("not an origin")},
			`server: WithTrustedOrigins: invalid origin "not an origin": scheme is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				got, _ := recover().(string)
				if got != tt.want {
					t.Errorf("panic %q, want %q", got, tt.want)
				}
			}()
			server.NewHandler(tt.routes, tt.opts...)
		})
	}
}
