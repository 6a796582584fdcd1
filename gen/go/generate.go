package gogen

import (
	"bytes"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen"
)

// Import paths of the runtime packages generated code links against.
const (
	pkgWire   = "github.com/sfn-dev/sfn/runtime/wire"
	pkgRPC    = "github.com/sfn-dev/sfn/runtime/rpc"
	pkgClient = "github.com/sfn-dev/sfn/runtime/client"
	pkgServer = "github.com/sfn-dev/sfn/runtime/server"
)

// Options steer where files go.
type Options struct {
	// Module is the Go module path of the output directory. A file whose go_package is
	// inside it is written to the matching directory below the output directory (as
	// protoc-gen-go's module= option); one without go_package goes to the output directory
	// itself. Empty means: paths are full import paths.
	Module string
}

// Generate returns the Go files for every file of pkg that is to be generated. pkg must have
// passed compiler.CheckGo with opts.Module, which holds the rules that only Go has (a
// go_package inside the module, types of other Go packages only from files with a go_package);
// Generate checks nothing.
func Generate(pkg *ir.Package, opts Options) ([]gen.File, error) {
	return generate(pkg, opts, false)
}

// generate is Generate, rendering each main file whole when whole is set.
func generate(pkg *ir.Package, opts Options, whole bool) ([]gen.File, error) {
	docFile := packageDocFiles(pkg)
	byName := map[string]*ir.File{}
	for _, f := range pkg.Files {
		byName[f.Name] = f
	}
	var jobs []job
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		dir, err := outputDir(f, opts.Module)
		if err != nil {
			return nil, err
		}
		g := &generator{file: f, pkg: pkg, packageDoc: docFile[goPackageKey(f)] == f,
			byName: byName, imports: importNames(f, byName), prefix: fileIdent(f.Name), whole: whole}
		base := strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name))
		jobs = append(jobs, g.jobs(path.Join(dir, base))...)
	}
	return runJobs(jobs)
}

// A job builds and renders one Go file. Rendering (jennifer, then go/format) is most of
// generation's time, so jobs run in parallel, and the largest file, the main one, is built
// and rendered in parts that run in parallel too. No part writes anything another reads.
type job struct {
	path   string
	source *ir.File
	// parts each render a piece of the file: one renders the whole file; more render it a
	// run of declarations each, the first with the header, and joinParts joins them.
	parts []func() ([]byte, error)
}

// runJobs renders the jobs' parts on up to GOMAXPROCS goroutines and returns the files in
// the jobs' order, or the first job's error.
func runJobs(jobs []job) ([]gen.File, error) {
	type task struct{ job, part int }
	var tasks []task
	results := make([][][]byte, len(jobs))
	errs := make([]error, len(jobs))
	for i, j := range jobs {
		results[i] = make([][]byte, len(j.parts))
		for k := range j.parts {
			tasks = append(tasks, task{i, k})
		}
	}
	next := make(chan task, len(tasks))
	for _, t := range tasks {
		next <- t
	}
	close(next)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(tasks)) {
		wg.Go(func() {
			for t := range next {
				src, err := jobs[t.job].parts[t.part]()
				if err != nil {
					mu.Lock()
					if errs[t.job] == nil {
						errs[t.job] = fmt.Errorf("%s: %w", jobs[t.job].source.Path, err)
					}
					mu.Unlock()
				}
				results[t.job][t.part] = src
			}
		})
	}
	wg.Wait()
	out := make([]gen.File, len(jobs))
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		content := results[i][0]
		if len(j.parts) > 1 {
			content = groupImports(joinParts(results[i]))
		}
		out[i] = gen.File{Path: j.path, Content: content}
	}
	return out, nil
}

// joinParts joins the parts of one Go file, each rendered as a file of its own (gofmt-clean,
// imports in one list sorted by path): the first part's head and declarations, one import
// list of every part's imports, and the other parts' declarations after a blank line. That is
// what formatting the whole file gives, since gofmt formats each top-level declaration on its
// own and aligns nothing across the blank line the generator puts before each
// (TestPartsJoinAsWhole holds the two equal).
func joinParts(parts [][]byte) []byte {
	var head, decls []byte
	seen := map[string]bool{}
	var imports []string
	for i, p := range parts {
		h, imps, d := splitFile(p)
		if i == 0 {
			head = h
		}
		for _, imp := range imps {
			if !seen[imp] {
				seen[imp] = true
				imports = append(imports, imp)
			}
		}
		if len(d) == 0 {
			continue
		}
		if len(decls) > 0 {
			decls = append(decls, '\n')
		}
		decls = append(decls, d...)
	}
	sort.Slice(imports, func(i, j int) bool { return importPath(imports[i]) < importPath(imports[j]) })
	out := append([]byte(nil), head...)
	switch len(imports) {
	case 0:
	case 1:
		out = append(out, "\nimport "+imports[0]+"\n"...)
	default:
		out = append(out, "\nimport (\n"...)
		for _, imp := range imports {
			out = append(out, "\t"+imp+"\n"...)
		}
		out = append(out, ")\n"...)
	}
	if len(decls) > 0 {
		out = append(out, '\n')
		out = append(out, decls...)
	}
	return out
}

