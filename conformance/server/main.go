// Command server runs the conformance suite's reference server (package refserver): every
// function of conformance/conformance.sfn, served by sfn's Go runtime, for the server
// cases of conformance/cases to be replayed against.
//
//	go run ./conformance/server -addr 127.0.0.1:8090 &
//	go run ./cmd/sfn conformance --server http://127.0.0.1:8090
//
// It logs the address it listens on (useful with port 0) and shuts down cleanly on
// SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/sfn-dev/sfn/conformance/refserver"
	"github.com/sfn-dev/sfn/runtime/server"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done or a signal arrives, then lets requests in flight finish,
// with the runtime's serving helper and its default timeouts.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8090", "the `address` to listen on; port 0 picks a free one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // once shutting down, a second signal ends the process at once
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	slog.SetDefault(logger)
	return server.ListenAndServe(ctx, *addr, refserver.Handler(),
		server.WithServerLogger(logger),
		server.WithListening(func(a net.Addr) { logger.Info("listening", "url", "http://"+a.String()) }))
}
