package server_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Two hand-written services, exactly as sfn's Go generator writes them: Go types, wire
// descriptors, one rpc.Func per function, and the routes of New<Service>Handler.
//
// Todos covers the five encodings (one act_* function per encoding, each behaving by its
// title: see act) and the four function shapes. Echo mirrors the small functions of
// shared/leptos/echo.sfn, which recorded the Leptos corpus that corpus_test.go replays.

type AddTodo struct{ Title string }

type Todo struct {
	ID    int64
	Title string
	Done  bool
}

type TodoList struct{ Todos []Todo }

type ListTodos struct{ Query *string }

type DeleteTodo struct{ ID int64 }

type Stats struct{ Total int64 }

type Text struct{ Text string }

var (
	addTodoMessage = &wire.Message{Name: "test.v1.AddTodo", GoType: reflect.TypeFor[AddTodo](),
		Fields: []wire.Field{{Name: "title", GoName: "Title", Type: wire.String}}}
	todoMessage = &wire.Message{Name: "test.v1.Todo", GoType: reflect.TypeFor[Todo](),
		Fields: []wire.Field{
			{Name: "id", GoName: "ID", Type: wire.Int64},
			{Name: "title", GoName: "Title", Type: wire.String},
			{Name: "done", GoName: "Done", Type: wire.Bool},
		}}
	todoListMessage = &wire.Message{Name: "test.v1.TodoList", GoType: reflect.TypeFor[TodoList](), Transparent: true,
		Fields: []wire.Field{{Name: "todos", GoName: "Todos", Type: wire.ListOf(wire.MessageType(todoMessage))}}}
	listTodosMessage = &wire.Message{Name: "test.v1.ListTodos", GoType: reflect.TypeFor[ListTodos](),
		Fields: []wire.Field{{Name: "query", GoName: "Query", Type: wire.OptionalOf(wire.String)}}}
	deleteTodoMessage = &wire.Message{Name: "test.v1.DeleteTodo", GoType: reflect.TypeFor[DeleteTodo](),
		Fields: []wire.Field{{Name: "id", GoName: "ID", Type: wire.Int64}}}
	statsMessage = &wire.Message{Name: "test.v1.Stats", GoType: reflect.TypeFor[Stats](),
		Fields: []wire.Field{{Name: "total", GoName: "Total", Type: wire.Int64}}}
	textMessage = &wire.Message{Name: "test.v1.Text", GoType: reflect.TypeFor[Text](), Transparent: true,
		Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}
)

func todosFunc(name, path string, enc rpc.Encoding, args, result *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "test.v1.Todos", Name: name, Path: path, Encoding: enc, Args: args, Result: result}
}

var (
	actURL     = todosFunc("act_url", "/api/act_url", rpc.Url, addTodoMessage, todoMessage)
	actGetJSON = todosFunc("act_get_json", "/api/act_get_json", rpc.GetJson, addTodoMessage, todoMessage)
	actCBOR    = todosFunc("act_cbor", "/api/act_cbor", rpc.Cbor, addTodoMessage, todoMessage)
	actGetCBOR = todosFunc("act_get_cbor", "/api/act_get_cbor", rpc.GetCbor, addTodoMessage, todoMessage)
	actJSON    = todosFunc("act_json", "/api/act_json", rpc.Json, addTodoMessage, todoMessage)

	listTodos  = todosFunc("list_todos", "/api/todos", rpc.GetJson, listTodosMessage, todoListMessage)
	todoStats  = todosFunc("todo_stats", "/api/todos/stats", rpc.GetCbor, rpc.NoArgs, statsMessage)
	deleteTodo = todosFunc("delete_todo", "/api/todos/delete", rpc.Json, deleteTodoMessage, wire.UnitMessage)
	ping       = todosFunc("ping", "/api/ping_todos", rpc.GetJson, rpc.NoArgs, wire.UnitMessage)
	whoami     = todosFunc("whoami", "/api/whoami", rpc.Json, rpc.NoArgs, textMessage)
	slow       = todosFunc("slow", "/api/slow", rpc.Json, rpc.NoArgs, wire.UnitMessage)

	// actFuncs are the act_* functions, one per encoding.
	actFuncs = []*rpc.Func{actURL, actGetJSON, actCBOR, actGetCBOR, actJSON}
)

