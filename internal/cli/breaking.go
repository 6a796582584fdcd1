package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/sfn-dev/sfn/compat"
	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

func init() {
	register(&command{
		name:    "breaking",
		summary: "list the schema changes that break clients already deployed",
		usage:   "(--against old.sfn|dir | --against-git REF) [--rolling] [--json] [-I root]... file.sfn|dir...",
		help: `Breaking compares the named schemas (the new ones) with an older version of them and prints
each change that breaks a client built from the old schema calling a server built from the new
one, as file:line:col: message, naming the function and the field path (SPEC section 10: names,
not field numbers, are on the wire; form arguments read a missing list as empty, JSON and CBOR
do not). The place is in the new schema, or in the old one for something removed.

--against names the old schemas (files or directories), read with the same -I roots.
--against-git REF reads the same paths as they are at the git revision REF instead (a branch,
a tag, a commit: "origin/main"), with git itself; the files and -I roots must be in one git
working tree. A path that did not exist at REF is a new schema: its functions are all added.

--rolling also checks the other direction, a client built from the new schema calling a server
built from the old one, as happens while a deploy rolls out; those lines end with a note.

--json prints a JSON array of objects with the keys file, line, col, function, path (the part
and field path, "arguments.items[].title"), message, rule (a name for the rule broken, such as
"type-changed") and rolling, and nothing else on stdout. See docs/breaking.md for every rule.`,
		exit: "0 when nothing breaks, 1 when something does or a schema does not compile, 2 for a bad command line.",
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			sf.register(fs)
			var against stringList
			fs.Var(&against, "against", "the old `schema` (a .sfn file or a directory; repeatable)")
			ref := fs.String("against-git", "", "compare with the same paths at the git revision `REF`")
			rolling := fs.Bool("rolling", false, "also check new clients calling an old server")
			asJSON := fs.Bool("json", false, "print a JSON array instead of lines")
			return func(e *env, args []string) int {
				switch {
				case len(args) == 0:
					return usageError(e, "no schema files given")
				case len(against) == 0 && *ref == "":
					return usageError(e, "--against or --against-git is required")
				case len(against) > 0 && *ref != "":
					return usageError(e, "--against and --against-git cannot be used together")
				}
				newSchema, code := loadCompat(e, "", args, sf.importPaths, nil)
				if newSchema == nil {
					return code
				}
				var oldSchema *compat.Schema
				display := func(p string) string { return p }
				if *ref != "" {
					snap, code := snapshot(e, *ref, args, sf.importPaths)
					if snap == nil {
						return code
					}
					defer snap.remove()
					display = snap.display
					if len(snap.args) == 0 {
						oldSchema = compat.NewSchema(nil, &ir.Package{}) // every schema is new
					} else if oldSchema, code = loadCompat(e, *ref, snap.args, snap.roots, snap.display); oldSchema == nil {
						return code
					}
				} else if oldSchema, code = loadCompat(e, "--against", against, sf.importPaths, nil); oldSchema == nil {
					return code
				}
				changes := compat.Compare(oldSchema, newSchema, compat.Options{Rolling: *rolling})
				if *ref != "" {
					for i := range changes {
						changes[i].Pos.File = display(changes[i].Pos.File)
					}
					changes = compat.Sort(changes)
				}
				if *asJSON {
					return writeBreakingJSON(e, changes)
				}
				for _, ch := range changes {
					fmt.Fprintln(e.stdout, ch)
				}
				if len(changes) > 0 {
					noun := "changes"
					if len(changes) == 1 {
						noun = "change"
					}
					fmt.Fprintf(e.stderr, "sfn breaking: %d breaking %s\n", len(changes), noun)
					return exitUser
				}
				return exitOK
			}
		},
	})
}

func usageError(e *env, msg string) int {
	fmt.Fprintf(e.stderr, "sfn breaking: %s\n", msg)
	fmt.Fprintln(e.stderr, "usage: sfn breaking "+commands["breaking"].usage+"\nRun 'sfn help breaking' for details.")
	return exitUsage
}

// loadCompat loads and compiles one side of the comparison. which names the old side in
// messages ("--against" or the git revision), empty for the new one; display rewrites the
// file names in diagnostics (nil: as they are).
func loadCompat(e *env, which string, args, roots []string, display func(string) string) (*compat.Schema, int) {
	set, diags := schema.Load(e.ctx, args, schema.Options{ImportPaths: roots})
	var pkg *ir.Package
	if len(diags) == 0 {
		pkg, diags = compiler.Compile(set)
	}
	if len(diags) == 0 {
		return compat.NewSchema(set, pkg), exitOK
	}
	switch {
	case which == "":
		fmt.Fprintln(e.stderr, "sfn breaking: the new schema does not compile:")
	case strings.HasPrefix(which, "-"):
		fmt.Fprintf(e.stderr, "sfn breaking: the old schema (%s) does not compile:\n", which)
	default:
		fmt.Fprintf(e.stderr, "sfn breaking: the schema at %s does not compile:\n", which)
	}
	if display != nil {
		out := make(diag.List, len(diags))
		for i, d := range diags {
			d.Pos.File = display(d.Pos.File)
			d.Msg = display(d.Msg)
			out[i] = d
		}
		diags = out
	}
	printDiagnostics(e, diags)
	return nil, exitUser
}

// breakingJSON is one object of "sfn breaking --json".
type breakingJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Function string `json:"function"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	Rule     string `json:"rule"`
	Rolling  bool   `json:"rolling"`
}

func writeBreakingJSON(e *env, changes []compat.Change) int {
	out := make([]breakingJSON, 0, len(changes))
	for _, ch := range changes {
		out = append(out, breakingJSON{
			File: ch.Pos.File, Line: ch.Pos.Line, Col: ch.Pos.Col,
			Function: ch.Function, Path: ch.Path(), Message: ch.Text(), Rule: ch.Rule, Rolling: ch.Rolling,
		})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(e.stderr, "sfn breaking: %v\n", err)
		return exitUser
	}
	if len(changes) > 0 {
		return exitUser
	}
	return exitOK
}
