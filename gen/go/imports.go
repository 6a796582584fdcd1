package gogen

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// References across Go packages. A schema file may use types of a file with another
// go_package (shared types in acme/common/v1, used by acme/todo/v1 and acme/billing/v1):
//
//   - the Go type is the other package's, imported under an explicit name, its Go package
//     name (commonv1 "example.com/acme/gen/common/v1"), or a longer one when that is taken;
//   - its wire descriptor is reached through the other package's exported accessors:
//     (*commonv1.Address)(nil).WireMessage() and commonv1.ColorRed.WireEnum();
//   - the client codecs of a type declared in another schema file (of another Go package or
//     of this one) are functions of the file that uses it, todoAppendJSONCommonv1Address(w,
//     m), not methods: a package cannot add methods to another's types, and no package grows
//     exported codec API for this. The functions are named after the using schema file, so
//     that two files of one Go package, generated together or apart, never declare the same
//     name.

// reservedNames are names an import of another schema package may not take in generated
// code: the runtime's and the standard library's packages it imports, and the local names
// its functions declare (a parameter w would hide a package named w).
var reservedNames = map[string]bool{
	"wire": true, "rpc": true, "client": true, "server": true,
	"context": true, "time": true, "reflect": true, "iter": true, "io": true, "http": true,
	"c": true, "ctx": true, "e": true, "err": true, "i": true, "impl": true, "in": true, "k": true,
	"l": true, "m": true, "ok": true, "opts": true, "out": true, "parts": true, "r": true, "s": true,
	"status": true, "v": true, "w": true, "x": true, "yield": true, "baseURL": true,
}

