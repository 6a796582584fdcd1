package cli

import (
	"flag"
	"fmt"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// schemaFlags are the flags of every command that reads schemas.
type schemaFlags struct {
	importPaths stringList
}

func (f *schemaFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.importPaths, "I", "an import `root` for import statements, as protoc's -I (repeatable; default: each schema file's directory)")
}

// compile loads and compiles the schemas named by args. On mistakes it prints every
// diagnostic to stderr and returns nil with the exit code to use.
func (f *schemaFlags) compile(e *env, args []string) (*ir.Package, int) {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "sfn: no schema files given")
		return nil, exitUsage
	}
	set, diags := schema.Load(e.ctx, args, schema.Options{ImportPaths: f.importPaths})
	if len(diags) == 0 {
		var pkg *ir.Package
		pkg, diags = compiler.Compile(set)
		if len(diags) == 0 {
			return pkg, exitOK
		}
	}
	printDiagnostics(e, diags)
	return nil, exitUser
}

func printDiagnostics(e *env, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(e.stderr, d)
	}
	noun := "errors"
	if len(diags) == 1 {
		noun = "error"
	}
	fmt.Fprintf(e.stderr, "sfn: %d %s\n", len(diags), noun)
}
