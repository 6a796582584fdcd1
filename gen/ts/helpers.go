package tsgen

import "github.com/sfn-dev/sfn/compiler/ir"

// helpers writes, after fn (an ordinary function, not a streaming one), its query and
// mutation options for TanStack Query v5 and anything shaped like it: fooQuery(args,
// options?) for a GET function, a key and a queryFn that takes the query's signal, and
// fooMutation(options?) for every function, a key and a mutationFn. Both are typed with the
// function's arguments, result and errors, and plain functions, so a bundler drops the ones
// a program does not use. Keys are [service, function] and then, for a query, its
// arguments, so invalidateQueries({ queryKey: [service] }) reaches every query of a
// service. The compiler reports a schema function that has a helper's name.
func (g *generator) helpers(w *writer, s *ir.Service, fn *ir.Func) {
	args := ""
	if !fn.NoArgs {
		args = g.ref(fn.Input.TSName, fn.Input.File, false)
	}
	result := "void"
	if !fn.Unit {
		result = g.tsType(fn.Output)
	}
	errors := g.rt + ".ServerFnError"
	if e := fn.Error; e != nil {
		errors = g.rt + ".TypedServerFnError<" + g.ref(e.TSName, e.File, false) + "> | " + errors
	}
	key := quote(s.Name) + ", " + quote(fn.TSName)

	if name := fn.TSName + "Query"; fn.Method == "GET" {
		w.line(0, "")
		params := []string{"options?: " + g.rt + ".CallOptions"}
		keyType := "readonly [" + key + "]"
		keyValue := "[" + key + "]"
		call := fn.TSName + "({ ...options, signal })"
		if !fn.NoArgs {
			params = append([]string{"args: " + args}, params...)
			keyType = "readonly [" + key + ", " + args + "]"
			keyValue = "[" + key + ", args]"
			call = fn.TSName + "(args, { ...options, signal })"
		}
		w.doc(0, name+" is "+fn.TSName+" as a query (TanStack Query's useQuery,\n"+
			"queryClient.fetchQuery): its key is "+keyValue+", its queryFn passes\n"+
			"the query's AbortSignal on.")
		w.list(0, "export function "+name+"(", params, "): "+g.rt+".QueryOptions<"+result+", "+errors+", "+keyType+"> {")
		w.line(1, "return { queryKey: "+keyValue+", queryFn: ({ signal }) => "+call+" };")
		w.line(0, "}")
	}

	name := fn.TSName + "Mutation"
	w.line(0, "")
	w.doc(0, name+" is "+fn.TSName+" as a mutation (TanStack Query's useMutation, the\n"+
		"form helper enhance): its key is ["+key+"], its mutationFn takes the arguments.")
	variables, call := "void", "() => "+fn.TSName+"(options)"
	if !fn.NoArgs {
		variables, call = args, "(args) => "+fn.TSName+"(args, options)"
	}
	w.list(0, "export function "+name+"(", []string{"options?: " + g.rt + ".CallOptions"},
		"): "+g.rt+".MutationOptions<"+result+", "+errors+", "+variables+"> {")
	w.line(1, "return { mutationKey: ["+key+"], mutationFn: "+call+" };")
	w.line(0, "}")
}
