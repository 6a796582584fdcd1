package compiler

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
	sfnv1 "github.com/sfn-dev/sfn/schema/sfn/v1"
)

// Typed errors (SPEC 5.1): a message marked with (sfn.v1.error) is Rust's enum implementing
// FromServerFnError. Its one oneof lists the variants, each a message with the HTTP status it
// answers with, and exactly one of type sfn.v1.ServerFnErrorErr, which carries the failures
// the framework detects. Functions name their error type with the error option.

// frameworkName is the type of an error type's framework variant, Leptos's ServerFnErrorErr.
const frameworkName protoreflect.FullName = "sfn.v1.ServerFnErrorErr"

// Default and allowed statuses of an error variant.
const (
	defaultErrorStatus = 500
	minErrorStatus     = 400
	maxErrorStatus     = 599
)

var errorFormats = map[sfnv1.ErrorEncoding]ir.Format{
	sfnv1.ErrorEncoding_ERROR_ENCODING_UNSPECIFIED: ir.FormatJSON,
	sfnv1.ErrorEncoding_JsonEncoding:               ir.FormatJSON,
	sfnv1.ErrorEncoding_CborEncoding:               ir.FormatCBOR,
}

// declareFramework indexes every linked message by name, for resolving error options, and
// lowers sfn.v1.ServerFnErrorErr when sfn's options file is linked. Its fields are lowered
// with everyone else's, after this.
func (c *compiler) declareFramework() {
	var walk func(msgs protoreflect.MessageDescriptors)
	walk = func(msgs protoreflect.MessageDescriptors) {
		for i := 0; i < msgs.Len(); i++ {
			c.declared[msgs.Get(i).FullName()] = msgs.Get(i)
			walk(msgs.Get(i).Messages())
		}
	}
	for _, fd := range c.set.All {
		walk(fd.Messages())
	}
	md, ok := c.declared[frameworkName]
	if !ok || md.ParentFile().Path() != schema.OptionsFile {
		return
	}
	c.framework = &ir.Message{
		Name:     string(md.Name()),
		FullName: string(md.FullName()),
		GoName:   goName(string(md.Name())),
		TSName:   tsTypeName(string(md.Name())),
		File:     md.ParentFile().Path(),
		Doc:      c.docOf(md),
		Pos:      c.declPos(md),
	}
	c.descs = append(c.descs, messageDesc{m: c.framework, d: md})
}

// errorOptionPos is the position of md's (sfn.v1.error) option, or of one of its fields.
func (c *compiler) errorOptionPos(md protoreflect.MessageDescriptor, field ...int32) diag.Pos {
	path := append(pathOf(md), pathMessageOptions, errorOptionNumber)
	return c.pos(md.ParentFile(), append(path, field...))
}

// errorType starts the IR of an error type with its format; lowerErrorTypes adds the
// variants once every field is lowered.
func (c *compiler) errorType(md protoreflect.MessageDescriptor, o *sfnv1.Error) *ir.ErrorType {
	format, ok := errorFormats[o.GetEncoding()]
	if !ok {
		c.errorf(c.errorOptionPos(md, 1), "unknown error encoding %d; the error encodings are JsonEncoding and CborEncoding", int32(o.GetEncoding()))
		format = ir.FormatJSON
	}
	return &ir.ErrorType{Format: format}
}

// isVariantType reports whether a oneof member can be an error type's variant: a message of
// a schema file, or sfn.v1.ServerFnErrorErr. Well-known types are not: a variant carries the
// fields of its own message.
func (c *compiler) isVariantType(fd protoreflect.FieldDescriptor) bool {
	if fd.Kind() != protoreflect.MessageKind {
		return false
	}
	_, ok := c.messages[fd.Message().FullName()]
	return ok || fd.Message().FullName() == frameworkName && c.framework != nil
}

// typeName spells a field's type as the schema does.
func typeName(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return string(fd.Message().FullName())
	case protoreflect.EnumKind:
		return string(fd.Enum().FullName())
	}
	return fd.Kind().String()
}

// lowerErrorTypes fills in the variants of every error type and checks its shape: exactly
// one oneof and no other field, exactly one framework variant, statuses in 400..599 and none
// on the framework variant.
func (c *compiler) lowerErrorTypes() {
	for _, md := range c.descs {
		if md.m.Error != nil {
			c.lowerErrorType(md.m, md.d)
		}
	}
}