// splitFile cuts a gofmt-clean Go file into its head (up to the package clause's line end),
// its import specs (`name "path"` or `"path"`) and its declarations.
func splitFile(src []byte) (head []byte, imports []string, decls []byte) {
	i := 0 // the package clause's start
	if !bytes.HasPrefix(src, []byte("package ")) {
		i = bytes.Index(src, []byte("\npackage ")) + 1
	}
	end := i + bytes.IndexByte(src[i:], '\n') + 1
	head, rest := src[:end], src[end:]
	rest = bytes.TrimPrefix(rest, []byte("\n"))
	switch {
	case bytes.HasPrefix(rest, []byte("import (\n")):
		n := bytes.Index(rest, []byte("\n)\n"))
		for _, line := range strings.Split(string(rest[len("import (\n"):n]), "\n") {
			imports = append(imports, strings.TrimSpace(line))
		}
		rest = rest[n+len("\n)\n"):]
	case bytes.HasPrefix(rest, []byte("import ")):
		n := bytes.IndexByte(rest, '\n')
		imports = append(imports, string(rest[len("import "):n]))
		rest = rest[n+1:]
	}
	return head, imports, bytes.TrimPrefix(rest, []byte("\n"))
}

// importPath is the path of an import spec.
func importPath(spec string) string { return spec[strings.IndexByte(spec, '"'):] }

// outputDir is the directory, relative to the output root, that f's Go package goes to.
func outputDir(f *ir.File, module string) (string, error) {
	switch {
	case f.GoPackage == "":
		return ".", nil
	case module == "":
		return f.GoPackage, nil
	case f.GoPackage == module:
		return ".", nil
	case strings.HasPrefix(f.GoPackage, module+"/"):
		return strings.TrimPrefix(f.GoPackage, module+"/"), nil
	}
	// compiler.CheckGo rejects such a file; reaching here is a bug.
	return "", fmt.Errorf("internal error: %s: go_package %q is not inside module %q", f.Path, f.GoPackage, module)
}

type generator struct {
	file *ir.File
	pkg  *ir.Package
	// packageDoc is whether this file's main Go file carries the package's doc comment.
	packageDoc bool
	// byName holds pkg's files by import name.
	byName map[string]*ir.File
	// imports names the other Go packages the file's code refers to, by import path.
	imports map[string]string
	// prefix starts the names of the file's codec functions for other files' types.
	prefix string
	// whole renders the main file in one piece instead of in parts (for a test).
	whole bool
}

// goPackageKey identifies the Go package that f's code goes to.
func goPackageKey(f *ir.File) string { return f.GoPackage + ";" + f.GoName }

// packageDocFiles picks, per Go package, the schema file whose main Go file carries the
// package doc comment: the first by import name among every file compiled together (a
// package has one doc comment; go vet and godoc take any other as a stray). A file that is
// only imported can be that file, so the choice does not depend on which files are named.
func packageDocFiles(pkg *ir.Package) map[string]*ir.File {
	first := map[string]*ir.File{}
	for _, f := range pkg.Files {
		k := goPackageKey(f)
		if first[k] == nil || f.Name < first[k].Name {
			first[k] = f
		}
	}
	return first
}

// jobs are the Go files of the schema file: the main one, the client codecs when its
// functions need any, and the server when it has services.
func (g *generator) jobs(base string) []job {
	// The main file in three parts: types, descriptors, services. Each section starts with a
	// blank line, which joinParts relies on.
	main := job{path: base + ".sfn.go", source: g.file, parts: []func() ([]byte, error){
		func() ([]byte, error) {
			f := g.newFile()
			if g.packageDoc {
				g.packageComment(f)
			}
			g.versionCheck(f)
			g.types(f)
			return g.renderRaw(f, "")
		},
		func() ([]byte, error) {
			f := g.newFile()
			g.descriptors(f)
			return g.renderRaw(f, "")
		},
		func() ([]byte, error) {
			f := g.newFile()
			g.services(f)
			return g.renderRaw(f, "")
		},
	}}
	if g.whole {
		main.parts = []func() ([]byte, error){func() ([]byte, error) {
			f := g.newFile()
			if g.packageDoc {
				g.packageComment(f)
			}
			g.versionCheck(f)
			g.types(f)
			g.descriptors(f)
			g.services(f)
			return g.render(f, "")
		}}
	}
	jobs := []job{main}
	if g.hasCodecs() {
		jobs = append(jobs, job{path: base + "_codecs.sfn.go", source: g.file, parts: []func() ([]byte, error){func() ([]byte, error) {
			cf := g.newFile()
			g.codecs(cf)
			return g.render(cf, "")
		}}})
	}
	if len(g.file.Services) > 0 {
		jobs = append(jobs, job{path: base + "_server.sfn.go", source: g.file, parts: []func() ([]byte, error){func() ([]byte, error) {
			srv := g.newFile()
			for _, s := range g.file.Services {
				g.handler(srv, s)
			}
			// The server needs net/http; a WebAssembly client must not link it.
			return g.render(srv, "//go:build !js\n\n")
		}}})
	}
	return jobs
}

