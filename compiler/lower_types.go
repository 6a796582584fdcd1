package compiler

import (
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/schema"
)

// declareEnums creates the IR enums of one scope; goPrefix and tsPrefix are the enclosing
// messages' names, so nested types read OuterInner.
func (c *compiler) declareEnums(f *ir.File, enums protoreflect.EnumDescriptors, goPrefix, tsPrefix string) {
	for i := 0; i < enums.Len(); i++ {
		ed := enums.Get(i)
		e := &ir.Enum{
			Name:     string(ed.Name()),
			FullName: string(ed.FullName()),
			GoName:   goPrefix + goName(string(ed.Name())),
			TSName:   tsPrefix + tsTypeName(string(ed.Name())),
			File:     ed.ParentFile().Path(),
			Doc:      c.docOf(ed),
			Pos:      c.declPos(ed),
		}
		values := ed.Values()
		for j := 0; j < values.Len(); j++ {
			vd := values.Get(j)
			v := &ir.EnumValue{
				Name:     string(vd.Name()),
				WireName: string(vd.Name()),
				GoName:   enumValueGoName(e.GoName, e.Name, string(vd.Name())),
				Doc:      c.docOf(vd),
				Pos:      c.declPos(vd),
			}
			if rename, ok := schema.Rename(vd); ok {
				optPos := c.pos(vd.ParentFile(), append(pathOf(vd), pathEnumValueOption, sfnOptionNumber))
				if rename == "" {
					c.errorf(optPos, "enum value %q: rename must not be empty", vd.Name())
				}
				v.WireName = rename
			}
			e.Values = append(e.Values, v)
		}
		c.checkEnumValues(e)
		c.enums[ed.FullName()] = e
		f.Enums = append(f.Enums, e)
	}
}

func (c *compiler) checkEnumValues(e *ir.Enum) {
	seen := map[string]*ir.EnumValue{}
	for _, v := range e.Values {
		if prev, ok := seen[v.WireName]; ok && v.WireName != "" {
			c.errorf(v.Pos, "enum value %q: wire name %q already used by %q at %s", v.Name, v.WireName, prev.Name, prev.Pos)
			continue
		}
		seen[v.WireName] = v
	}
}

func (c *compiler) declareMessages(f *ir.File, msgs protoreflect.MessageDescriptors, goPrefix, tsPrefix string) {
	for i := 0; i < msgs.Len(); i++ {
		md := msgs.Get(i)
		if md.IsMapEntry() {
			continue
		}
		m := &ir.Message{
			Name:        string(md.Name()),
			FullName:    string(md.FullName()),
			GoName:      goPrefix + goName(string(md.Name())),
			TSName:      tsPrefix + tsTypeName(string(md.Name())),
			File:        md.ParentFile().Path(),
			Transparent: schema.Transparent(md),
			Doc:         c.docOf(md),
			Pos:         c.declPos(md),
		}
		if o := schema.ErrorOptions(md); o != nil {
			m.Error = c.errorType(md, o)
		}
		c.messages[md.FullName()] = m
		c.descs = append(c.descs, messageDesc{m: m, d: md})
		f.Messages = append(f.Messages, m)
		c.declareEnums(f, md.Enums(), m.GoName, m.TSName)
		c.declareMessages(f, md.Messages(), m.GoName, m.TSName)
	}
}

// lowerFields fills m's fields from md in declaration order; a oneof becomes one field at the
// place of its first member.
func (c *compiler) lowerFields(m *ir.Message, md protoreflect.MessageDescriptor) {
	fields := md.Fields()
	done := map[protoreflect.OneofDescriptor]bool{}
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			if !done[od] {
				done[od] = true
				m.Fields = append(m.Fields, c.lowerOneof(m, od))
			}
			continue
		}
		t := c.fieldType(fd)
		if t == nil {
			continue
		}
		m.Fields = append(m.Fields, &ir.Field{
			Name:     string(fd.Name()),
			WireName: c.wireName(fd),
			GoName:   goName(string(fd.Name())),
			TSName:   tsName(string(fd.Name())),
			Type:     t,
			Doc:      c.docOf(fd),
			Pos:      c.declPos(fd),
		})
	}
}

