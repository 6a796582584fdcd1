package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/internal/config"
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
	return compileSchemas(e, args, f.importPaths)
}

// compileSchemas loads and compiles the schemas at paths with the import roots; on mistakes it
// prints every diagnostic and returns nil with the exit code to use.
func compileSchemas(e *env, paths, roots []string) (*ir.Package, int) {
	pkg, diags := compileQuiet(e, paths, roots)
	if pkg == nil {
		printDiagnostics(e, diags)
		return nil, exitUser
	}
	return pkg, exitOK
}

// compileQuiet is compileSchemas without the printing.
func compileQuiet(e *env, paths, roots []string) (*ir.Package, diag.List) {
	set, diags := schema.Load(e.ctx, paths, schema.Options{ImportPaths: roots})
	if len(diags) > 0 {
		return nil, diags
	}
	return compiler.Compile(set)
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

// projectFlags are the flags of the commands that read sfn.yaml when they are given no
// schema files: generate, check and routes (and any command that wants the same rule).
type projectFlags struct {
	configFile string
	targets    stringList
}

func (f *projectFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.configFile, "config", "", "the config `file` to read when no schema files are named (default: sfn.yaml in the working directory or the nearest one above, up to the repository root)")
	fs.Var(&f.targets, "target", "with the config file: only the target `name` (repeatable; default: every target)")
}

// project is what a command works on: the targets of sfn.yaml, or one target made of the
// command line's files and -I roots.
type project struct {
	cfg     *config.Config // nil when the command line named the files
	targets []config.Target
}

// load returns the project for args. A command line that names schema files is complete in
// itself: no config file is read, and --config or --target with files is a usage error.
// Without files, the config file is read and its targets selected; -I given on the command
// line replaces every selected target's import_paths. On failure it prints why and returns
// nil with the exit code.
func (f *projectFlags) load(e *env, cmd string, sf *schemaFlags, args []string) (*project, int) {
	if len(args) > 0 {
		if f.configFile != "" || len(f.targets) > 0 {
			fmt.Fprintf(e.stderr, "sfn %s: --config and --target read the config file, which is not used when schema files are named\n", cmd)
			return nil, exitUsage
		}
		return &project{targets: []config.Target{{Inputs: args, ImportPaths: sf.importPaths}}}, exitOK
	}
	cfg, code := f.readConfig(e, cmd)
	if cfg == nil {
		return nil, code
	}
	targets, err := cfg.Select(f.targets)
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn %s: %v\n", cmd, err)
		return nil, exitUsage
	}
	if len(sf.importPaths) > 0 {
		targets = append([]config.Target(nil), targets...)
		for i := range targets {
			targets[i].ImportPaths = sf.importPaths
		}
	}
	return &project{cfg: cfg, targets: targets}, exitOK
}

// readConfig reads the file named by --config, or finds sfn.yaml from the working directory.
func (f *projectFlags) readConfig(e *env, cmd string) (*config.Config, int) {
	var cfg *config.Config
	var err error
	if f.configFile != "" {
		cfg, err = config.Load(f.configFile)
	} else {
		cfg, err = config.Discover(".")
	}
	var diags diag.List
	switch {
	case err == nil:
		return cfg, exitOK
	case errors.Is(err, config.ErrNotFound):
		fmt.Fprintf(e.stderr, "sfn %s: no schema files given, and no %s in this directory or above it (up to the repository root): name the files, or run 'sfn init' to write one\n", cmd, config.FileName)
		return nil, exitUsage
	case errors.As(err, &diags):
		printDiagnostics(e, diags)
		return nil, exitUser
	case f.configFile != "" && errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(e.stderr, "sfn %s: --config: %v\n", cmd, err)
		return nil, exitUsage
	default:
		fmt.Fprintf(e.stderr, "sfn %s: %v\n", cmd, err)
		return nil, exitUser
	}
}

// compileTargets compiles each target. It returns the packages in target order, or prints
// the diagnostics of every target that fails (sorted, each mistake once, since targets may
// share files) and returns nil with the exit code.
func compileTargets(e *env, p *project) ([]*ir.Package, int) {
	pkgs := make([]*ir.Package, len(p.targets))
	var all diag.List
	for i, t := range p.targets {
		pkg, diags := compileQuiet(e, t.Inputs, t.ImportPaths)
		all = append(all, diags...)
		pkgs[i] = pkg
	}
	if len(all) > 0 {
		all.Sort()
		printDiagnostics(e, all)
		return nil, exitUser
	}
	return pkgs, exitOK
}