func (c *compiler) lowerErrorType(m *ir.Message, md protoreflect.MessageDescriptor) {
	var oneof protoreflect.OneofDescriptor
	oneofs := md.Oneofs()
	for i := 0; i < oneofs.Len(); i++ {
		od := oneofs.Get(i)
		if od.IsSynthetic() {
			continue
		}
		if oneof != nil {
			c.errorf(c.declPos(od), "error type %q has a second oneof %q (the first is %q at %s); an error type has exactly one, whose members are its variants",
				m.FullName, od.Name(), oneof.Name(), c.declPos(oneof))
			continue
		}
		oneof = od
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if od := fd.ContainingOneof(); od == nil || od.IsSynthetic() {
			c.errorf(c.declPos(fd), "field %q of error type %q is outside its oneof; an error type holds only the oneof of its variants", fd.Name(), m.FullName)
		}
	}
	if oneof == nil {
		c.errorf(m.Pos, "error type %q has no oneof; its variants are the members of exactly one oneof", m.FullName)
		return
	}
	for _, f := range m.Fields {
		if f.Oneof != nil && f.Name == string(oneof.Name()) {
			m.Error.Oneof = f
		}
	}
	lowered := map[string]*ir.Variant{}
	for _, v := range m.Error.Oneof.Oneof.Variants {
		lowered[v.Name] = v
	}
	var framework *ir.ErrorVariant
	members := oneof.Fields()
	for i := 0; i < members.Len(); i++ {
		fd := members.Get(i)
		member, ok := lowered[string(fd.Name())]
		if !ok {
			continue // its type was reported
		}
		v := &ir.ErrorVariant{Member: member, Status: defaultErrorStatus}
		status, hasStatus := schema.Status(fd)
		statusPos := c.pos(fd.ParentFile(), append(pathOf(fd), pathFieldOptions, sfnOptionNumber))
		switch {
		case member.Type.Message == c.framework:
			v.Framework, v.Status = true, 0
			if hasStatus {
				c.errorf(statusPos, "variant %q of error type %q is its framework variant, which takes no (sfn.v1.status): its status comes from the failure", fd.Name(), m.FullName)
			}
			if framework != nil {
				c.errorf(member.Pos, "variant %q of error type %q is a second framework variant (the first is %q at %s); an error type has exactly one",
					fd.Name(), m.FullName, framework.Member.Name, framework.Member.Pos)
				continue
			}
			framework = v
		case hasStatus && (status < minErrorStatus || status > maxErrorStatus):
			c.errorf(statusPos, "variant %q of error type %q: status %d is not an error status; use %d to %d", fd.Name(), m.FullName, status, minErrorStatus, maxErrorStatus)
			v.Message = member.Type.Message
		case hasStatus:
			v.Message, v.Status = member.Type.Message, int(status)
		default:
			v.Message = member.Type.Message
		}
		m.Error.Variants = append(m.Error.Variants, v)
	}
	if framework == nil {
		c.errorf(m.Error.Oneof.Pos, "error type %q has no framework variant: add a member of type %s", m.FullName, frameworkName)
	}
}

// resolveError resolves an error option's value, written at pos in fd, to the error type
// it names, as protobuf resolves a field's type name: a leading "." makes the name fully
// qualified; otherwise it is looked up in the file's package, then in each enclosing
// package. The message must be declared in fd or a file it imports. An empty name means
// no error type. It reports what is wrong and returns nil.
func (c *compiler) resolveError(fd protoreflect.FileDescriptor, name string, pos diag.Pos) *ir.Message {
	if name == "" {
		return nil
	}
	var candidates []string
	if strings.HasPrefix(name, ".") {
		candidates = []string{name[1:]}
	} else {
		for scope := string(fd.Package()); ; scope = scope[:max(strings.LastIndexByte(scope, '.'), 0)] {
			if scope == "" {
				candidates = append(candidates, name)
				break
			}
			candidates = append(candidates, scope+"."+name)
		}
	}
	var md protoreflect.MessageDescriptor
	for _, cand := range candidates {
		if d, ok := c.declared[protoreflect.FullName(cand)]; ok {
			md = d
			break
		}
	}
	switch {
	case md == nil:
		c.errorf(pos, "unknown error type %q (looked up %s)%s", name, andList(candidates), diag.DidYouMean(c.errorTypeSuggestions(fd, name)))
		return nil
	case !visible(fd, md.ParentFile()):
		c.errorf(pos, "error type %q is declared in %s, which %s does not import", md.FullName(),
			c.set.DisplayPath(md.ParentFile().Path()), c.set.DisplayPath(fd.Path()))
		return nil
	case md.FullName() == frameworkName:
		c.errorf(pos, "%s can only be the type of an error type's framework variant, not an error type", frameworkName)
		return nil
	}
	m, ok := c.messages[md.FullName()]
	switch {
	case !ok:
		c.errorf(pos, "message %q is not an error type: name a message marked with option (sfn.v1.error) = {}", md.FullName())
		return nil
	case m.Error == nil:
		c.errorf(pos, "message %q is not an error type: mark it with option (sfn.v1.error) = {}", md.FullName())
		return nil
	}
	return m
}

// visible reports whether declarations of file other can be used in fd: other is fd, one
// of its imports, or publicly imported by one of those.
// errorTypeSuggestions returns the messages visible from fd whose names, written as they
// would be in fd, are closest to a misspelt error type.
func (c *compiler) errorTypeSuggestions(fd protoreflect.FileDescriptor, name string) []string {
	var names []string
	for full, md := range c.declared {
		if full == frameworkName || !visible(fd, md.ParentFile()) {
			continue
		}
		if strings.HasPrefix(name, ".") {
			names = append(names, "."+string(full))
			continue
		}
		for scope := string(fd.Package()); scope != ""; scope = scope[:max(strings.LastIndexByte(scope, '.'), 0)] {
			if strings.HasPrefix(string(full), scope+".") {
				names = append(names, string(full)[len(scope)+1:])
			}
		}
		names = append(names, string(full))
	}
	return diag.Suggest(name, names)
}

func visible(fd, other protoreflect.FileDescriptor) bool {
	if fd.Path() == other.Path() {
		return true
	}
	var public func(f protoreflect.FileDescriptor) bool
	public = func(f protoreflect.FileDescriptor) bool {
		imports := f.Imports()
		for i := 0; i < imports.Len(); i++ {
			if imp := imports.Get(i); imp.IsPublic && (imp.Path() == other.Path() || public(imp.FileDescriptor)) {
				return true
			}
		}
		return false
	}
	imports := fd.Imports()
	for i := 0; i < imports.Len(); i++ {
		if imp := imports.Get(i); imp.Path() == other.Path() || public(imp.FileDescriptor) {
			return true
		}
	}
	return false
}

// andList joins names as "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
