// Command sfn compiles .sfn schemas of server functions into Go and TypeScript code that
// speaks Leptos server_fn's wire protocol. Run "sfn help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/sfn-dev/sfn/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
