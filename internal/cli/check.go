package cli

import "flag"

func init() {
	register(&command{
		name:    "check",
		summary: "check schemas and report every mistake",
		usage:   "[-I root]... [file.sfn|dir...]",
		help: `Check loads the schemas (and the .sfn and .proto files they import), applies every rule
of sfn's contract and prints each mistake as file:line:col: message, all of them in one run.
It writes nothing. Directories are searched for .sfn files.

Without file arguments it checks the inputs of every target of the project's sfn.yaml (see
--config and --target, and docs/config.md); -I then replaces the targets' import_paths.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			var pf projectFlags
			sf.register(fs)
			pf.register(fs)
			return func(e *env, args []string) int {
				p, code := pf.load(e, "check", &sf, args)
				if p == nil {
					return code
				}
				_, code = compileTargets(e, p)
				return code
			}
		},
	})
}