func (c *compiler) lowerOneof(m *ir.Message, od protoreflect.OneofDescriptor) *ir.Field {
	f := &ir.Field{
		Name:     string(od.Name()),
		WireName: string(od.Name()),
		GoName:   goName(string(od.Name())),
		TSName:   tsName(string(od.Name())),
		Oneof:    &ir.Oneof{GoName: m.GoName + goName(string(od.Name()))},
		Doc:      c.docOf(od),
		Pos:      c.declPos(od),
	}
	members := od.Fields()
	for i := 0; i < members.Len(); i++ {
		fd := members.Get(i)
		if m.Error != nil && !c.isVariantType(fd) {
			c.errorf(c.declPos(fd), "variant %q of error type %q must be a message declared in a schema file, not %s", fd.Name(), m.FullName, typeName(fd))
			continue
		}
		t := c.fieldType(fd)
		if t == nil {
			continue
		}
		fieldGo := goName(string(fd.Name()))
		f.Oneof.Variants = append(f.Oneof.Variants, &ir.Variant{
			Name:        string(fd.Name()),
			WireName:    c.wireName(fd),
			GoName:      f.Oneof.GoName + fieldGo,
			FieldGoName: fieldGo,
			TSName:      c.wireName(fd),
			Type:        t,
			Doc:         c.docOf(fd),
			Pos:         c.declPos(fd),
		})
	}
	return f
}

// wireName is the field's explicit json_name, else its declared name. protocompile fills in
// a default json_name for every field, so "explicit" is judged by whether the source has the
// option.
func (c *compiler) wireName(fd protoreflect.FieldDescriptor) string {
	if _, ok := c.location(fd.ParentFile(), append(pathOf(fd), pathFieldJSONName)); ok {
		return fd.JSONName()
	}
	return string(fd.Name())
}

// fieldType lowers a field's type, or reports why it cannot be and returns nil.
func (c *compiler) fieldType(fd protoreflect.FieldDescriptor) *ir.Type {
	switch {
	case fd.IsMap():
		key := c.valueType(fd.MapKey())
		val := c.valueType(fd.MapValue())
		if key == nil || val == nil {
			return nil
		}
		if key.Kind == ir.KindBool {
			c.errorf(c.declPos(fd), "field %q: map keys of type bool are not supported; use string or integer keys", fd.Name())
			return nil
		}
		return &ir.Type{Kind: ir.KindMap, Key: key, Elem: val}
	case fd.IsList():
		elem := c.valueType(fd)
		if elem == nil {
			return nil
		}
		return &ir.Type{Kind: ir.KindList, Elem: elem}
	}
	t := c.valueType(fd)
	if t == nil {
		return nil
	}
	if isOptional(fd) && t.Kind != ir.KindOptional {
		t = &ir.Type{Kind: ir.KindOptional, Elem: t}
	}
	return t
}

// isOptional reports whether a singular field is Option<T>: proto3's optional keyword, or
// in an edition file, field_presence = EXPLICIT written on the field itself. (Edition 2023
// makes every field explicit by default; counting that default would turn every field of an
// edition file into an Option, which is not what the file says.)
func isOptional(fd protoreflect.FieldDescriptor) bool {
	if fd.ContainingOneof() != nil && fd.ContainingOneof().IsSynthetic() {
		return true
	}
	if fd.ParentFile().Syntax() != protoreflect.Editions {
		return false
	}
	o, ok := fd.Options().(*descriptorpb.FieldOptions)
	return ok && o.GetFeatures().GetFieldPresence() == descriptorpb.FeatureSet_EXPLICIT
}

