// Command todos is sfn's example app: a todo list whose server functions are declared in
// todos.sfn, five of them one per encoding, and served by the generated handler over a
// SQLite database. It also serves a page at / whose forms call those functions, with
// JavaScript off (plain form posts) or on (the generated TypeScript client), and the Go
// WebAssembly page at /wasm. Run it from the repository root:
//
//	go run ./examples/todos -addr 127.0.0.1:8080 -db examples/todos/data/todos.db
//
// The generated code in gen/todov1 and web/gen, and the page's script bundle
// page/enhance.js, are checked in, so it builds with Go alone. After changing todos.sfn,
// regenerate them with
//
//	go run ./cmd/sfn generate --go-out . --ts-out examples/todos/web/gen examples/todos/todos.sfn
//	node examples/todos/page/build.mjs
//
// docs/example.md tells how it works and why.
package main

//go:generate go run ../../cmd/sfn generate --go-out ../.. --ts-out web/gen todos.sfn

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
// letting requests in flight finish before the database is closed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("todos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	dbPath := fs.String("db", filepath.Join("examples", "todos", "data", "todos.db"), "the SQLite database `file`, created with its directory if missing; :memory: for one that lasts as long as the process")
	wasmDir := fs.String("wasm-dir", filepath.Join("examples", "todos", "wasm"), "the `dir` holding main.wasm and wasm_exec.js for the /wasm page (make wasm builds them)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := openDatabase(ctx, *dbPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "todos: database %s\n", *dbPath)
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	err = serve(ctx, stop, *addr, newMux(newStore(db), logger, *wasmDir), stdout)
	// Closed only now, after every request in flight has been answered: a todo whose add
	// was acknowledged is committed by then. Closing also checkpoints the WAL into the file.
	return errors.Join(err, db.Close())
}

// serve serves h on addr until ctx is done, then shuts down gracefully: it stops
// accepting, and waits up to 10 s for the requests in flight to be answered. It calls stop
// once shutting down, so that a second SIGINT ends the process at once, as in any other
// program.
func serve(ctx context.Context, stop func(), addr string, h http.Handler, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "todos: listening on http://%s\n", ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newMux serves the server functions under /api/, the page at /, and the Go WebAssembly
// page at /wasm.
func newMux(todos todov1.Todos, logger *slog.Logger, wasmDir string) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/api/", todov1.NewTodosHandler(todos, server.WithLogger(logger), server.WithInterceptors(keepFailedForm)))
	mux.Handle("GET /{$}", &pageHandler{todos: todos, logger: logger})
	mux.HandleFunc("GET /enhance.js", serveEnhanceJS)
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