// todos implements the Todos service.
type todos struct{}

// act behaves by its title: "" is the function's own 400, "fail" a plain error (500),
// "panic" panics, "nil" returns no result, "redirect" redirects to /done and succeeds;
// anything else succeeds.
func (todos) Act(ctx context.Context, in *AddTodo) (*Todo, error) {
	switch in.Title {
	case "":
		return nil, server.Errorf(400, "title must not be empty")
	case "fail":
		return nil, errors.New("disk full")
	case "panic":
		panic("boom")
	case "nil":
		return nil, nil
	case "redirect":
		server.Redirect(ctx, "/done")
	}
	return &Todo{ID: 1, Title: in.Title}, nil
}

func (todos) ListTodos(_ context.Context, in *ListTodos) (*TodoList, error) {
	all := []Todo{{ID: 1, Title: "milk"}, {ID: 2, Title: "bread", Done: true}}
	if in.Query == nil {
		return &TodoList{Todos: all}, nil
	}
	var out TodoList
	for _, t := range all {
		if strings.Contains(t.Title, *in.Query) {
			out.Todos = append(out.Todos, t)
		}
	}
	return &out, nil
}

func (todos) TodoStats(context.Context) (*Stats, error) { return &Stats{Total: 2}, nil }

func (todos) DeleteTodo(_ context.Context, in *DeleteTodo) error {
	if in.ID != 1 {
		return server.Errorf(404, "no todo %d", in.ID)
	}
	return nil
}

func (todos) Ping(context.Context) error { return nil }

// Whoami answers with the X-Token header and exercises the response settings: a status,
// a header and a cookie.
func (todos) Whoami(ctx context.Context) (*Text, error) {
	r := server.Request(ctx)
	if server.Func(ctx) != whoami {
		return nil, errors.New("server.Func does not name whoami")
	}
	server.SetStatus(ctx, http.StatusCreated)
	server.ResponseHeader(ctx).Set("Cache-Control", "no-store")
	server.SetCookie(ctx, &http.Cookie{Name: "seen", Value: "1"})
	return &Text{Text: r.Header.Get("X-Token")}, nil
}

// Slow waits for its caller to give up.
func (todos) Slow(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func todosRoutes(impl todos) []server.Route {
	routes := []server.Route{
		server.Unary(listTodos, impl.ListTodos),
		server.NoArgs(todoStats, impl.TodoStats),
		server.NoResult(deleteTodo, impl.DeleteTodo),
		server.Bare(ping, impl.Ping),
		server.NoArgs(whoami, impl.Whoami),
		server.Bare(slow, impl.Slow),
	}
	for _, f := range actFuncs {
		routes = append(routes, server.Unary(f, impl.Act))
	}
	return routes
}

// testLimit is the body limit of the test servers' Todos handler.
const testLimit = 1024

// fixture is a running test server: Todos (with a small body limit) joined with Echo,
// each logging to its own capture.
type fixture struct {
	srv     *httptest.Server
	handler *server.Handler
	logs    *logCapture
}

// newFixture starts a server on 127.0.0.1. opts apply to the Todos handler after the
// fixture's own.
func newFixture(t testing.TB, opts ...server.Option) *fixture {
	t.Helper()
	logs := &logCapture{}
	lg := slog.New(logs)
	base := []server.Option{server.WithLogger(lg), server.WithLimits(wire.Limits{MaxBytes: testLimit})}
	h := server.Join(
		server.NewHandler(todosRoutes(todos{}), append(base, opts...)...),
		server.NewHandler(echoRoutes(), server.WithLogger(lg)),
	)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, handler: h, logs: logs}
}

// logCapture is a slog.Handler keeping every record, for tests of what is logged.
type logCapture struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logCapture) Enabled(context.Context, slog.Level) bool { return true }

