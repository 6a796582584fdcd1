package compiler

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// Compile checks the linked files of set and lowers them to the IR. It returns every
// diagnostic found, sorted; the package is nil when there are any.
func Compile(set *schema.Set) (*ir.Package, diag.List) {
	c := &compiler{
		set:      set,
		messages: map[protoreflect.FullName]*ir.Message{},
		declared: map[protoreflect.FullName]protoreflect.MessageDescriptor{},
		enums:    map[protoreflect.FullName]*ir.Enum{},
		generate: map[string]bool{},
	}
	for _, f := range set.Files {
		c.generate[f.Path()] = true
	}
	pkg := c.run()
	c.diags.Sort()
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	return pkg, nil
}

type compiler struct {
	set      *schema.Set
	diags    diag.List
	generate map[string]bool

	// messages and enums index every user-declared named type by full name, so that field
	// types point at the one shared value.
	messages map[protoreflect.FullName]*ir.Message
	enums    map[protoreflect.FullName]*ir.Enum
	// framework is sfn.v1.ServerFnErrorErr, the type of an error type's framework variant:
	// lowered like a message, but declared by no file, so no generator emits it. Nil when
	// no file imports sfn's options file.
	framework *ir.Message
	// declared indexes every message of every linked file, well-known and sfn's own included,
	// for resolving the names that error options hold.
	declared map[protoreflect.FullName]protoreflect.MessageDescriptor
	// descs remembers where each lowered message came from, for the checks that follow.
	descs []messageDesc
}

type messageDesc struct {
	m *ir.Message
	d protoreflect.MessageDescriptor
}

func (c *compiler) errorf(pos diag.Pos, format string, args ...any) {
	c.diags.Add(pos, format, args...)
}

// userFiles are the files whose declarations become IR: everything but the standard
// google/protobuf imports and sfn's own options file.
func (c *compiler) userFiles() []protoreflect.FileDescriptor {
	var out []protoreflect.FileDescriptor
	for _, f := range c.set.All {
		if isWellKnownFile(f.Path()) || f.Path() == schema.OptionsFile {
			continue
		}
		out = append(out, f)
	}
	return out
}

func isWellKnownFile(path string) bool { return strings.HasPrefix(path, "google/protobuf/") }

func (c *compiler) run() *ir.Package {
	files := c.userFiles()
	pkg := &ir.Package{}
	irFiles := make([]*ir.File, len(files))
	// Declare every named type before lowering any field, so references in any order and
	// across files resolve to the same value.
	for i, fd := range files {
		irFiles[i] = c.declareFile(fd)
	}
	c.declareFramework()
	for _, md := range c.descs {
		c.lowerFields(md.m, md.d)
	}
	c.lowerErrorTypes()
	c.checkMessages()
	c.checkErrorUses()
	for i, fd := range files {
		c.lowerServices(irFiles[i], fd)
	}
	c.checkPaths(irFiles)
	c.checkNames(irFiles)
	c.checkTSModules(irFiles)
	pkg.Files = irFiles
	return pkg
}

func (c *compiler) declareFile(fd protoreflect.FileDescriptor) *ir.File {
	f := &ir.File{
		Path:     c.set.DisplayPath(fd.Path()),
		Name:     fd.Path(),
		Package:  string(fd.Package()),
		Generate: c.generate[fd.Path()],
	}
	f.GoPackage, f.GoName = goPackage(fd)
	f.GoPackagePos = c.pos(fd, []int32{pathFileOptions, pathGoPackage})
	if f.GoPackage == "" {
		f.GoPackagePos = diag.Pos{File: f.Path}
	}
	f.Doc = c.fileDoc(fd)
	if fd.Syntax() == protoreflect.Proto2 {
		c.errorf(c.pos(fd, []int32{pathFileSyntax}), "syntax \"proto2\" is not supported; use \"proto3\" or edition \"2023\"")
	}
	c.declareEnums(f, fd.Enums(), "", "")
	c.declareMessages(f, fd.Messages(), "", "")
	return f
}

// fileDoc is the file's leading comment: the one on the syntax or edition statement, else
// the one on the package statement.
func (c *compiler) fileDoc(fd protoreflect.FileDescriptor) string {
	for _, path := range []int32{pathFileSyntax, pathFileEdition, pathFilePackage} {
		if loc, ok := c.location(fd, []int32{path}); ok {
			if doc := comment(loc); doc != "" {
				return doc
			}
		}
	}
	return ""
}

// goPackage splits go_package into import path and package name, deriving the name from the
// proto package when go_package is not set ("todo.v1" gives "todov1").
func goPackage(fd protoreflect.FileDescriptor) (path, name string) {
	gp := schema.GoPackage(fd)
	if i := strings.LastIndexByte(gp, ';'); i >= 0 {
		return gp[:i], gp[i+1:]
	}
	if gp != "" {
		return gp, sanitizeGoPackage(gp[strings.LastIndexByte(gp, '/')+1:])
	}
	return "", sanitizeGoPackage(strings.ReplaceAll(string(fd.Package()), ".", ""))
}

func sanitizeGoPackage(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		}
	}
	return identStart(b.String(), "pkg")
}
