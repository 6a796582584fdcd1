package gogen

import (
	"bytes"
	"fmt"
	"path"
	"runtime"
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
			byName: byName, imports: importNames(f, byName), prefix: fileIdent(f.Name)}
		base := strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name))
		jobs = append(jobs, g.jobs(path.Join(dir, base))...)
	}
	return runJobs(jobs)
}

// A job builds and renders one Go file. Rendering (jennifer, then go/format) is most of
// generation's time, so the jobs run in parallel: no job writes anything another reads.
type job struct {
	path   string
	source *ir.File
	render func() ([]byte, error)
}

// runJobs runs the jobs on up to GOMAXPROCS goroutines and returns their files in the
// jobs' order, or the first job's error.
func runJobs(jobs []job) ([]gen.File, error) {
	out := make([]gen.File, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := range next {
				content, err := jobs[i].render()
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", jobs[i].source.Path, err)
				}
				out[i] = gen.File{Path: jobs[i].path, Content: content}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

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
	jobs := []job{{path: base + ".sfn.go", source: g.file, render: func() ([]byte, error) {
		main := g.newFile()
		if g.packageDoc {
			g.packageComment(main)
		}
		g.versionCheck(main)
		g.types(main)
		g.descriptors(main)
		g.services(main)
		return g.render(main, "")
	}}}
	if g.hasCodecs() {
		jobs = append(jobs, job{path: base + "_codecs.sfn.go", source: g.file, render: func() ([]byte, error) {
			cf := g.newFile()
			g.codecs(cf)
			return g.render(cf, "")
		}})
	}
	if len(g.file.Services) > 0 {
		jobs = append(jobs, job{path: base + "_server.sfn.go", source: g.file, render: func() ([]byte, error) {
			srv := g.newFile()
			for _, s := range g.file.Services {
				g.handler(srv, s)
			}
			// The server needs net/http; a WebAssembly client must not link it.
			return g.render(srv, "//go:build !js\n\n")
		}})
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
	var buf bytes.Buffer
	buf.WriteString(constraint)
	buf.WriteString("// " + gen.Header + "\n// source: " + g.file.Name + "\n\n")
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return groupImports(buf.Bytes()), nil
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
