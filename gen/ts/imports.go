package tsgen

import (
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Types of other schema files are imported by name from their modules. A name can clash: the
// module declares a type of that name itself (billing's Address beside common's), or two
// modules it imports from export it (common's Address and billing's, both used by ledger).
// Such an import gets an alias after its proto package, `Address as commonv1_Address`, and
// the module's own type keeps its name; every other import keeps the exported name, so
// schemas without clashes generate what they always did.

// imported is one name imported from a module: the name the module exports, the name it has
// here (the same unless aliased), and whether it is used as a value (a message's or enum's
// description) or only as a type.
type imported struct {
	name, local string
	value       bool
}

// ref returns the TypeScript name of a type declared in file, importing it when that is
// another file; value says whether the name is used as a value (a message's description).
func (g *generator) ref(name, file string, value bool) string {
	if file == g.file.Name {
		return name
	}
	key := file + "\x00" + name
	imp := g.imported[key]
	if imp == nil {
		spec := importPath(g.path, modulePath(file))
		imp = &imported{name: name, local: g.localName(name, file)}
		g.imported[key] = imp
		g.inScope[imp.local] = true
		if g.imports[spec] == nil {
			g.imports[spec] = map[string]*imported{}
		}
		g.imports[spec][name] = imp
	}
	imp.value = imp.value || value
	return imp.local
}

// localName picks the name that the type name of file is imported as: name itself when
// nothing in the module has it and no other module's type of that name is imported here,
// else an alias after file's proto package.
func (g *generator) localName(name, file string) string {
	if !g.declares(name) && !g.ambiguous[name] {
		return name
	}
	pkg := g.packageOf(file)
	var candidates []string
	if p := shortPackage(pkg); p != "" {
		candidates = append(candidates, p+"_"+name)
	}
	if p := identPart(strings.ReplaceAll(pkg, ".", "_")); p != "" {
		candidates = append(candidates, p+"_"+name)
	}
	// Files without a package (or of one package): after the module's path instead.
	candidates = append(candidates, identPart(strings.ReplaceAll(strings.TrimSuffix(file, path.Ext(file)), "/", "_"))+"_"+name)
	for _, c := range candidates {
		if !g.declares(c) {
			return c
		}
	}
	base := candidates[len(candidates)-1]
	for i := 2; ; i++ {
		if c := base + strconv.Itoa(i); !g.declares(c) {
			return c
		}
	}
}

// declares reports whether name is taken in the module: a type, function or runtime import
// of inScope, an import already made, or the guard of an error type (isTodoError) or a helper
// of a function (addTodoQuery, addTodoMutation), which are told from their names rather than
// listed, since only aliases can meet them: types start with a capital, functions and the
// runtime's names with a small letter.
func (g *generator) declares(name string) bool {
	if g.inScope[name] {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "is"); ok && g.inScope[rest] {
		return true
	}
	for _, suffix := range []string{"Query", "Mutation"} {
		if fn, ok := strings.CutSuffix(name, suffix); ok && fn != "" && fn[0] >= 'a' && fn[0] <= 'z' && g.inScope[fn] {
			return true
		}
	}
	return false
}

// packageOf is the proto package of the schema file named file, "" when unknown.
func (g *generator) packageOf(file string) string {
	for _, f := range g.pkg.Files {
		if f.Name == file {
			return f.Package
		}
	}
	return ""
}

// shortPackage is the short form of a proto package that Go's package names use too:
// its last element, after the one before when that last one is a version ("acme.common.v1"
// is "commonv1", "acme.common" is "common").
func shortPackage(pkg string) string {
	parts := strings.Split(pkg, ".")
	last := parts[len(parts)-1]
	if len(parts) > 1 && isVersion(last) {
		last = parts[len(parts)-2] + last
	}
	return identPart(last)
}

// isVersion reports whether s is a version element: v1, v2beta1, v1alpha.
func isVersion(s string) bool {
	return len(s) > 1 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9'
}

// identPart keeps the characters of s that an identifier can hold, "" if it cannot start one.
func identPart(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return ""
	}
	return s
}

// ambiguousImports returns the names that the module imports from more than one module,
// which a second generation of it aliases in every module they come from, so that neither
// keeps the bare name by the accident of being referred to first.
func (g *generator) ambiguousImports() map[string]bool {
	seen := map[string]int{}
	for _, names := range g.imports {
		for name := range names {
			seen[name]++
		}
	}
	var out map[string]bool
	for name, n := range seen {
		if n > 1 {
			if out == nil {
				out = map[string]bool{}
			}
			out[name] = true
		}
	}
	return out
}

// importStatement imports names from spec: all as values when any is one (a message brings
// its type and its description under one name), else as types; an aliased name as
// `Name as local`.
func importStatement(spec string, names map[string]*imported) string {
	sorted := slices.Sorted(maps.Keys(names))
	var parts []string
	anyValue := false
	for _, n := range sorted {
		anyValue = anyValue || names[n].value
	}
	for _, n := range sorted {
		imp := names[n]
		part := n
		if imp.local != n {
			part += " as " + imp.local
		}
		if anyValue && !imp.value {
			part = "type " + part
		}
		parts = append(parts, part)
	}
	kw := "import "
	if !anyValue {
		kw = "import type "
	}
	return kw + "{ " + strings.Join(parts, ", ") + " } from " + quote(spec) + ";"
}
