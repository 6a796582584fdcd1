package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/sfn-dev/sfn/bench/gen/todopb"
	"github.com/sfn-dev/sfn/bench/gen/todov1"
)

// One add_todo call through each handler, in process: a fresh httptest.NewRequest and
// NewRecorder per call, as peers-measured.md §4 measures them. The harness alone (a no-op
// handler) is measured too, so that it can be taken out of the figures.

// todos implements the sfn service.
type todos struct{ todov1.UnimplementedTodos }

func (todos) AddTodo(_ context.Context, in *todov1.AddTodo) (*todov1.Todo, error) {
	return &todov1.Todo{ID: 1, Title: in.Title}, nil
}

func (todos) AddTodoJSON(_ context.Context, in *todov1.AddTodo) (*todov1.Todo, error) {
	return &todov1.Todo{ID: 1, Title: in.Title}, nil
}

// todoJSON is the hand-written handlers' result.
type todoJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// netHTTPForm is peer (a): what one would write by hand with net/http and encoding/json.
func netHTTPForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeTodo(w, r.PostForm.Get("title"))
}

// netHTTPJSON is the same with a JSON body.
func netHTTPJSON(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title string `json:"title"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeTodo(w, in.Title)
}

func writeTodo(w http.ResponseWriter, title string) {
	body, err := json.Marshal(todoJSON{ID: 1, Title: title})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// connectHandler is peer (b): connect-go's unary handler with its default codecs (binary
// protobuf and protojson), what a generated NewTodoServiceHandler registers per method.
var connectHandler = connect.NewUnaryHandler("/todo.v1.TodoService/AddTodo",
	func(_ context.Context, req *connect.Request[todopb.AddTodoRequest]) (*connect.Response[todopb.Todo], error) {
		return connect.NewResponse(&todopb.Todo{Id: 1, Title: req.Msg.GetTitle()}), nil
	})

const (
	formBody = "title=Buy+milk"
	jsonBody = `{"title":"Buy milk"}`
	wantBody = `{"id":1,"title":"Buy milk","done":false}`
)

type handlerCase struct {
	name string
	h    http.Handler
	// path, contentType and body make the request, always a POST.
	path, contentType, body string
	// want is the exact answer body; the status must be 200.
	want string
	// spaced marks protojson's output, which adds a space after some separators on purpose
	// (varying by binary, so that no one depends on its bytes): the check compacts it.
	spaced bool
}

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
)

var handlerCases = []handlerCase{
	{name: "harness", h: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
		path: "/api/add_todo", contentType: formType, body: formBody},
	{name: "sfn", h: todov1.NewTodosHandler(todos{}),
		path: todov1.TodosAddTodoPath, contentType: formType, body: formBody, want: wantBody},
	{name: "nethttp", h: http.HandlerFunc(netHTTPForm),
		path: "/api/add_todo", contentType: formType, body: formBody, want: wantBody},
	{name: "connect", h: connectHandler,
		path: "/todo.v1.TodoService/AddTodo", contentType: jsonType, body: jsonBody,
		want: `{"id":1,"title":"Buy milk"}`, spaced: true},
	// Beside the goals: the same call with JSON arguments.
	{name: "sfn_json", h: todov1.NewTodosHandler(todos{}),
		path: todov1.TodosAddTodoJSONPath, contentType: jsonType, body: jsonBody, want: wantBody},
	{name: "nethttp_json", h: http.HandlerFunc(netHTTPJSON),
		path: "/api/add_todo", contentType: jsonType, body: jsonBody, want: wantBody},
}

func (c *handlerCase) serve() *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body))
	req.Header.Set("Content-Type", c.contentType)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec
}

// TestHandlersAnswer checks every benchmarked handler's status and exact body, so that the
// benchmark compares handlers doing the same work.
func TestHandlersAnswer(t *testing.T) {
	for _, c := range handlerCases {
		t.Run(c.name, func(t *testing.T) {
			rec := c.serve()
			body, _ := io.ReadAll(rec.Result().Body)
			if c.spaced {
				var buf bytes.Buffer
				if err := json.Compact(&buf, body); err != nil {
					t.Fatal(err)
				}
				body = buf.Bytes()
			}
			if rec.Code != http.StatusOK || string(body) != c.want {
				t.Errorf("%d %s, want 200 %s", rec.Code, body, c.want)
			}
		})
	}
}

// BenchmarkHandler measures one call per iteration through each handler. The harness row
// is the floor all others include: subtract it for a handler's own cost.
func BenchmarkHandler(b *testing.B) {
	for _, c := range handlerCases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.serve()
			}
		})
	}
}
