package gogen

import (
	"bytes"
	"fmt"
	"path"
	"strings"
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

// Generate returns the Go files for every file of pkg that is to be generated.
func Generate(pkg *ir.Package, opts Options) ([]gen.File, error) {
	var out []gen.File
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		dir, err := outputDir(f, opts.Module)
		if err != nil {
			return nil, err
		}
		g := &generator{file: f, pkg: pkg}
		base := strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name))
		files, err := g.files(path.Join(dir, base))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		out = append(out, files...)
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
	return "", fmt.Errorf("%s: go_package %q is not inside module %q", f.Path, f.GoPackage, module)
}

type generator struct {
	file *ir.File
	pkg  *ir.Package
}

func (g *generator) files(base string) ([]gen.File, error) {
	if err := g.checkReferences(); err != nil {
		return nil, err
	}
	main := g.newFile()
	g.types(main)
	g.descriptors(main)
	g.services(main)
	mainSrc, err := g.render(main, "")
	if err != nil {
		return nil, err
	}
	files := []gen.File{{Path: base + ".sfn.go", Content: mainSrc}}
	if g.hasCodecs() {
		cf := g.newFile()
		g.codecs(cf)
		codecSrc, err := g.render(cf, "")
		if err != nil {
			return nil, err
		}
		files = append(files, gen.File{Path: base + "_codecs.sfn.go", Content: codecSrc})
	}
	if len(g.file.Services) > 0 {
		srv := g.newFile()
		for _, s := range g.file.Services {
			g.handler(srv, s)
		}
		// The server needs net/http; a WebAssembly client must not link it.
		srvSrc, err := g.render(srv, "//go:build !js\n\n")
		if err != nil {
			return nil, err
		}
		files = append(files, gen.File{Path: base + "_server.sfn.go", Content: srvSrc})
	}
	return files, nil
}

func (g *generator) newFile() *jen.File {
	f := jen.NewFile(g.file.GoName)
	f.ImportAlias(pkgWire, "wire")
	f.ImportAlias(pkgRPC, "rpc")
	f.ImportAlias(pkgClient, "client")
	f.ImportAlias(pkgServer, "server")
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
	return buf.Bytes(), nil
}

// checkReferences rejects types declared in another Go package: their descriptors are not
// reachable from here yet.
func (g *generator) checkReferences() error {
	here := g.file.GoPackage + ";" + g.file.GoName
	var visit func(t *ir.Type) error
	visit = func(t *ir.Type) error {
		if t == nil {
			return nil
		}
		name, file := "", ""
		switch t.Kind {
		case ir.KindMessage:
			name, file = t.Message.FullName, t.Message.File
		case ir.KindEnum:
			name, file = t.Enum.FullName, t.Enum.File
		}
		if file != "" && file != g.file.Name && g.goPackageOf(file) != here {
			return fmt.Errorf("type %s is declared in another Go package; cross-package references are not supported yet: give both files the same go_package", name)
		}
		if err := visit(t.Key); err != nil {
			return err
		}
		return visit(t.Elem)
	}
	for _, m := range g.file.Messages {
		for _, f := range m.Fields {
			if err := visit(f.Type); err != nil {
				return err
			}
			if f.Oneof != nil {
				for _, v := range f.Oneof.Variants {
					if err := visit(v.Type); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, s := range g.file.Services {
		for _, fn := range s.Funcs {
			if !fn.NoArgs {
				if err := visit(&ir.Type{Kind: ir.KindMessage, Message: fn.Input}); err != nil {
					return err
				}
			}
			if !fn.Unit {
				if err := visit(fn.Output); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (g *generator) goPackageOf(fileName string) string {
	for _, f := range g.pkg.Files {
		if f.Name == fileName {
			return f.GoPackage + ";" + f.GoName
		}
	}
	return ""
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
