package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sfn-dev/sfn/gen/openapi"
)

func init() {
	register(&command{
		name:    "openapi",
		summary: "write an OpenAPI 3.1 document of the server functions",
		usage:   "[--out file] [--check] [--title text] [--api-version v] [-I root]... file.sfn|dir...",
		help: `OpenAPI prints an OpenAPI 3.1 document (JSON) of the named schemas' server functions, or
writes it to --out: one path per function with its method, its arguments (a JSON or CBOR
request body, a form body, or query parameters for GetJson and GetCbor), its result, and its
error responses ("Tag|message" text, or the function's error type with each variant's
status), with the JSON Schemas of the types in components. Form arguments are described as
closely as OpenAPI's styles allow and marked x-sfn-form: serde_qs; docs/openapi.md says
what is exact and what is approximate, and how to use the document with other generators.

With --check (and --out) nothing is written: the command exits 1 if the file is missing or
differs from what would be written, as 'sfn generate --check' does.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			sf.register(fs)
			out := fs.String("out", "", "the `file` to write the document to (default: standard output)")
			check := fs.Bool("check", false, "with --out: write nothing; exit 1 if the file is missing or stale")
			var opts openapi.Options
			fs.StringVar(&opts.Title, "title", "", "the document's info.title (default: the schemas' proto packages)")
			fs.StringVar(&opts.Version, "api-version", "", "the document's info.version, the API's version (default 0.0.0)")
			return func(e *env, args []string) int {
				if *check && *out == "" {
					fmt.Fprintln(e.stderr, "sfn openapi: --check needs --out")
					return exitUsage
				}
				pkg, code := sf.compile(e, args)
				if pkg == nil {
					return code
				}
				files, err := openapi.Generate(pkg, opts)
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn openapi: %v\n", err)
					return exitInternal
				}
				doc := files[0].Content
				switch {
				case *out == "":
					if _, err := e.stdout.Write(doc); err != nil {
						fmt.Fprintf(e.stderr, "sfn openapi: %v\n", err)
						return exitUser
					}
				case *check:
					old, err := os.ReadFile(*out)
					if err != nil || !bytes.Equal(old, doc) {
						fmt.Fprintf(e.stderr, "sfn openapi: %s is missing or stale: run sfn openapi --out %s\n", *out, *out)
						return exitUser
					}
				default:
					if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
						fmt.Fprintf(e.stderr, "sfn openapi: %v\n", err)
						return exitUser
					}
					if err := os.WriteFile(*out, doc, 0o644); err != nil {
						fmt.Fprintf(e.stderr, "sfn openapi: %v\n", err)
						return exitUser
					}
				}
				return exitOK
			}
		},
	})
}
