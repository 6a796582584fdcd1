// Command todos is sfn's example app: a todo list whose five server functions are declared in
// todos.sfn, one per encoding, and served by the generated handler.
//
//	go run ./examples/todos -addr 127.0.0.1:8080
//
// The generated code in gen/todov1 is checked in; regenerate it with
//
//	go run ./cmd/sfn generate --go-out . examples/todos/todos.sfn
package main

//go:generate go run ../../cmd/sfn generate --go-out ../.. todos.sfn

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "todos:", err)
		os.Exit(1)
	}
}

// run starts the server and blocks until SIGINT or SIGTERM, then shuts down gracefully,
// letting requests in flight finish.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("todos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	wasmDir := fs.String("wasm-dir", filepath.Join("examples", "todos", "wasm"), "the `dir` holding main.wasm and wasm_exec.js for the /wasm page (make wasm builds them)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	srv := &http.Server{
		Handler:           newMux(newMemStore(), logger, *wasmDir),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(stdout, "todos: listening on http://%s\n", ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newMux serves the server functions under /api/ and the Go WebAssembly page at /wasm.
func newMux(todos todov1.Todos, logger *slog.Logger, wasmDir string) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/api/", todov1.NewTodosHandler(todos, server.WithLogger(logger)))
	mux.HandleFunc("GET /wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(wasmPage)
	})
	// main.wasm and wasm_exec.js are build products (make wasm), not checked in.
	mux.Handle("GET /wasm/", http.StripPrefix("/wasm/", http.FileServer(http.Dir(wasmDir))))
	return mux
}

//go:embed wasm/index.html
var wasmPage []byte
