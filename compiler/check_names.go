package compiler

import (
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
)

// namespace detects two schema elements that map to one generated name. Each entry records
// what took the name first, so the error names both places.
type namespace struct {
	c     *compiler
	lang  string // "Go" or "TypeScript"
	taken map[string]claim
}

type claim struct {
	what string
	pos  diag.Pos
}

func (c *compiler) namespace(lang string) *namespace {
	return &namespace{c: c, lang: lang, taken: map[string]claim{}}
}

// claim records name for what at pos, reporting a collision with an earlier claim. It
// reports whether the name was free (or already this element's).
func (n *namespace) claim(name, what string, pos diag.Pos) bool {
	if prev, ok := n.taken[name]; ok {
		if prev.pos != pos || prev.what != what {
			n.c.errorf(pos, "%s maps to %s name %q, already used by %s at %s", what, n.lang, name, prev.what, prev.pos)
			return false
		}
		return true
	}
	n.taken[name] = claim{what, pos}
	return true
}

// checkNames reports names that collide after the Go or TypeScript mapping: fields within a
// message, functions within a service, top-level Go identifiers within a Go package, and
// types and functions within a TypeScript module (one per file).
func (c *compiler) checkNames(files []*ir.File) {
	goPkgs := map[string]*namespace{}
	for _, f := range files {
		key := f.GoPackage + ";" + f.GoName
		if f.GoPackage == "" {
			key = "proto:" + f.Package
		}
		goNS := goPkgs[key]
		if goNS == nil {
			goNS = c.namespace("Go")
			goPkgs[key] = goNS
		}
		tsTypes, tsFuncs := c.namespace("TypeScript"), c.namespace("TypeScript")
		for _, e := range f.Enums {
			goNS.claim(e.GoName, quoteKind("enum", e.FullName), e.Pos)
			tsTypes.claim(e.TSName, quoteKind("enum", e.FullName), e.Pos)
			c.checkTSGlobal(e.TSName, quoteKind("enum", e.FullName), e.Pos)
			for _, v := range e.Values {
				goNS.claim(v.GoName, quoteKind("enum value", e.FullName+"."+v.Name), v.Pos)
			}
		}
		for _, m := range f.Messages {
			goNS.claim(m.GoName, quoteKind("message", m.FullName), m.Pos)
			tsTypes.claim(m.TSName, quoteKind("message", m.FullName), m.Pos)
			c.checkTSGlobal(m.TSName, quoteKind("message", m.FullName), m.Pos)
			c.checkFieldNames(m, goNS)
		}
		for _, s := range f.Services {
			what := quoteKind("service", s.FullName)
			goNS.claim(s.GoName, what, s.Pos)
			goNS.claim(s.GoHandler, what, s.Pos)
			goNS.claim(s.GoClient, what, s.Pos)
			goNS.claim(s.GoUnimplemented, what, s.Pos)
			methods := c.namespace("Go")
			for _, fn := range s.Funcs {
				fwhat := quoteKind("function", s.Name+"."+fn.Name)
				// The path constant is derived from the method name: one collision, one error.
				if methods.claim(fn.GoName, fwhat, fn.Pos) {
					goNS.claim(fn.GoPathConst, fwhat, fn.Pos)
				}
				tsFuncs.claim(fn.TSName, fwhat, fn.Pos)
			}
		}
		c.checkTSHelperNames(f, tsFuncs)
	}
}

// checkTSHelperNames claims the other names a TypeScript module exports beside its
// functions, once every function has its own: each ordinary function's mutation helper
// (fooMutation) and, for a GET function, its query helper (fooQuery), and each error type's
// guard (isFooError). A schema function of the same name is reported here, so the
// generator never has to leave a helper out.
func (c *compiler) checkTSHelperNames(f *ir.File, tsFuncs *namespace) {
	for _, s := range f.Services {
		for _, fn := range s.Funcs {
			if fn.Stream != nil {
				continue
			}
			fwhat := quoteKind("function", s.Name+"."+fn.Name)
			if own := tsFuncs.taken[fn.TSName]; own.what != fwhat || own.pos != fn.Pos {
				continue // its own name collided, reported already: one collision, one error
			}
			tsFuncs.claim(fn.TSName+"Mutation", fwhat+"'s mutation helper", fn.Pos)
			if fn.Method == "GET" {
				tsFuncs.claim(fn.TSName+"Query", fwhat+"'s query helper", fn.Pos)
			}
		}
	}
	for _, m := range f.Messages {
		if m.Error != nil {
			tsFuncs.claim("is"+m.TSName, quoteKind("error type", m.FullName)+"'s guard", m.Pos)
		}
	}
}

// tsGlobals are the global names that generated TypeScript refers to (async functions
// return a Promise, bytes are a Uint8Array). A type of one of these names, declared in a
// module or imported into it, would hide the global and break the module.
var tsGlobals = map[string]bool{"Promise": true, "Uint8Array": true}

// checkTSGlobal reports a type whose TypeScript name would hide a global of tsGlobals.
func (c *compiler) checkTSGlobal(name, what string, pos diag.Pos) {
	if tsGlobals[name] {
		c.errorf(pos, "%s maps to TypeScript name %q, which would hide the global %s that generated code uses", what, name, name)
	}
}

// checkFieldNames reports fields of m that share a wire, Go or TypeScript name, and oneof
// members that share a wire name or a Go wrapper type.
func (c *compiler) checkFieldNames(m *ir.Message, goNS *namespace) {
	goFields, tsFields := c.namespace("Go"), c.namespace("TypeScript")
	wire := c.namespace("wire")
	// Every generated message has this method; a field of the same name would not compile.
	goFields.claim("WireMessage", "the generated method "+m.GoName+".WireMessage", m.Pos)
	// A generated error type is a Go error, so it has an Error method too.
	if m.Error != nil {
		goFields.claim("Error", "the generated method "+m.GoName+".Error", m.Pos)
	}
	for _, f := range m.Fields {
		what := quoteKind("field", f.Name)
		goFields.claim(f.GoName, what, f.Pos)
		tsFields.claim(f.TSName, what, f.Pos)
		wire.claim(f.WireName, what, f.Pos)
		if f.Oneof == nil {
			continue
		}
		goNS.claim(f.Oneof.GoName, quoteKind("oneof", m.FullName+"."+f.Name), f.Pos)
		variants := c.namespace("wire")
		for _, v := range f.Oneof.Variants {
			vwhat := quoteKind("oneof member", v.Name)
			variants.claim(v.WireName, vwhat, v.Pos)
			goNS.claim(v.GoName, quoteKind("oneof member", m.FullName+"."+v.Name), v.Pos)
		}
	}
}

func quoteKind(kind, name string) string { return kind + " \"" + name + "\"" }
