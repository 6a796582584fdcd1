package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sfn-dev/sfn/internal/config"
	"github.com/sfn-dev/sfn/schema"
)

func init() {
	register(&command{
		name:    "init",
		summary: "write a starter sfn.yaml (and a starter schema when there is none)",
		usage:   "[--force]",
		help: `Init writes sfn.yaml in the working directory: one target, commented, that generate, check
and routes then use when given no files (see docs/config.md).

Its inputs are the directories below the working directory that hold .sfn files (leaving out
testdata, node_modules and hidden directories). When there are none, init also writes a
starter schema, api.sfn, with one server function, so that 'sfn generate' works at once; its
go_package is inside the module of the go.mod at or above the working directory.

Init never overwrites a file unless --force is given, which rewrites sfn.yaml (never a
schema).`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			force := fs.Bool("force", false, "overwrite an existing sfn.yaml")
			return func(e *env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "sfn init: unexpected argument %q: init writes to the working directory\n", args[0])
					return exitUsage
				}
				return runInit(e, ".", *force)
			}
		},
	})
}

func runInit(e *env, dir string, force bool) int {
	cfgPath := filepath.Join(dir, config.FileName)
	if _, err := os.Stat(cfgPath); err == nil && !force {
		fmt.Fprintf(e.stderr, "sfn init: %s already exists; --force overwrites it\n", cfgPath)
		return exitUser
	}
	module, err := moduleOf(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn init: %v\n", err)
		return exitUser
	}
	inputs, err := schemaDirs(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn init: %v\n", err)
		return exitUser
	}
	if len(inputs) == 0 {
		p := filepath.Join(dir, starterSchemaName)
		if err := os.WriteFile(p, []byte(starterSchema(module)), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "sfn init: %v\n", err)
			return exitUser
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
		inputs = []string{starterSchemaName}
	}
	if err := os.WriteFile(cfgPath, []byte(starterConfig(inputs, module)), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "sfn init: %v\n", err)
		return exitUser
	}
	fmt.Fprintf(e.stdout, "wrote %s\nNext: sfn generate (or sfn generate --watch while you edit the schema)\n", cfgPath)
	return exitOK
}

// schemaDirs returns the directories below dir that hold .sfn files, relative to dir, with
// slashes, sorted; a directory below one already listed is left out, since an input
// directory is read with everything below it.
func schemaDirs(dir string) ([]string, error) {
	found := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && (skipDir(d.Name()) || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, schema.Extension) {
			rel, err := filepath.Rel(dir, filepath.Dir(p))
			if err != nil {
				return err
			}
			found[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var dirs []string
	for d := range found {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var out []string
	for _, d := range dirs {
		if len(out) > 0 {
			last := out[len(out)-1]
			if last == "." || strings.HasPrefix(d, last+"/") {
				continue
			}
		}
		out = append(out, d)
	}
	return out, nil
}

const starterSchemaName = "api" + schema.Extension

// starterConfig is the sfn.yaml that init writes.
func starterConfig(inputs []string, module string) string {
	var b strings.Builder
	b.WriteString(`# sfn.yaml: what sfn generate, check and routes do when they are given no schema files.
# Every key is described in sfn's docs/config.md. Relative paths are relative to this file.
version: 1

# Each target is a set of schemas and the code generated from it. Name targets to pick
# them with --target; add one per schema set that has its own outputs.
targets:
  - name: api
    # The schemas: .sfn files, or directories (read with every .sfn file below them).
    inputs:
`)
	for _, in := range inputs {
		fmt.Fprintf(&b, "      - %s\n", in)
	}
	b.WriteString(`    # Roots for import statements, as protoc's -I. Default: each input file's directory.
    # import_paths: [proto]

    # Go code: each schema file's code goes to its go_package's directory below out, as
    # found through the go.mod at or above out. Delete this section for no Go code.
    go:
      out: .
`)
	if module == "" {
		b.WriteString("      # There is no go.mod here yet: name the module that out is the root of.\n      # module: example.com/app\n")
	} else {
		fmt.Fprintf(&b, "      # The module path of out; default: read from its go.mod (%s).\n      # module: %s\n", module, module)
	}
	b.WriteString(`
    # TypeScript code: one module per schema file, and the runtime in sfn/ below out.
    # Delete this section for no TypeScript code.
    ts:
      out: web/gen
`)
	return b.String()
}

// starterSchema is the schema init writes when the project has none: one function, enough
// to see what generate makes.
func starterSchema(module string) string {
	goPackage := ""
	if module != "" {
		goPackage = fmt.Sprintf("option go_package = \"%s/gen/apiv1;apiv1\";\n", module)
	}
	return `// A starter schema written by sfn init: one server function. The schema language is
// protobuf's syntax with sfn's options; see sfn's docs/schema.md.
syntax = "proto3";

package api.v1;

import "sfn/v1/sfn.proto";

` + goPackage + `option (sfn.v1.file) = {prefix: "/api"};

// Greet holds greet's arguments.
message Greet {
  // Who to greet.
  string name = 1;
}

// Greeting is greet's result.
message Greeting {
  // The greeting, for people.
  string text = 1;
}

// Hello is the starter service.
service Hello {
  // Returns a greeting for the name. Url (a form post) is the default encoding; the
  // endpoint gives it a readable path, /api/greet.
  rpc greet(Greet) returns (Greeting) {
    option (sfn.v1.fn) = {endpoint: "greet"};
  }
}
`
}
