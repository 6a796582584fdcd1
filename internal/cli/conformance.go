package cli

import (
	"flag"
	"fmt"
	"io"
	"regexp"

	"github.com/sfn-dev/sfn/conformance"
)

// sfn conformance runs the wire suite against a live server or a client program; the suite and
// its runners live in package conformance, this file is only their command line.

const conformanceUsage = "--server URL | --client CMD [--cases DIR] [--run REGEXP] [--leptos] [--timeout D] [-v]"

func init() {
	register(&command{
		name:    "conformance",
		summary: "check a server or a client against sfn's wire conformance suite",
		usage:   conformanceUsage,
		help: `Conformance checks an implementation of Leptos server functions against sfn's
conformance suite: the functions of conformance/conformance.sfn and the exact exchanges in
the case files (docs/conformance.md describes both).

--server URL sends each server case's request, byte for byte, to the server at URL (such as
http://127.0.0.1:8090), which must serve the suite's functions, and compares the status,
headers and body of its responses. --leptos skips the cases where sfn deliberately differs
from Leptos, for checking a Leptos server.

--client CMD runs CMD with sh -c as a client under test: it serves each client case's
response from 127.0.0.1, asks the client over stdin and stdout (JSON lines) to make the
case's call, and compares the request the client sent and the value or error it returned.

Each failed case is printed with its name and what was wanted and received; the last line
is "N passed, N failed". The cases are those built into sfn unless --cases names a
directory of case files; --run selects cases whose names match a regular expression.`,
		exit: "0 when every case passed, 1 when a case failed or could not run, 2 for a bad command line.",
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			server := fs.String("server", "", "check the server at `URL` (scheme, host and port)")
			client := fs.String("client", "", "check the client program `CMD` (run with sh -c)")
			casesDir := fs.String("cases", "", "read the case files from `DIR` instead of the built-in set")
			runRE := fs.String("run", "", "run only the cases whose names match `REGEXP`")
			leptos := fs.Bool("leptos", false, `with --server: skip the cases marked "leptos": false`)
			timeout := fs.Duration("timeout", conformance.DefaultTimeout, "the time each case may take")
			verbose := fs.Bool("v", false, "print every case's name and outcome")
			return func(e *env, args []string) int {
				usage := func(format string, a ...any) int {
					fmt.Fprintf(e.stderr, "sfn conformance: "+format+"\n", a...)
					fmt.Fprintf(e.stderr, "usage: sfn conformance %s\n", conformanceUsage)
					return exitUsage
				}
				switch {
				case len(args) > 0:
					return usage("unexpected argument %q", args[0])
				case (*server == "") == (*client == ""):
					return usage("give exactly one of --server and --client")
				case *leptos && *client != "":
					return usage("--leptos applies to --server only")
				case *timeout <= 0:
					return usage("--timeout must be positive")
				}
				if *server != "" {
					if _, err := conformance.ParseServerURL(*server); err != nil {
						return usage("%v", err)
					}
				}
				var re *regexp.Regexp
				if *runRE != "" {
					var err error
					if re, err = regexp.Compile(*runRE); err != nil {
						return usage("--run: %v", err)
					}
				}
				suite, err := loadSuite(*casesDir)
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn conformance: the case files have mistakes:\n%v\n", err)
					return exitUser
				}
				cases := conformance.Select(suite.Cases, re)
				if len(cases) == 0 {
					if re != nil {
						fmt.Fprintf(e.stderr, "sfn conformance: no case matches --run %q\n", *runRE)
					} else {
						fmt.Fprintln(e.stderr, "sfn conformance: the case files hold no cases")
					}
					return exitUser
				}
				var sum conformance.Summary
				if *server != "" {
					sum, err = conformance.RunServer(e.ctx, cases, conformance.ServerOptions{
						URL: *server, Leptos: *leptos, Timeout: *timeout, Out: e.stdout, Verbose: *verbose,
					})
				} else {
					var clientStderr io.Writer
					if *verbose {
						clientStderr = e.stderr
					}
					sum, err = conformance.RunClient(e.ctx, cases, conformance.ClientOptions{
						Command: *client, Timeout: *timeout, Out: e.stdout, Verbose: *verbose, Stderr: clientStderr,
					})
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn conformance: %v\n", err)
					return exitUser
				}
				if !sum.OK() {
					return exitUser
				}
				return exitOK
			}
		},
	})
}

func loadSuite(dir string) (*conformance.Suite, error) {
	if dir == "" {
		return conformance.Builtin()
	}
	return conformance.LoadDir(dir)
}
