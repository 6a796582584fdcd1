package cli

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sfn-dev/sfn/compiler"
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen"
	gogen "github.com/sfn-dev/sfn/gen/go"
	tsgen "github.com/sfn-dev/sfn/gen/ts"
	"github.com/sfn-dev/sfn/internal/config"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "generate Go and TypeScript code for schemas",
		usage:   "[--go-out dir] [--ts-out dir [--ts-bigint]] [--check | --watch] [-I root]... [file.sfn|dir...]",
		help: `Generate writes code for the named schemas.

--go-out: the Go code: types, a constant per path, one interface per service, the handler
constructor and the client. A file goes to its go_package's directory below --go-out, found
through the go.mod at or above --go-out (as protoc-gen-go's module= option); a file without
go_package goes to --go-out itself.

--ts-out: one TypeScript module per schema file, laid out as the schema files are, with the
types and one async function per server function, plus the runtime they import in sfn/.
Form and JSON functions need nothing but fetch; CBOR functions need the npm package cbor2.
--ts-bigint types 64-bit integers as bigint, exact on every wire, instead of number (which
refuses values past 2^53 - 1); sfn.yaml's ts.bigint says the same for a target.

Without file arguments it generates every target of the project's sfn.yaml, found in the
working directory or above (see --config and --target, and docs/config.md); --go-out, --ts-out
and -I then replace the targets' own settings, and targets with no output are skipped.

With --check nothing is written: the command lists every generated file that is missing or
differs from what would be generated, and exits 1 if there is any. CI runs it to catch code
that was not regenerated after a schema change.

With --watch it generates, then watches the inputs' directories (recursively), the import
roots' and the config file, and generates again 100 ms after the last change, printing the
diagnostics of a broken schema and going on watching, until interrupted (Ctrl-C, exit 0).`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			g := &generateCmd{}
			g.sf.register(fs)
			g.pf.register(fs)
			fs.StringVar(&g.goOut, "go-out", "", "the `dir` to write Go code below")
			fs.StringVar(&g.tsOut, "ts-out", "", "the `dir` to write TypeScript code below")
			fs.BoolVar(&g.tsBigInt, "ts-bigint", false, "type 64-bit integers as bigint in TypeScript")
			fs.BoolVar(&g.check, "check", false, "write nothing; list stale or missing files and exit 1 if any")
			fs.BoolVar(&g.watch, "watch", false, "generate again whenever a schema or the config changes, until interrupted")
			return func(e *env, args []string) int {
				if g.watch {
					if g.check {
						fmt.Fprintln(e.stderr, "sfn generate: --check and --watch cannot be used together")
						return exitUsage
					}
					return g.runWatch(e, args)
				}
				code, _ := g.run(e, args)
				return code
			}
		},
	})
}

// generateCmd is one sfn generate command line.
type generateCmd struct {
	sf           schemaFlags
	pf           projectFlags
	goOut, tsOut string
	check, watch bool
	tsBigInt     bool
}

// run generates (or checks) once. It also returns the project it worked on, nil when the
// command line or config file was wrong, for --watch to know what to watch.
func (g *generateCmd) run(e *env, args []string) (int, *project) {
	p, code := g.pf.load(e, "generate", &g.sf, args)
	if p == nil {
		return code, nil
	}
	targets := g.outputsOf(p)
	if len(targets) == 0 {
		if p.cfg == nil {
			fmt.Fprintln(e.stderr, "sfn generate: --go-out or --ts-out is required")
		} else {
			fmt.Fprintf(e.stderr, "sfn generate: no target of %s has a go or ts output; add one, or give --go-out or --ts-out\n", p.cfg.Path)
		}
		return exitUsage, p
	}
	pkgs, code := compileTargets(e, &project{cfg: p.cfg, targets: targets})
	if pkgs == nil {
		return code, p
	}
	var outputs []output
	for i, t := range targets {
		out, code := generateTarget(e, t, pkgs[i])
		if out == nil {
			return code, p
		}
		outputs = append(outputs, out...)
	}
	// Everything is generated before anything is written: an error in one target or
	// language leaves the other's files untouched.
	if g.check {
		return checkFiles(e, outputs), p
	}
	return writeFiles(e, outputs), p
}