func (l *logCapture) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}

func (l *logCapture) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCapture) WithGroup(string) slog.Handler      { return l }

// atLeast returns the records at level or above, each as "message key=value ...".
func (l *logCapture) atLeast(level slog.Level) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.recs {
		if r.Level < level {
			continue
		}
		var b strings.Builder
		b.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&b, " %s=%s", a.Key, a.Value)
			return true
		})
		out = append(out, b.String())
	}
	return out
}

// Echo: the small functions of shared/leptos/echo.sfn, behaving as the Leptos app that
// recorded the corpus.

type EchoAddTodo struct{ Title string }

type TitleLen struct{ Len uint64 }

type Search struct {
	Q    string
	Page *uint32
	Tags []string
}

type SearchResult struct{ Text string }

var (
	echoAddTodoMessage = &wire.Message{Name: "leptosecho.v1.AddTodo", GoType: reflect.TypeFor[EchoAddTodo](),
		Fields: []wire.Field{{Name: "title", GoName: "Title", Type: wire.String}}}
	titleLenMessage = &wire.Message{Name: "leptosecho.v1.TitleLen", GoType: reflect.TypeFor[TitleLen](), Transparent: true,
		Fields: []wire.Field{{Name: "len", GoName: "Len", Type: wire.Uint64}}}
	searchMessage = &wire.Message{Name: "leptosecho.v1.Search", GoType: reflect.TypeFor[Search](),
		Fields: []wire.Field{
			{Name: "q", GoName: "Q", Type: wire.String},
			{Name: "page", GoName: "Page", Type: wire.OptionalOf(wire.Uint32)},
			{Name: "tags", GoName: "Tags", Type: wire.ListOf(wire.String)},
		}}
	searchResultMessage = &wire.Message{Name: "leptosecho.v1.SearchResult", GoType: reflect.TypeFor[SearchResult](), Transparent: true,
		Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}
)

func echoFunc(name string, enc rpc.Encoding, args, result *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "leptosecho.v1.Echo", Name: name, Path: "/api/" + name, Encoding: enc, Args: args, Result: result}
}

var (
	echoAddTodo = echoFunc("add_todo", rpc.Url, echoAddTodoMessage, titleLenMessage)
	echoSearch  = echoFunc("search", rpc.GetJson, searchMessage, searchResultMessage)
	echoPing    = echoFunc("ping", rpc.GetJson, rpc.NoArgs, wire.UnitMessage)
	// echoURL stands in for echo_url, whose Everything arguments are not mirrored here:
	// the corpus only calls it with the wrong method, which is refused before decoding.
	echoURL = echoFunc("echo_url", rpc.Url, echoAddTodoMessage, titleLenMessage)
)

func echoRoutes() []server.Route {
	return []server.Route{
		server.Unary(echoAddTodo, func(_ context.Context, in *EchoAddTodo) (*TitleLen, error) {
			if strings.TrimSpace(in.Title) == "" {
				// ServerFnError::new("..."): a message made for the caller, ServerError and
				// 500. (A plain Go error would be masked: Leptos sends any error's text.)
				return nil, rpc.NewError(500, "title must not be empty")
			}
			return &TitleLen{Len: uint64(len(in.Title))}, nil
		}),
		server.Unary(echoSearch, func(_ context.Context, in *Search) (*SearchResult, error) {
			page := "None"
			if in.Page != nil {
				page = "Some(" + strconv.FormatUint(uint64(*in.Page), 10) + ")"
			}
			tags := make([]string, len(in.Tags))
			for i, t := range in.Tags {
				tags[i] = strconv.Quote(t)
			}
			return &SearchResult{Text: fmt.Sprintf("q=%s page=%s tags=[%s]", strconv.Quote(in.Q), page, strings.Join(tags, ", "))}, nil
		}),
		server.Bare(echoPing, func(context.Context) error { return nil }),
		server.Unary(echoURL, func(context.Context, *EchoAddTodo) (*TitleLen, error) { return &TitleLen{}, nil }),
	}
}
