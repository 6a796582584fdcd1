// Command baseline is the load run's yardstick: the todo list's add and list written by
// hand on net/http and encoding/json, over a slice in memory, with none of sfn's runtime
// and no database. loadtest/run.sh runs it beside the example server, so the numbers show
// what sfn's runtime and SQLite each cost.
//
//	go run ./examples/todos/loadtest/baseline -addr 127.0.0.1:0
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

// todo is the example's Todo, with the same JSON.
type todo struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Done      bool      `json:"done"`
	CreatedAt time.Time `json:"created_at"`
}

// list is the todos, safe for concurrent use.
type list struct {
	mu    sync.RWMutex
	todos []todo
}

func run(args []string) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8081", "the address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	l := &list{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /add", l.add)
	mux.HandleFunc("GET /list", l.list)
	fmt.Printf("baseline: listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// add is add_todo: a form with a title in, the new todo out as JSON.
func (l *list) add(w http.ResponseWriter, r *http.Request) {
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		http.Error(w, "title must not be empty", http.StatusBadRequest)
		return
	}
	l.mu.Lock()
	t := todo{ID: int64(len(l.todos)) + 1, Title: title, CreatedAt: time.Now().UTC()}
	l.todos = append(l.todos, t)
	l.mu.Unlock()
	writeJSON(w, t)
}

// list is list_todos without filters: every todo as a JSON array.
func (l *list) list(w http.ResponseWriter, r *http.Request) {
	l.mu.RLock()
	todos := append([]todo{}, l.todos...)
	l.mu.RUnlock()
	writeJSON(w, todos)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
