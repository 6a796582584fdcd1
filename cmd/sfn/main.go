// Command sfn compiles .sfn schemas of server functions into Go and TypeScript code that
// speaks Leptos server_fn's wire protocol. Run "sfn help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/sfn-dev/sfn/internal/cli"
)

func main() {
	// sfn is a short-lived batch process whose heap is mostly garbage from formatting
	// generated code: collecting a quarter as often cuts generation's CPU by about a fifth
	// (docs/benchmarks.md), for a peak heap still well under 200 MB on a 1,000-function
	// schema. GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
