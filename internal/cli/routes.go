package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/sfn-dev/sfn/compiler/ir"
)

func init() {
	register(&command{
		name:    "routes",
		summary: "list the server functions with their method, path and encoding",
		usage:   "[--json] [-I root]... [file.sfn|dir...]",
		help: `Routes prints one line per server function of the named schemas: the service, the
function, the HTTP method, the URL path it is served at, its encoding and its signature.
With --json it prints a JSON array of objects with the keys service, name, method, path,
encoding, input and output (full proto type names) instead.

Without file arguments it lists the functions of every target of the project's sfn.yaml, in
the file's order (see --config and --target, and docs/config.md).`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			var pf projectFlags
			sf.register(fs)
			pf.register(fs)
			asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
			return func(e *env, args []string) int {
				p, code := pf.load(e, "routes", &sf, args)
				if p == nil {
					return code
				}
				pkgs, code := compileTargets(e, p)
				if pkgs == nil {
					return code
				}
				rs := []route{}
				for _, pkg := range pkgs {
					rs = append(rs, routesOf(pkg)...)
				}
				if *asJSON {
					return writeRoutesJSON(e, rs)
				}
				return writeRoutesTable(e, rs)
			}
		},
	})
}

// route is one line of "sfn routes", and one object of its JSON form.
type route struct {
	Service  string `json:"service"`
	Name     string `json:"name"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	Encoding string `json:"encoding"`
	Input    string `json:"input"`
	Output   string `json:"output"`
	// Protocol is set for streams and uploads: websocket, byte_stream or multipart; a
	// streamed side's type reads "stream T", as the schema writes it.
	Protocol string `json:"protocol,omitempty"`
}

func routesOf(pkg *ir.Package) []route {
	rs := []route{}
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				r := route{
					Service:  s.FullName,
					Name:     fn.Name,
					Method:   fn.Method,
					Path:     fn.Path,
					Encoding: string(fn.Encoding),
					Input:    fn.Input.FullName,
					Output:   fn.Output.String(),
				}
				if st := fn.Stream; st != nil {
					r.Protocol = st.Protocol.String()
					if streamed(st.In) {
						r.Input = "stream " + r.Input
					}
					if streamed(st.Out) {
						r.Output = "stream " + r.Output
					}
				}
				rs = append(rs, r)
			}
		}
	}
	return rs
}

// streamed reports whether a side of a function carries a stream (of items, bytes or
// text), which the schema writes with the stream keyword.
func streamed(k ir.StreamKind) bool {
	return k == ir.StreamItems || k == ir.StreamBytes || k == ir.StreamText
}

func writeRoutesJSON(e *env, rs []route) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rs); err != nil {
		fmt.Fprintf(e.stderr, "sfn routes: %v\n", err)
		return exitUser
	}
	return exitOK
}

func writeRoutesTable(e *env, rs []route) int {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tFUNCTION\tMETHOD\tPATH\tENCODING\tSIGNATURE")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s -> %s\n", r.Service, r.Name, r.Method, r.Path, r.Encoding, r.Input, r.Output)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "sfn routes: %v\n", err)
		return exitUser
	}
	return exitOK
}
