package compiler

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// These checks concern where generated code goes and what it can reach: TypeScript modules
// beside the runtime, a Go package's place in its module, references between Go packages
// that generated code cannot make.
// They apply to the files to be generated; an imported file is checked when it is generated
// itself. The Go ones hold only when Go is generated (TypeScript modules import each other
// freely), so Compile leaves them to CheckGo.

// tsRuntimeDir is the directory, relative to the TypeScript output directory, that gen/ts
// writes the TypeScript runtime to (tsgen.RuntimeDir); no schema file's module may go there.
const tsRuntimeDir = "sfn"

// checkTSModules reports files whose TypeScript module would be written into the runtime's
// directory: "sfn/index.sfn" would overwrite the runtime's sfn/index.ts.
func (c *compiler) checkTSModules(files []*ir.File) {
	for _, f := range files {
		if f.Generate && strings.HasPrefix(f.Name, tsRuntimeDir+"/") {
			module := strings.TrimSuffix(f.Name, path.Ext(f.Name)) + ".ts"
			c.errorf(diag.Pos{File: f.Path}, "its TypeScript module %s would be written into the runtime's directory %s/: move the file out of that directory", module, tsRuntimeDir)
		}
	}
}

// CheckGo applies the rules that hold only where Go code is generated, as the CLI does
// for --go-out: each file to be generated needs a go_package inside module, the Go module
// that the code goes into (its place there is the go_package's directory below the
// module's root, as with protoc-gen-go's module= option), and may use types of other Go
// packages only where generated code can import them (see checkGoReferences). An empty
// module (no go.mod) accepts every go_package. The result is sorted.
func CheckGo(pkg *ir.Package, module string) diag.List {
	c := &compiler{}
	for _, f := range pkg.Files {
		if !f.Generate || f.GoPackage == "" || module == "" || inModule(f.GoPackage, module) {
			continue
		}
		c.errorf(f.GoPackagePos, "go_package %q is not inside module %q, which Go code is generated into", f.GoPackage, module)
	}
	c.checkGoReferences(pkg.Files)
	c.diags.Sort()
	return c.diags
}

// checkGoReferences reports what generated Go code cannot reach in another Go package: a
// type declared in a file without go_package (there is no import path to import it by), an
// error type (the client reads it with a reader its own package registers), and a cycle of
// Go packages, which Go forbids. Other messages and enums are imported from their package.
func (c *compiler) checkGoReferences(files []*ir.File) {
	byName := map[string]*ir.File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	key := func(f *ir.File) string { return f.GoPackage + ";" + f.GoName }
	// imports holds, per Go package, the Go packages its generated code would import and,
	// for each, a file whose use makes it so.
	imports := map[string]map[string]*ir.File{}
	for _, f := range files {
		here := key(f)
		if imports[here] == nil {
			imports[here] = map[string]*ir.File{}
		}
		foreign := func(file string) *ir.File {
			// sfn's own types (sfn.v1.ServerFnErrorErr) come with the runtime, not from a file.
			if o := byName[file]; o != nil && file != schema.OptionsFile && key(o) != here {
				return o
			}
			return nil
		}
		check := func(t *ir.Type, what string, pos diag.Pos) {
			walkGoTypes(t, true, func(kind, name, file string, direct bool) {
				o := foreign(file)
				if o == nil {
					return
				}
				if imports[here][key(o)] == nil {
					imports[here][key(o)] = f
				}
				// Only t's own types are reported here: those within the fields of another
				// file's message are reported where that file is generated.
				if f.Generate && direct && o.GoPackage == "" {
					c.errorf(pos, "%s uses %s, declared in %s, which has no go_package for Go code to import it by: give %s a go_package", what, quoteKind(kind, name), file, file)
				}
			}, map[*ir.Message]bool{})
		}
		for _, m := range f.Messages {
			for _, fl := range m.Fields {
				check(fl.Type, quoteKind("field", m.FullName+"."+fl.Name), fl.Pos)
				if fl.Oneof != nil {
					for _, v := range fl.Oneof.Variants {
						check(v.Type, quoteKind("oneof member", m.FullName+"."+v.Name), v.Pos)
					}
				}
			}
		}
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				what := quoteKind("function", s.Name+"."+fn.Name)
				if !fn.NoArgs && fn.Input != nil {
					check(&ir.Type{Kind: ir.KindMessage, Message: fn.Input}, what, fn.Pos)
				}
				if !fn.Unit {
					check(fn.Output, what, fn.Pos)
				}
				if fn.Stream != nil {
					for _, m := range []*ir.Message{fn.Stream.InItem, fn.Stream.OutItem} {
						if m != nil {
							check(&ir.Type{Kind: ir.KindMessage, Message: m}, what, fn.Pos)
						}
					}
				}
				if fn.Error != nil {
					check(&ir.Type{Kind: ir.KindMessage, Message: fn.Error}, what, fn.Pos)
					if o := foreign(fn.Error.File); o != nil && f.Generate {
						c.errorf(fn.Pos, "%s uses error type %q, declared in %s for another Go package; an error type must be declared in the Go package of the functions that use it: move it to a file with this file's go_package", what, fn.Error.FullName, fn.Error.File)
					}
				}
			}
		}
	}
	c.checkGoImportCycles(files, imports)
}

