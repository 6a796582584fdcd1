package compiler

import (
	"path"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// These checks concern where generated code goes and what it can reach: TypeScript modules
// beside the runtime, a Go package's place in its module, references between Go packages.
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

// foreignType returns the quoted kind and name of the first type within t that is declared
// in a file of another Go package than here, and that file; "" when there is none.
func foreignType(t *ir.Type, goPkg map[string]string, here string) (name, file string) {
	if t == nil {
		return "", ""
	}
	switch t.Kind {
	case ir.KindMessage:
		if t.Message != nil { // nil after an error already reported
			name, file = quoteKind("message", t.Message.FullName), t.Message.File
		}
	case ir.KindEnum:
		if t.Enum != nil {
			name, file = quoteKind("enum", t.Enum.FullName), t.Enum.File
		}
	}
	// sfn's own types (sfn.v1.ServerFnErrorErr) come with the runtime, not from a schema file.
	if file != "" && file != schema.OptionsFile && goPkg[file] != here {
		return name, file
	}
	if name, file := foreignType(t.Key, goPkg, here); name != "" {
		return name, file
	}
	return foreignType(t.Elem, goPkg, here)
}

// CheckGo applies the rules that hold only where Go code is generated, as the CLI does
// for --go-out: each file to be generated needs a go_package inside module, the Go module
// that the code goes into (its place there is the go_package's directory below the
// module's root, as with protoc-gen-go's module= option), and may use only types of its own
// Go package. An empty module (no go.mod) accepts every go_package. The result is sorted.
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

// checkGoReferences reports types used by a file but declared in another Go package: the
// generated code cannot reach their descriptors yet.
func (c *compiler) checkGoReferences(files []*ir.File) {
	goPkg := map[string]string{} // file name -> Go package
	for _, f := range files {
		goPkg[f.Name] = f.GoPackage + ";" + f.GoName
	}
	for _, f := range files {
		if !f.Generate {
			continue
		}
		here := goPkg[f.Name]
		check := func(t *ir.Type, what string, pos diag.Pos) {
			if name, file := foreignType(t, goPkg, here); name != "" {
				c.errorf(pos, "%s uses %s, declared in %s for another Go package; references across Go packages are not supported yet: give both files the same go_package", what, name, file)
			}
		}
		for _, m := range f.Messages {
			for _, fl := range m.Fields {
				what := quoteKind("field", m.FullName+"."+fl.Name)
				check(fl.Type, what, fl.Pos)
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
				if fn.Error != nil {
					check(&ir.Type{Kind: ir.KindMessage, Message: fn.Error}, what, fn.Pos)
				}
			}
		}
	}
}

// inModule reports whether the Go import path lies in module.
func inModule(importPath, module string) bool {
	return importPath == module || strings.HasPrefix(importPath, module+"/")
}
