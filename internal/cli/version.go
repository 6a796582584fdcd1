package cli

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is sfn's version. A binary built by "go install" from a tagged module reports the
// module's version instead.
const Version = "v0.1.0-dev"

func init() {
	register(&command{
		name:    "version",
		summary: "print sfn's version",
		usage:   "",
		help:    "Version prints the version of sfn and of the Go toolchain that built it.",
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintln(e.stderr, "sfn version: takes no arguments")
					return exitUsage
				}
				fmt.Fprintf(e.stdout, "sfn %s (%s)\n", version(), runtime.Version())
				return exitOK
			}
		},
	})
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return Version
}
