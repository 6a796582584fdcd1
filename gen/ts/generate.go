package tsgen

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen"
	tsruntime "github.com/sfn-dev/sfn/runtime/ts"
)

// Options steer the TypeScript output. Every module goes where its schema file lies
// relative to the output directory, and the runtime goes to sfn/ there.
type Options struct {
	// BigInt types 64-bit integers (int64, sint64, sfixed64, uint64, fixed64) as bigint,
	// read and written exactly on every wire, instead of number, which refuses values past
	// 2^53 - 1. Modules then import the runtime's bigint entry point, sfn/bigint.ts.
	BigInt bool
}

// RuntimeDir is the directory, relative to the output directory, that the runtime is
// written to and imported from. The compiler refuses schema files whose modules would go
// there; its copy of this name must stay equal.
const RuntimeDir = "sfn"

// Generate returns one TypeScript module for every file of pkg that is to be generated, and
// the runtime modules they import.
func Generate(pkg *ir.Package, opts Options) ([]gen.File, error) {
	var out []gen.File
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		g := newGenerator(pkg, f, opts, nil)
		if strings.HasPrefix(g.path, RuntimeDir+"/") {
			// The compiler rejects such a file; reaching here is a bug.
			return nil, fmt.Errorf("internal error: %s: module %s is in the runtime's directory %s/", f.Path, g.path, RuntimeDir)
		}
		content := g.module()
		if ambiguous := g.ambiguousImports(); ambiguous != nil {
			// Types of one name from two modules: written again, each of them aliased.
			content = newGenerator(pkg, f, opts, ambiguous).module()
		}
		out = append(out, gen.File{Path: g.path, Content: content})
	}
	if len(out) == 0 {
		return nil, nil
	}
	for _, rf := range tsruntime.Files() {
		content := "// " + gen.Header + "\n// source: the sfn runtime, runtime/ts/src/" + rf.Name + "\n\n" + string(rf.Content)
		out = append(out, gen.File{Path: RuntimeDir + "/" + rf.Name, Content: []byte(content)})
	}
	return out, nil
}

// modulePath is where the module of the schema file with import name name goes:
// "todo/v1/todos.sfn" is "todo/v1/todos.ts".
func modulePath(name string) string {
	return strings.TrimSuffix(name, path.Ext(name)) + ".ts"
}

// importPath is the module specifier that the module at from uses for the one at to: relative,
// with the ".js" extension that ES modules and TypeScript's bundler and node16 resolution
// expect.
func importPath(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	toParts := strings.Split(strings.TrimSuffix(to, ".ts")+".js", "/")
	if fromDir[0] == "." {
		fromDir = nil
	}
	common := 0
	for common < len(fromDir) && common < len(toParts)-1 && fromDir[common] == toParts[common] {
		common++
	}
	rel := strings.Repeat("../", len(fromDir)-common) + strings.Join(toParts[common:], "/")
	if !strings.HasPrefix(rel, "../") {
		rel = "./" + rel
	}
	return rel
}

// generator writes the module of one schema file.
type generator struct {
	pkg  *ir.Package
	file *ir.File
	path string // the module's path in the output directory
	// rt and cbor are the names the runtime's modules are imported as: "sfn" and "cbor",
	// unless the schema declares those names itself.
	rt, cbor string
	// declared holds the messages of this file whose descriptions are already written, so
	// a reference to one written later becomes a function.
	declared map[*ir.Message]bool
	// imports holds, per module specifier, the names imported from it (imports.go), and
	// imported the same by schema file and type name.
	imports  map[string]map[string]*imported
	imported map[string]*imported
	// inScope holds the names the module declares or imports, which an import must not
	// take again; ambiguous, the type names imported from more than one module, which are
	// imported under aliases.
	inScope, ambiguous map[string]bool
	// usesCBOR is set once an expression of the module uses the runtime's CBOR module.
	usesCBOR bool
	// bigint is Options.BigInt.
	bigint bool
}

func newGenerator(pkg *ir.Package, f *ir.File, opts Options, ambiguous map[string]bool) *generator {
	g := &generator{
		pkg:       pkg,
		file:      f,
		path:      modulePath(f.Name),
		declared:  map[*ir.Message]bool{},
		imports:   map[string]map[string]*imported{},
		imported:  map[string]*imported{},
		ambiguous: ambiguous,
		bigint:    opts.BigInt,
	}
	taken := map[string]bool{}
	for _, m := range f.Messages {
		taken[m.TSName] = true
	}
	for _, e := range f.Enums {
		taken[e.TSName] = true
	}
	for _, s := range f.Services {
		for _, fn := range s.Funcs {
			taken[fn.TSName] = true
		}
	}
	g.rt = freeName(taken, "sfn", "sfnRuntime")
	g.cbor = freeName(taken, "cbor", "sfnCbor")
	// Imports also keep clear of the runtime's names (and of the error types' guards and the
	// functions' helpers: see declares).
	g.inScope = taken
	taken[g.rt], taken[g.cbor] = true, true
	return g
}

func freeName(taken map[string]bool, names ...string) string {
	for _, n := range names {
		if !taken[n] {
			return n
		}
	}
	return names[len(names)-1] + "2"
}

// module returns the source of g's module. The compiler has checked that no type's name
// hides a global the module uses (Promise, Uint8Array).
func (g *generator) module() []byte {
	var body writer
	body.Grow(g.sizeHint())
	g.types(&body)
	usesRuntime := g.descriptors(&body)
	g.guards(&body)
	for _, s := range g.file.Services {
		g.service(&body, s)
		usesRuntime = true
	}
	usesCBOR := g.usesCBOR

	var w writer
	w.line(0, "// "+gen.Header)
	w.line(0, "// source: "+g.file.Name)
	if g.file.Doc != "" {
		w.line(0, "")
		w.comment(0, g.file.Doc)
	}
	var imports []string
	if usesCBOR {
		imports = append(imports, "import * as "+g.cbor+" from "+quote(importPath(g.path, RuntimeDir+"/cbor.ts"))+";")
	}
	if usesRuntime {
		entry := "/index.ts"
		if g.bigint {
			entry = "/bigint.ts"
		}
		imports = append(imports, "import * as "+g.rt+" from "+quote(importPath(g.path, RuntimeDir+entry))+";")
	}
	for _, spec := range slices.Sorted(maps.Keys(g.imports)) {
		imports = append(imports, importStatement(spec, g.imports[spec]))
	}
	if len(imports) > 0 {
		w.line(0, "")
		for _, imp := range imports {
			w.line(0, imp)
		}
	}
	// The head and the body are copied once, into the module's bytes.
	out := make([]byte, 0, w.Len()+body.Len())
	return append(append(out, w.String()...), body.String()...)
}

// sizeHint is about the size of the body of g's module, from what the synthetic schema of
// the generation benchmark writes per type and per function, so that the body's buffer
// rarely grows and copies itself while it is written.
func (g *generator) sizeHint() int {
	n := 512 + 160*len(g.file.Enums)
	for _, m := range g.file.Messages {
		n += 120 + 40*len(m.Fields)
	}
	for _, s := range g.file.Services {
		n += 900 * len(s.Funcs)
	}
	return n
}
