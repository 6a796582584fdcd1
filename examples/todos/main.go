// Command todos is sfn's example app: a todo list whose server functions are declared in
// todos.sfn, five of them one per encoding, and served by the generated handler over a
// SQLite database, or a PostgreSQL one shared by several instances (-db postgres://...). It also serves a page at / whose forms call those functions, with
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
	"sync"
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

// run serves until SIGINT or SIGTERM, then shuts down gracefully and returns nil: the
// calls in flight finish (or, after the -shutdown timeout, are cut off), and only then is
// the database closed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("todos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	dbPath := fs.String("db", filepath.Join("examples", "todos", "data", "todos.db"), "the database: a SQLite `file`, created with its directory if missing, or :memory: for one that lasts as long as the process; or a postgres:// URL")
	dbConns := fs.Int("db-conns", defaultConns, "the most connections the PostgreSQL pool opens (SQLite's pools are one writer and a few readers)")
	wasmDir := fs.String("wasm-dir", filepath.Join("examples", "todos", "wasm"), "the `dir` holding main.wasm and wasm_exec.js for the /wasm page (make wasm builds them)")
	rate := fs.Float64("rate", 0, "the server functions' calls a second each client (IP address) may keep up, with bursts of twice as many; 0 for no limit")
	shutdown := fs.Duration("shutdown", server.DefaultTimeouts.Shutdown, "how long a shutdown waits for the calls in flight before cutting them off")
	drain := fs.Duration("drain", 0, "how long /readyz answers 503 after SIGTERM, while everything else is still served, before the shutdown starts: a load balancer's probe interval times its failure threshold")
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
	if *drain < 0 {
		return fmt.Errorf("-drain %v: want a time of 0 or more", *drain)
	}
	if *dbConns < 1 {
		return fmt.Errorf("-db-conns %d: want 1 or more", *dbConns)
	}
	signalled, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Once shutting down, a second SIGINT ends the process at once, as in any program.
	context.AfterFunc(signalled, stop)

	db, err := openDatabase(signalled, *dbPath, *dbConns)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "todos: database %s (%s)\n", describeDB(*dbPath), db.dialect)
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	// Background work (the rate store's sweep) runs until the server stops, and ends
	// before the database closes.
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBG()
	var background sync.WaitGroup
	var opts []server.Option
	if *rate > 0 {
		store, err := rateStore(signalled, db, logger, bg, &background)
		if err != nil {
			return errors.Join(err, db.Close())
		}
		opts = append(opts, server.WithGate(newRateLimiter(*rate, store, logger).Gate))
	}

	// The signal first makes /readyz answer 503, for -drain, while all else is served,
	// so that a load balancer stops sending calls here; then the shutdown begins.
	h := &health{db: db, logger: logger}
	serving, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServing()
	context.AfterFunc(signalled, func() {
		h.draining.Store(true)
		if *drain > 0 {
			logger.Info("draining: /readyz answers 503 before the shutdown", "drain", *drain)
		}
		time.AfterFunc(*drain, stopServing)
	})
	// The live updates (watch_todos): on PostgreSQL, every instance listens for the
	// changes of all of them (live.go) until the server stops.
	todos := newStore(db)
	todos.logger = logger
	if err := todos.startListening(bg, *dbPath, &background); err != nil {
		stopBG()
		background.Wait()
		return errors.Join(err, db.Close())
	}
	mux := newMux(todos, logger, *wasmDir, opts...)
	mux.HandleFunc("GET /healthz", h.live)
	mux.HandleFunc("GET /readyz", h.ready)
	err = server.ListenAndServe(serving, *addr, mux,
		server.WithServerLogger(logger),
		server.WithServerTimeouts(server.Timeouts{Shutdown: *shutdown}),
		server.WithListening(func(a net.Addr) { fmt.Fprintf(stdout, "todos: listening on http://%s\n", a) }))
	stopBG()
	background.Wait()
	// ListenAndServe returns once no call is running, so closing now cannot pull the
	// database from under one, and a todo whose add was acknowledged is committed by
	// then. Closing SQLite also checkpoints the WAL into the file.
	return errors.Join(err, db.Close())
}

// rateStore is where the rate limiter keeps its buckets: in PostgreSQL when the todos are
// there, so that every instance of the server over that database counts a client's
// calls together, swept every minute until bg ends (with background told); in this
// process's memory with SQLite, which one process serves.
func rateStore(ctx context.Context, db *database, logger *slog.Logger, bg context.Context, background *sync.WaitGroup) (server.RateStore, error) {
	if db.dialect != postgresDialect {
		return server.NewMemoryRateStore(server.DefaultMaxRateKeys), nil
	}
	s, err := newPGRateStore(ctx, db.write)
	if err != nil {
		return nil, err
	}
	background.Go(func() {
		s.sweepEvery(bg, time.Minute, func(err error) { logger.Warn("sweeping the rate limiter's buckets", "err", err) })
	})
	return s, nil
}

// newRateLimiter limits each client, by IP address, to rate calls a second, in bursts of
// up to twice that, over all the server functions together. The page at / calls them in
// the process, not through HTTP, and so is not limited. The buckets are kept in store; a
// failure of the store lets calls through and is logged on logger.
func newRateLimiter(rate float64, store server.RateStore, logger *slog.Logger) *server.RateLimiter {
	return server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: rate, Burst: max(1, int(math.Ceil(2*rate)))},
		Store:   store,
		Logger:  logger,
	})
}

// newMux serves the server functions under /api/ (with opts added to the handler's, and
// attach_file's upload limits), the page at /, and the Go WebAssembly page at /wasm.
func newMux(todos todov1.Todos, logger *slog.Logger, wasmDir string, opts ...server.Option) *http.ServeMux {
	mux := http.NewServeMux()
	opts = append([]server.Option{server.WithLogger(logger), server.WithInterceptors(keepFailedForm),
		server.WithUploadLimits(uploadLimits)}, opts...)
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
