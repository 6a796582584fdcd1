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

	"github.com/sfn-dev/sfn/gen"
	gogen "github.com/sfn-dev/sfn/gen/go"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "generate Go code for schemas",
		usage:   "--go-out dir [--check] [-I root]... file.sfn|dir...",
		help: `Generate writes the Go code for the named schemas: types, a constant per path, one interface
per service, the handler constructor and the client. A file goes to its go_package's directory
below --go-out, found through the go.mod at or above --go-out (as protoc-gen-go's module=
option); a file without go_package goes to --go-out itself.

With --check nothing is written: the command lists every generated file that is missing or
differs from what would be generated, and exits 1 if there is any. CI runs it to catch code
that was not regenerated after a schema change.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			sf.register(fs)
			goOut := fs.String("go-out", "", "the `dir` to write Go code below")
			check := fs.Bool("check", false, "write nothing; list stale or missing files and exit 1 if any")
			return func(e *env, args []string) int {
				if *goOut == "" {
					fmt.Fprintln(e.stderr, "sfn generate: --go-out is required")
					return exitUsage
				}
				pkg, code := sf.compile(e, args)
				if pkg == nil {
					return code
				}
				module, err := moduleOf(*goOut)
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
					return exitUser
				}
				files, err := gogen.Generate(pkg, gogen.Options{Module: module})
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn generate: %v\n", err)
					return exitUser
				}
				if *check {
					return checkFiles(e, *goOut, files)
				}
				return writeFiles(e, *goOut, files)
			}
		},
	})
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

// The module root is the output directory's go.mod directory only when --go-out is that
// directory; paths from the generator are relative to the module root, so a --go-out below
// the root would need them trimmed. Keep it simple: --go-out names the module root.
func outPath(outDir string, f gen.File) string {
	return filepath.Join(outDir, filepath.FromSlash(f.Path))
}

func writeFiles(e *env, outDir string, files []gen.File) int {
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

func checkFiles(e *env, outDir string, files []gen.File) int {
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
	if stale > 0 {
		fmt.Fprintf(e.stderr, "sfn generate --check: %d of %d files need regenerating: run sfn generate without --check\n", stale, len(files))
		return exitUser
	}
	return exitOK
}
