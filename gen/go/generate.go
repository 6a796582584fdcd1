package gogen

import (
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"
	"unicode"

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
	return runJobs(jobs), nil
}

// A job writes one Go file. Files are written in parallel: no job writes anything another
// reads.
type job struct {
	path  string
	write func() []byte
}

// runJobs runs the jobs on up to GOMAXPROCS goroutines and returns the files in the jobs'
// order.
func runJobs(jobs []job) []gen.File {
	out := make([]gen.File, len(jobs))
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := range next {
				out[i] = gen.File{Path: jobs[i].path, Content: jobs[i].write()}
			}
		})
	}
	wg.Wait()
	return out
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
	jobs := []job{{path: base + ".sfn.go", write: func() []byte {
		f := g.newFile()
		f.versionCheck()
		f.types()
		f.descriptors()
		f.services()
		return f.source("", g.packageComment())
	}}}
	if g.hasCodecs() {
		jobs = append(jobs, job{path: base + "_codecs.sfn.go", write: func() []byte {
			f := g.newFile()
			f.codecs()
			return f.source("", "")
		}})
	}
	if len(g.file.Services) > 0 {
		jobs = append(jobs, job{path: base + "_server.sfn.go", write: func() []byte {
			f := g.newFile()
			for _, s := range g.file.Services {
				f.handler(s)
			}
			// The server needs net/http; a WebAssembly client must not link it.
			return f.source("//go:build !js\n\n", "")
		}})
	}
	return jobs
}

// packageComment is the text of the package doc comment when this file's main Go file
// carries it: the schema file's leading comment, or a line that says where the package
// comes from. It is "" for the package's other files.
func (g *generator) packageComment() string {
	switch {
	case !g.packageDoc:
		return ""
	case g.file.Doc != "":
		return g.file.Doc
	case len(g.file.Services) == 0:
		return "Package " + g.file.GoName + " holds the types of " + path.Base(g.file.Name) + "."
	}
	return "Package " + g.file.GoName + " holds the types, server interface and client of " + path.Base(g.file.Name) + "."
}

// versionCheck opens the main file's code, right below the imports, with the runtime
// handshake.
func (f *goFile) versionCheck() {
	f.blank()
	f.comment("This file needs a runtime at least as new as the sfn that generated it. If the next\n" +
		"line does not compile, update github.com/sfn-dev/sfn in go.mod (go get\n" +
		"github.com/sfn-dev/sfn@latest), or regenerate with the sfn version go.mod names.")
	f.p("const _ = " + f.q(pkgRPC, "IsAtLeastVersion0_1_0"))
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