// importNames picks the import name of each Go package that f's generated code refers to
// besides its own: the types its messages and functions use, and those their codecs reach.
// The result maps import path to name, and is the same for the same file whatever else is
// compiled with it.
func importNames(f *ir.File, files map[string]*ir.File) map[string]string {
	own := goPackageKey(f)
	seen := map[*ir.Message]bool{}
	paths := map[string]*ir.File{}
	var visitType func(t *ir.Type)
	var visitMessage func(m *ir.Message)
	note := func(file string) {
		if o := files[file]; o != nil && goPackageKey(o) != own {
			paths[o.GoPackage] = o
		}
	}
	visitType = func(t *ir.Type) {
		if t == nil {
			return
		}
		switch {
		case t.IsFramework():
		case t.Kind == ir.KindMessage && t.Message != nil:
			visitMessage(t.Message)
		case t.Kind == ir.KindEnum && t.Enum != nil:
			note(t.Enum.File)
		}
		visitType(t.Key)
		visitType(t.Elem)
	}
	visitMessage = func(m *ir.Message) {
		if seen[m] {
			return
		}
		seen[m] = true
		note(m.File)
		for _, fl := range m.Fields {
			visitType(fl.Type)
			if fl.Oneof != nil {
				for _, v := range fl.Oneof.Variants {
					visitType(v.Type)
				}
			}
		}
	}
	for _, m := range f.Messages {
		visitMessage(m)
	}
	for _, s := range f.Services {
		for _, fn := range s.Funcs {
			for _, m := range []*ir.Message{fn.Input, fn.Error} {
				if m != nil {
					visitMessage(m)
				}
			}
			visitType(fn.Output)
			if fn.Stream != nil {
				for _, m := range []*ir.Message{fn.Stream.InItem, fn.Stream.OutItem} {
					if m != nil {
						visitMessage(m)
					}
				}
			}
		}
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	names := map[string]string{}
	taken := map[string]bool{}
	for _, p := range sorted {
		name := importName(p, paths[p].GoName, taken)
		taken[name] = true
		names[p] = name
	}
	return names
}

// importName is the first free name of the package at importPath called goName: goName,
// then goName with ever more of the path's elements before it (acmecommonv1), then with a
// number after it.
func importName(importPath, goName string, taken map[string]bool) string {
	free := func(n string) bool { return n != "" && !reservedNames[n] && !taken[n] }
	if free(goName) {
		return goName
	}
	elems := strings.Split(importPath, "/")
	name := goName
	for i := len(elems) - 2; i >= 0; i-- {
		if name = identifier(elems[i]) + name; free(name) {
			return name
		}
	}
	for n := 2; ; n++ {
		if name := goName + strconv.Itoa(n); free(name) {
			return name
		}
	}
}

// identifier keeps the letters and digits of s, lower-cased.
func identifier(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// fileIdent is the name that f's functions for other files' types start with: the schema
// file's base name in lowerCamelCase ("todo_admin.sfn": "todoAdmin"). Two schema files of one
// Go package have different base names, since their Go files do.
func fileIdent(name string) string {
	base := name[strings.LastIndex(name, "/")+1:]
	if i := strings.LastIndex(base, "."); i > 0 {
		base = base[:i]
	}
	var b strings.Builder
	upper := false
	for _, r := range base {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			upper = b.Len() > 0
		case upper:
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		case b.Len() == 0:
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || !unicode.IsLetter([]rune(b.String())[0]) {
		return "file" + b.String()
	}
	return b.String()
}

// own reports whether the type declared in file is declared in the file being generated.
func (g *generator) own(file string) bool { return file == g.file.Name }

// foreign returns the file that declares a type, when it is of another Go package.
func (g *generator) foreign(file string) *ir.File {
	if o := g.byName[file]; o != nil && goPackageKey(o) != goPackageKey(g.file) {
		return o
	}
	return nil
}

// qual is the Go name of a type (or constant) declared in file: qualified by its package's
// import name when that is another Go package.
func (f *goFile) qual(file, goName string) string {
	if o := f.foreign(file); o != nil {
		return f.q(o.GoPackage, goName)
	}
	return goName
}

// messageDesc is the expression of m's wire descriptor: its variable in this Go package,
// else the other package's WireMessage.
func (f *goFile) messageDesc(m *ir.Message) string {
	if f.foreign(m.File) == nil {
		return messageVar(m)
	}
	return "(*" + f.qual(m.File, m.GoName) + ")(nil).WireMessage()"
}

// enumDesc is the expression of e's wire descriptor: its variable in this Go package, else
// the other package's WireEnum (on its first value, which every enum has).
func (f *goFile) enumDesc(e *ir.Enum) string {
	if f.foreign(e.File) == nil {
		return enumVar(e)
	}
	return f.qual(e.File, e.Values[0].GoName) + ".WireEnum()"
}

// codecFunc names the function this file writes for op on m, a message declared in another
// schema file: todoAppendJSONCommonv1Address.
func (g *generator) codecFunc(m *ir.Message, op codecOp) string {
	pkg := ""
	if o := g.foreign(m.File); o != nil {
		pkg = exportFirst(g.imports[o.GoPackage])
	}
	return g.prefix + exportFirst(op.method()) + pkg + m.GoName
}

// codecCall calls op's codec of m on x, a *m (or, when addr is set, an addressable m),
// with the writer w or reader r: x.appendJSON(w) for a message of this file, else this
// file's function for it.
func (g *generator) codecCall(m *ir.Message, op codecOp, x string, addr bool) string {
	rw := "w"
	if op.decode {
		rw = "r"
	}
	if g.own(m.File) {
		return x + "." + op.method() + "(" + rw + ")"
	}
	if addr {
		x = "&" + x
	}
	return g.codecFunc(m, op) + "(" + rw + ", " + x + ")"
}

// codecValue is op's codec of m bound to x, a *m: the func(w) or func(r) that the client's
// JSONArgs, JSONResult and the like take.
func (f *goFile) codecValue(m *ir.Message, op codecOp, x string) string {
	if f.own(m.File) {
		return x + "." + op.method()
	}
	return "func(" + f.param(op) + ") {\n" + f.codecCall(m, op, x, false) + "\n}"
}

func exportFirst(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}
