package cli

import "flag"

func init() {
	register(&command{
		name:    "check",
		summary: "check schemas and report every mistake",
		usage:   "[-I root]... file.sfn|dir...",
		help: `Check loads the schemas (and the .sfn and .proto files they import), applies every rule
of sfn's contract and prints each mistake as file:line:col: message, all of them in one run.
It writes nothing. Directories are searched for .sfn files.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			sf.register(fs)
			return func(e *env, args []string) int {
				_, code := sf.compile(e, args)
				return code
			}
		},
	})
}