// walkGoTypes calls visit with each named type that code for t refers to: the types within
// t (direct), and those within the fields of its messages, since a message's codecs read and
// write them too.
func walkGoTypes(t *ir.Type, direct bool, visit func(kind, name, file string, direct bool), seen map[*ir.Message]bool) {
	if t == nil {
		return
	}
	switch t.Kind {
	case ir.KindMessage:
		m := t.Message
		if m == nil || seen[m] { // nil after an error already reported
			break
		}
		seen[m] = true
		visit("message", m.FullName, m.File, direct)
		for _, fl := range m.Fields {
			walkGoTypes(fl.Type, false, visit, seen)
			if fl.Oneof != nil {
				for _, v := range fl.Oneof.Variants {
					walkGoTypes(v.Type, false, visit, seen)
				}
			}
		}
	case ir.KindEnum:
		if t.Enum != nil {
			visit("enum", t.Enum.FullName, t.Enum.File, direct)
		}
	}
	walkGoTypes(t.Key, direct, visit, seen)
	walkGoTypes(t.Elem, direct, visit, seen)
}

// checkGoImportCycles reports each generated file whose Go package would import, through
// the packages of the types it uses, a package that imports it back: files of different
// proto packages may share a go_package, so schema imports without a cycle can still make
// one between Go packages.
func (c *compiler) checkGoImportCycles(files []*ir.File, imports map[string]map[string]*ir.File) {
	reported := map[string]bool{}
	for _, f := range files {
		here := f.GoPackage + ";" + f.GoName
		if !f.Generate || reported[here] {
			continue
		}
		// A path from here back to here, breadth first, so the shortest is named.
		prev := map[string]string{}
		queue := []string{here}
		found := false
		for len(queue) > 0 && !found {
			p := queue[0]
			queue = queue[1:]
			next := make([]string, 0, len(imports[p]))
			for q := range imports[p] {
				next = append(next, q)
			}
			sort.Strings(next)
			for _, q := range next {
				if q == here {
					prev[here], found = p, true
					break
				}
				if _, ok := prev[q]; !ok {
					prev[q] = p
					queue = append(queue, q)
				}
			}
		}
		if !found {
			continue
		}
		reported[here] = true
		var chain []string
		for p := prev[here]; ; p = prev[p] {
			chain = append([]string{p}, chain...)
			if p == here {
				break
			}
		}
		var names []string
		for _, p := range append(chain, here) {
			names = append(names, strconv.Quote(strings.SplitN(p, ";", 2)[0]))
		}
		c.errorf(f.GoPackagePos, "Go package %s would import itself (%s): Go forbids import cycles; move the types both sides use into a package of their own", names[0], strings.Join(names, " imports "))
	}
}

// inModule reports whether the Go import path lies in module.
func inModule(importPath, module string) bool {
	return importPath == module || strings.HasPrefix(importPath, module+"/")
}
