package compiler

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/diag"
)

// Descriptor paths (descriptor.proto field numbers) used to find source positions.
const (
	pathFilePackage     = 2
	pathFileMessage     = 4
	pathFileEnum        = 5
	pathFileService     = 6
	pathFileOptions     = 8
	pathFileSyntax      = 12
	pathFileEdition     = 14
	pathGoPackage       = 11 // in FileOptions
	pathMessageField    = 2
	pathMessageOptions  = 7
	pathFieldOptions    = 8
	pathServiceMethod   = 2
	pathServiceOptions  = 3
	pathMethodOptions   = 4
	pathEnumValue       = 2
	pathEnumValueOption = 3
	pathName            = 1 // the name of a message, field, enum, value, service or method
	pathFieldJSONName   = 10
	sfnOptionNumber     = 51700 // every sfn extension uses this number on its options message,
	errorOptionNumber   = 51701 // but (sfn.v1.error), which sits beside (sfn.v1.transparent)
)

// location finds the source location of a path in fd.
func (c *compiler) location(fd protoreflect.FileDescriptor, path []int32) (protoreflect.SourceLocation, bool) {
	loc := fd.SourceLocations().ByPath(protoreflect.SourcePath(path))
	return loc, loc.Path != nil
}

// pos returns the position of a path in fd, falling back to ever shorter prefixes of the path
// (an option's value, then the option, then its declaration) so a diagnostic always has a line.
func (c *compiler) pos(fd protoreflect.FileDescriptor, path []int32) diag.Pos {
	for n := len(path); n >= 0; n-- {
		if loc, ok := c.location(fd, path[:n]); ok {
			return diag.Pos{File: c.set.DisplayPath(fd.Path()), Line: loc.StartLine + 1, Col: loc.StartColumn + 1}
		}
	}
	return diag.Pos{File: c.set.DisplayPath(fd.Path())}
}

// pathOf returns the descriptor path of d within its file.
func pathOf(d protoreflect.Descriptor) []int32 {
	loc := d.ParentFile().SourceLocations().ByDescriptor(d)
	return append([]int32(nil), loc.Path...)
}

// declPos is the position of d's name, where a reader looks for the declaration.
func (c *compiler) declPos(d protoreflect.Descriptor) diag.Pos {
	return c.pos(d.ParentFile(), append(pathOf(d), pathName))
}

// docOf returns d's leading comment, cleaned for use as a doc comment.
func (c *compiler) docOf(d protoreflect.Descriptor) string {
	return comment(d.ParentFile().SourceLocations().ByDescriptor(d))
}

// comment turns a leading comment into doc text: the common single space after "//" removed,
// trailing blank lines dropped.
func comment(loc protoreflect.SourceLocation) string {
	lines := strings.Split(loc.LeadingComments, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(strings.TrimRight(l, " \t"), " ")
	}
	// Blank lines at the end are dropped after the trimming, so that a comment of blank
	// lines (spaces, tabs) is no comment.
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
