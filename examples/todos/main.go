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
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "todos:", err)
		os.Exit(1)
	}
}

// run serves until SIGINT or SIGTERM, then shuts down gracefully and returns nil: the
// calls in flight finish (or, after the -shutdown timeout, are cut off), and only then is
// the database closed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("todos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	dbPath := fs.String("db", filepath.Join("examples", "todos", "data", "todos.db"), "the SQLite database `file`, created with its directory if missing; :memory: for one that lasts as long as the process")
	wasmDir := fs.String("wasm-dir", filepath.Join("examples", "todos", "wasm"), "the `dir` holding main.wasm and wasm_exec.js for the /wasm page (make wasm builds them)")
	rate := fs.Float64("rate", 0, "the server functions' calls a second each client (IP address) may keep up, with bursts of twice as many; 0 for no limit")
	shutdown := fs.Duration("shutdown", server.DefaultTimeouts.Shutdown, "how long a shutdown waits for the calls in flight before cutting them off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if !(*rate >= 0) || math.IsInf(*rate, 0) {
		return fmt.Errorf("-rate %v: want a number of calls a second, or 0", *rate)
	}
	if *shutdown <= 0 {
		return fmt.Errorf("-shutdown %v: want a time over 0", *shutdown)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Once shutting down, a second SIGINT ends the process at once, as in any program.
	context.AfterFunc(ctx, stop)

	db, err := openDatabase(ctx, *dbPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "todos: database %s\n", *dbPath)
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	var opts []server.Option
	if *rate > 0 {
		opts = append(opts, server.WithGate(newRateLimiter(*rate).Gate))
	}
	err = server.ListenAndServe(ctx, *addr, newMux(newStore(db), logger, *wasmDir, opts...),
		server.WithServerLogger(logger),
		server.WithServerTimeouts(server.Timeouts{Shutdown: *shutdown}),
		server.WithListening(func(a net.Addr) { fmt.Fprintf(stdout, "todos: listening on http://%s\n", a) }))
	// ListenAndServe returns once no call is running, so closing now cannot pull the
	// database from under one, and a todo whose add was acknowledged is committed by
	// then. Closing also checkpoints the WAL into the file.
	return errors.Join(err, db.Close())
}

// newRateLimiter limits each client, by IP address, to rate calls a second, in bursts of
// up to twice that, over all the server functions together. The page at / calls them in
// the process, not through HTTP, and so is not limited.
func newRateLimiter(rate float64) *server.RateLimiter {
	return server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: rate, Burst: max(1, int(math.Ceil(2*rate)))},
	})
}

// newMux serves the server functions under /api/ (with opts added to the handler's), the
// page at /, and the Go WebAssembly page at /wasm.
func newMux(todos todov1.Todos, logger *slog.Logger, wasmDir string, opts ...server.Option) *http.ServeMux {
	mux := http.NewServeMux()
	opts = append([]server.Option{server.WithLogger(logger), server.WithInterceptors(keepFailedForm)}, opts...)
	mux.Handle("/api/", todov1.NewTodosHandler(todos, opts...))
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
