package compiler

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// checkErrorUses applies the rules on where error types and their parts may appear: an
// error type only as a function's error (signature checks the arguments and the result),
// sfn.v1.ServerFnErrorErr only as an error type's framework variant, (sfn.v1.status) only
// on a variant; and an error type's variants must fit its encoding, as a result's types fit
// the function's.
func (c *compiler) checkErrorUses() {
	for _, md := range c.descs {
		m := md.m
		if m == c.framework {
			continue
		}
		for _, f := range m.Fields {
			if f.Oneof == nil {
				c.checkErrorUse(f.Type, f.Name, f.Pos, false)
				continue
			}
			variants := m.Error != nil && m.Error.Oneof == f
			for _, v := range f.Oneof.Variants {
				c.checkErrorUse(v.Type, v.Name, v.Pos, variants)
			}
		}
		c.checkStatusOptions(m, md.d)
		if m.Error != nil {
			c.checkErrorFormat(m, md.d)
		}
	}
}

// checkErrorUse reports an error type, or sfn.v1.ServerFnErrorErr outside an error type's
// variants, within the type of the field name.
func (c *compiler) checkErrorUse(t *ir.Type, name string, pos diag.Pos, variant bool) {
	if t == nil {
		return
	}
	if t.Kind == ir.KindMessage {
		switch {
		case t.Message.Error != nil:
			c.errorf(pos, "field %q: message %q is an error type, which can only be a function's error", name, t.Message.FullName)
		case t.Message == c.framework && !variant:
			c.errorf(pos, "field %q: %s can only be the type of an error type's framework variant", name, frameworkName)
		}
		return
	}
	c.checkErrorUse(t.Key, name, pos, false)
	c.checkErrorUse(t.Elem, name, pos, false)
}

// checkStatusOptions reports (sfn.v1.status) on a field of md that is not a variant of an
// error type.
func (c *compiler) checkStatusOptions(m *ir.Message, md protoreflect.MessageDescriptor) {
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if _, ok := schema.Status(fd); !ok {
			continue
		}
		if od := fd.ContainingOneof(); m.Error != nil && m.Error.Oneof != nil && od != nil && string(od.Name()) == m.Error.Oneof.Name {
			continue
		}
		c.errorf(c.pos(fd.ParentFile(), append(pathOf(fd), pathFieldOptions, sfnOptionNumber)),
			"field %q: (sfn.v1.status) is only for the variants of an error type (the members of the oneof of a message marked (sfn.v1.error))", fd.Name())
	}
}

// checkErrorFormat reports the first part of an error type's variants that its encoding
// cannot carry, at the encoding option: the same rules as for a function's result.
func (c *compiler) checkErrorFormat(m *ir.Message, md protoreflect.MessageDescriptor) {
	seen := map[*ir.Message]bool{}
	for _, v := range m.Error.Variants {
		if v.Framework {
			continue
		}
		if p := carry(v.Member.Type, m.Error.Format, v.Member.Name, seen); p != nil {
			c.errorf(c.errorOptionPos(md, 1), "error type %q is encoded as %s, which cannot carry %s", m.FullName, formatNames[m.Error.Format], p.describe())
			return
		}
	}
}