// valueType lowers the type of one value (a singular field, a list element, a map key or
// value), mapping well-known types to their serde equivalents.
func (c *compiler) valueType(fd protoreflect.FieldDescriptor) *ir.Type {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return &ir.Type{Kind: ir.KindString}
	case protoreflect.BoolKind:
		return &ir.Type{Kind: ir.KindBool}
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return &ir.Type{Kind: ir.KindInt32}
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return &ir.Type{Kind: ir.KindUint32}
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return &ir.Type{Kind: ir.KindInt64}
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return &ir.Type{Kind: ir.KindUint64}
	case protoreflect.FloatKind:
		return &ir.Type{Kind: ir.KindFloat32}
	case protoreflect.DoubleKind:
		return &ir.Type{Kind: ir.KindFloat64}
	case protoreflect.BytesKind:
		return &ir.Type{Kind: ir.KindBytes}
	case protoreflect.EnumKind:
		if e, ok := c.enums[fd.Enum().FullName()]; ok {
			return &ir.Type{Kind: ir.KindEnum, Enum: e}
		}
		c.errorf(c.declPos(mapField(fd)), "field %q: enum %s is not supported; declare enums in a schema file", mapField(fd).Name(), fd.Enum().FullName())
		return nil
	case protoreflect.MessageKind, protoreflect.GroupKind:
		md := fd.Message()
		if m, ok := c.messages[md.FullName()]; ok {
			return &ir.Type{Kind: ir.KindMessage, Message: m}
		}
		if md.FullName() == frameworkName && c.framework != nil {
			// Allowed only as an error type's variant, which checkErrorUses sees to.
			return &ir.Type{Kind: ir.KindMessage, Message: c.framework}
		}
		if t := wellKnownType(md.FullName()); t != nil {
			return t
		}
		if mk, ok := markers[md.FullName()]; ok {
			field := mapField(fd)
			c.errorf(c.declPos(field), "field %q: %s only marks %s in a function's signature and cannot be a field's type; %s", field.Name(), md.FullName(), mk.what, mk.hint)
			return nil
		}
		if md.FullName() == "google.protobuf.Empty" {
			c.errorf(c.declPos(mapField(fd)), "field %q: google.protobuf.Empty can only be a function's input or output", mapField(fd).Name())
			return nil
		}
		c.errorf(c.declPos(mapField(fd)), "field %q: type %s is not supported; the supported well-known types are %s", mapField(fd).Name(), md.FullName(), wellKnownList)
		return nil
	}
	c.errorf(c.declPos(fd), "field %q: type %s is not supported", fd.Name(), fd.Kind())
	return nil
}

// mapField returns the map field that declares fd when fd is the key or value of a map's
// synthetic entry message, which has no place in the source; else fd itself.
func mapField(fd protoreflect.FieldDescriptor) protoreflect.FieldDescriptor {
	entry, ok := fd.Parent().(protoreflect.MessageDescriptor)
	if !ok || !entry.IsMapEntry() {
		return fd
	}
	if owner, ok := entry.Parent().(protoreflect.MessageDescriptor); ok {
		fields := owner.Fields()
		for i := 0; i < fields.Len(); i++ {
			if f := fields.Get(i); f.IsMap() && f.Message() == entry {
				return f
			}
		}
	}
	return fd
}

const wellKnownList = "Timestamp, Struct, Value and the wrapper types (StringValue, Int64Value, ...)"

// wellKnownType maps the well-known types sfn carries to their serde shapes; nil for others.
func wellKnownType(name protoreflect.FullName) *ir.Type {
	opt := func(k ir.Kind) *ir.Type { return &ir.Type{Kind: ir.KindOptional, Elem: &ir.Type{Kind: k}} }
	switch name {
	case "google.protobuf.Timestamp":
		return &ir.Type{Kind: ir.KindTimestamp}
	case "google.protobuf.Struct":
		return &ir.Type{Kind: ir.KindJSONObject}
	case "google.protobuf.Value":
		return &ir.Type{Kind: ir.KindJSONValue}
	case "google.protobuf.StringValue":
		return opt(ir.KindString)
	case "google.protobuf.BoolValue":
		return opt(ir.KindBool)
	case "google.protobuf.Int32Value":
		return opt(ir.KindInt32)
	case "google.protobuf.UInt32Value":
		return opt(ir.KindUint32)
	case "google.protobuf.Int64Value":
		return opt(ir.KindInt64)
	case "google.protobuf.UInt64Value":
		return opt(ir.KindUint64)
	case "google.protobuf.FloatValue":
		return opt(ir.KindFloat32)
	case "google.protobuf.DoubleValue":
		return opt(ir.KindFloat64)
	case "google.protobuf.BytesValue":
		return opt(ir.KindBytes)
	}
	return nil
}
