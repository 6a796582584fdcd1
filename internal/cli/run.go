// Package cli implements the sfn command: one file per subcommand. Run is the whole program;
// cmd/sfn only wires it to the process, so tests drive the CLI as a function.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0
	exitUser     = 1 // the schema or the input has mistakes; the diagnostics say which
	exitUsage    = 2 // the command line is wrong
	exitInternal = 3 // a bug in sfn
)

// env is what a subcommand may touch.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	usage   string // the arguments after the command name
	help    string // a paragraph or two for "sfn help CMD"
	exit    string // what the exit statuses mean, when not the usual
	flags   func(fs *flag.FlagSet) func(e *env, args []string) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// Run runs the sfn command line args (without the program name) and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sfn: internal error: %v\n\nThis is a bug in sfn, not in your schema. Please report it with the command you ran,\nthe schema if you can share it, and this trace:\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(e, args[1:])
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "sfn: unknown command %q\n\n", name)
		printUsage(stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("sfn "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	run := cmd.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, cmd, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "sfn %s: %v\n", cmd.name, err)
		fmt.Fprintf(stderr, "usage: sfn %s %s\nRun 'sfn help %s' for details.\n", cmd.name, cmd.usage, cmd.name)
		return exitUsage
	}
	return run(e, fs.Args())
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stdout)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "sfn help: unknown command %q\n", args[0])
		return exitUsage
	}
	fs := flag.NewFlagSet("sfn "+cmd.name, flag.ContinueOnError)
	cmd.flags(fs)
	printCommandHelp(e.stdout, cmd, fs)
	return exitOK
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "sfn compiles .sfn schemas of server functions into Go and TypeScript code\nthat speaks Leptos server_fn's wire protocol.\n\nUsage:\n  sfn <command> [flags] [arguments]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s %s\n", width, n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun 'sfn help <command>' or 'sfn <command> --help' for a command's flags.\n")
}

func printCommandHelp(w io.Writer, cmd *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: sfn %s %s\n\n%s\n", cmd.name, cmd.usage, strings.TrimSpace(cmd.help))
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	exit := cmd.exit
	if exit == "" {
		exit = "0 on success, 1 when the schema or input has mistakes, 2 for a bad command line."
	}
	fmt.Fprintf(w, "\nExit status: %s\n", exit)
}

// stringList is a repeatable flag, such as -I.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
