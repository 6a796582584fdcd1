package schema

import (
	"bytes"
	"sort"
	"strings"

	"github.com/bufbuild/protocompile/parser"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/sfn-dev/sfn/diag"
)

// symbols is what a failed compile still knows about the schema: each file's package,
// imports and declared messages and enums, read from each file's parse alone, so it exists
// even when linking fails. It finds what a name resolves to and the names close to a
// misspelt one.
type symbols struct {
	files map[string]*fileSymbols
}

type fileSymbols struct {
	deps   []string
	public []string
	types  map[string]string // full name to "message", "enum" or "extension"
}

// buildSymbols reads the given files (source by import name) and every file they import,
// the standard ones from the protobuf registry.
func buildSymbols(sources map[string][]byte) *symbols {
	s := &symbols{files: map[string]*fileSymbols{}}
	quiet := reporter.NewHandler(reporter.NewReporter(func(reporter.ErrorWithPos) error { return nil }, nil))
	var add func(name string)
	add = func(name string) {
		if _, done := s.files[name]; done {
			return
		}
		var fdp *descriptorpb.FileDescriptorProto
		if src, ok := sources[name]; ok {
			node, _ := parser.Parse(name, bytes.NewReader(src), quiet)
			if res, _ := parser.ResultFromAST(node, false, quiet); res != nil {
				fdp = res.FileDescriptorProto()
			}
		} else if fd, err := protoregistry.GlobalFiles.FindFileByPath(name); err == nil {
			fdp = protodesc.ToFileDescriptorProto(fd)
		}
		fs := &fileSymbols{types: map[string]string{}}
		s.files[name] = fs
		if fdp == nil {
			return
		}
		fs.deps = fdp.GetDependency()
		for _, i := range fdp.GetPublicDependency() {
			if int(i) < len(fs.deps) {
				fs.public = append(fs.public, fs.deps[i])
			}
		}
		prefix := fdp.GetPackage()
		var messages func(prefix string, ms []*descriptorpb.DescriptorProto)
		enums := func(prefix string, es []*descriptorpb.EnumDescriptorProto) {
			for _, e := range es {
				fs.types[join(prefix, e.GetName())] = "enum"
			}
		}
		messages = func(prefix string, ms []*descriptorpb.DescriptorProto) {
			for _, m := range ms {
				if m.GetOptions().GetMapEntry() {
					continue
				}
				full := join(prefix, m.GetName())
				fs.types[full] = "message"
				messages(full, m.GetNestedType())
				enums(full, m.GetEnumType())
			}
		}
		messages(prefix, fdp.GetMessageType())
		enums(prefix, fdp.GetEnumType())
		for _, x := range fdp.GetExtension() { // top-level ones: sfn.v1.fn, sfn.v1.service, ...
			fs.types[join(prefix, x.GetName())] = "extension"
		}
		for _, d := range fs.deps {
			add(d)
		}
	}
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		add(n)
	}
	return s
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// visible returns the types a file sees: its own, its imports' and, through public imports,
// theirs.
func (s *symbols) visible(file string) map[string]string {
	out := map[string]string{}
	seen := map[string]bool{}
	var addFile func(name string, all bool)
	addFile = func(name string, all bool) {
		if seen[name] {
			return
		}
		seen[name] = true
		fs := s.files[name]
		if fs == nil {
			return
		}
		for n, k := range fs.types {
			out[n] = k
		}
		deps := fs.public
		if all {
			deps = fs.deps
		}
		for _, d := range deps {
			addFile(d, false)
		}
	}
	addFile(file, true)
	return out
}

// resolve finds what a type name written in scope (a dotted full name: the package, then
// enclosing messages) names, as protobuf does: a leading "." makes it fully qualified, else
// each scope from the innermost out is tried.
func (s *symbols) resolve(file, scope, name string) (full, kind string) {
	types := s.visible(file)
	if strings.HasPrefix(name, ".") {
		return name[1:], types[name[1:]]
	}
	for sc := scope; ; sc = parentName(sc) {
		if k, ok := types[join(sc, name)]; ok {
			return join(sc, name), k
		}
		if sc == "" {
			return "", ""
		}
	}
}

// scalarTypes are protobuf's scalar type keywords, which a field's type may be misspelt
// from as well as a declared type's name.
var scalarTypes = []string{"double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
	"fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"}

// suggest returns the names, written as they would be from scope, of the visible types
// (of the given kinds) closest to a misspelt name; the kind "scalar" adds the scalar type
// keywords.
func (s *symbols) suggest(file, scope, name string, kinds ...string) []string {
	types := s.visible(file)
	var cands []string
	if contains(kinds, "scalar") {
		cands = append(cands, scalarTypes...)
	}
	for full, k := range types {
		if len(kinds) > 0 && !contains(kinds, k) {
			continue
		}
		if strings.HasPrefix(name, ".") {
			cands = append(cands, "."+full)
			continue
		}
		// Every way of writing full from scope: relative to each enclosing scope that
		// contains it, fully qualified last.
		for sc := scope; ; sc = parentName(sc) {
			if sc == "" {
				cands = append(cands, full)
				break
			}
			if strings.HasPrefix(full, sc+".") {
				cands = append(cands, full[len(sc)+1:])
			}
		}
	}
	return diag.Suggest(name, cands)
}

func parentName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