// outputsOf applies --go-out and --ts-out to the project's targets and returns those that
// generate something.
func (g *generateCmd) outputsOf(p *project) []config.Target {
	var out []config.Target
	for _, t := range p.targets {
		if g.goOut != "" {
			t.Go = &config.GoOutput{Out: g.goOut}
		}
		if g.tsOut != "" {
			t.TS = &config.TSOutput{Out: g.tsOut}
		}
		if g.tsBigInt && t.TS != nil {
			ts := *t.TS
			ts.BigInt = true
			t.TS = &ts
		}
		if t.Go != nil || t.TS != nil {
			out = append(out, t)
		}
	}
	return out
}

// generateTarget returns the files of one target's outputs, or nil and the exit code.
func generateTarget(e *env, t config.Target, pkg *ir.Package) ([]output, int) {
	outputs := []output{}
	if t.Go != nil {
		module := t.Go.Module
		if module == "" {
			var err error
			if module, err = moduleOf(t.Go.Out); err != nil {
				fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
				return nil, exitUser
			}
		}
		if diags := compiler.CheckGo(pkg, module); len(diags) > 0 {
			printDiagnostics(e, diags)
			return nil, exitUser
		}
		files, err := gogen.Generate(pkg, gogen.Options{Module: module})
		if err != nil {
			return nil, generatorBug(e, err)
		}
		outputs = append(outputs, output{t.Go.Out, files})
	}
	if t.TS != nil {
		files, err := tsgen.Generate(pkg, tsgen.Options{BigInt: t.TS.BigInt})
		if err != nil {
			return nil, generatorBug(e, err)
		}
		outputs = append(outputs, output{t.TS.Out, files})
	}
	return outputs, exitOK
}

// generatorBug reports a generator's error. The compiler has checked every rule by then, so
// an error from a generator is a bug in sfn, not a mistake in the schema.
func generatorBug(e *env, err error) int {
	fmt.Fprintf(e.stderr, "sfn generate: %v\n\nThis is a bug in sfn, not in your schema. Please report it with the command you ran\nand the schema if you can share it.\n", err)
	return exitInternal
}

// moduleOf returns the module path of the go.mod at or above dir, or "" when there is none.
func moduleOf(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			return modulePath(data, filepath.Join(d, "go.mod"))
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

func modulePath(gomod []byte, name string) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", name)
}

// outPath is where a generated file goes. For Go, the generator's paths are relative to the
// module root, so --go-out names the module root.
func outPath(outDir string, f gen.File) string {
	return filepath.Join(outDir, filepath.FromSlash(f.Path))
}

// output is the files of one generator and the directory they go below.
type output struct {
	dir   string
	files []gen.File
}

func writeFiles(e *env, outputs []output) int {
	for _, o := range outputs {
		if code := writeOutput(e, o.dir, o.files); code != exitOK {
			return code
		}
	}
	return exitOK
}

func writeOutput(e *env, outDir string, files []gen.File) int {
	for _, f := range files {
		p := outPath(outDir, f)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, f.Content) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
			return exitUser
		}
		// Write beside and rename, so a failure never leaves a half-written file.
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, f.Content, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
			return exitUser
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
			return exitUser
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	return exitOK
}

func checkFiles(e *env, outputs []output) int {
	stale, total := 0, 0
	for _, o := range outputs {
		total += len(o.files)
		stale += checkOutput(e, o.dir, o.files)
	}
	if stale > 0 {
		fmt.Fprintf(e.stderr, "sfn generate --check: %d of %d files need regenerating: run sfn generate without --check\n", stale, total)
		return exitUser
	}
	return exitOK
}

// checkOutput reports each missing or stale file and returns how many there are.
func checkOutput(e *env, outDir string, files []gen.File) int {
	stale := 0
	for _, f := range files {
		p := outPath(outDir, f)
		old, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(e.stderr, "%s: missing\n", p)
			stale++
		case err != nil:
			fmt.Fprintf(e.stderr, "%s: %v\n", p, err)
			stale++
		case !bytes.Equal(old, f.Content):
			fmt.Fprintf(e.stderr, "%s: stale\n", p)
			stale++
		}
	}
	return stale
}