// packageComment gives f the package doc comment: the schema file's leading comment, or a
// line that says where the package comes from.
func (g *generator) packageComment(f *jen.File) {
	text := g.file.Doc
	if text == "" {
		text = "Package " + g.file.GoName + " holds the types, server interface and client of " + path.Base(g.file.Name) + "."
		if len(g.file.Services) == 0 {
			text = "Package " + g.file.GoName + " holds the types of " + path.Base(g.file.Name) + "."
		}
	}
	for _, line := range strings.Split(text, "\n") {
		f.PackageComment(line)
	}
}

// versionCheck opens the main file's code, right below the imports, with the runtime
// handshake.
func (g *generator) versionCheck(f *jen.File) {
	f.Comment("This file needs a runtime at least as new as the sfn that generated it. If the next")
	f.Comment("line does not compile, update github.com/sfn-dev/sfn in go.mod (go get")
	f.Comment("github.com/sfn-dev/sfn@latest), or regenerate with the sfn version go.mod names.")
	f.Const().Id("_").Op("=").Qual(pkgRPC, "IsAtLeastVersion0_1_0")
}

func (g *generator) newFile() *jen.File {
	f := jen.NewFile(g.file.GoName)
	f.ImportAlias(pkgWire, "wire")
	f.ImportAlias(pkgRPC, "rpc")
	f.ImportAlias(pkgClient, "client")
	f.ImportAlias(pkgServer, "server")
	for path, name := range g.imports {
		f.ImportAlias(path, name)
	}
	return f
}

// render formats f below the generated-code header (and a build constraint, if any).
func (g *generator) render(f *jen.File, constraint string) ([]byte, error) {
	src, err := g.renderRaw(f, constraint)
	if err != nil {
		return nil, err
	}
	return groupImports(src), nil
}

// renderRaw formats f below the header, its imports left in jennifer's one list.
func (g *generator) renderRaw(f *jen.File, constraint string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(constraint)
	buf.WriteString("// " + gen.Header + "\n// source: " + g.file.Name + "\n\n")
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// groupImports splits the import block that jennifer writes (one list sorted by path) into
// the standard library, a blank line, and the rest, as goimports does and people write.
// Both groups stay sorted, so the result is gofmt-clean.
func groupImports(src []byte) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	start += len("\nimport (\n")
	n := bytes.Index(src[start:], []byte("\n)\n"))
	if n < 0 {
		return src
	}
	var std, other []string
	for _, line := range strings.Split(string(src[start:start+n]), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		importPath := strings.Trim(fields[len(fields)-1], `"`)
		if first, _, _ := strings.Cut(importPath, "/"); strings.Contains(first, ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	block := strings.Join(std, "\n")
	if len(std) > 0 && len(other) > 0 {
		block += "\n\n"
	}
	block += strings.Join(other, "\n")
	out := append([]byte(nil), src[:start]...)
	out = append(out, block...)
	return append(out, src[start+n:]...)
}

// doc adds a doc comment to f: the schema's comment, or fallback when it has none.
func doc(f *jen.File, text, fallback string) {
	if text == "" {
		text = fallback
	}
	for _, line := range strings.Split(text, "\n") {
		f.Comment(line)
	}
}

// comment is a doc comment in "//" lines, to put before a struct field or an interface
// method; it is empty when text is.
func comment(text string) *jen.Statement {
	s := jen.Null()
	if text == "" {
		return s
	}
	for _, line := range strings.Split(text, "\n") {
		s.Comment(line).Line()
	}
	return s
}

// fields is a composite literal's key: value list, in the order given (jen.Dict sorts keys).
func fields(pairs ...any) []jen.Code {
	out := make([]jen.Code, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		v, _ := pairs[i+1].(jen.Code)
		if v == nil {
			continue
		}
		out = append(out, jen.Id(pairs[i].(string)).Op(":").Add(v))
	}
	return out
}

// lowerFirst turns an exported name into an unexported one: "Todo" is "todo", "IDList" is
// "idList".
func lowerFirst(s string) string {
	rs := []rune(s)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	switch {
	case n == 0:
		return s
	case n == 1 || n == len(rs):
		n = min(n, len(rs))
	default:
		n-- // keep the capital that starts the next word: "IDList" -> "idList"
	}
	for i := 0; i < n; i++ {
		rs[i] = unicode.ToLower(rs[i])
	}
	return string(rs)
}
