// Package dynwire turns the compiler's IR into runtime/wire descriptors without Go types
// (wire's dynamic mode), so the CLI can encode and decode values of any schema, with the very
// codecs generated code uses, without generating code first.
package dynwire

import (
	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Set builds and caches descriptors for the named types of one compiled package.
type Set struct {
	messages map[*ir.Message]*wire.Message
	enums    map[*ir.Enum]*wire.Enum
	byName   map[string]*ir.Message
}

// New indexes the messages of pkg by full name.
func New(pkg *ir.Package) *Set {
	s := &Set{
		messages: map[*ir.Message]*wire.Message{},
		enums:    map[*ir.Enum]*wire.Enum{},
		byName:   map[string]*ir.Message{},
	}
	for _, f := range pkg.Files {
		for _, m := range f.Messages {
			s.byName[m.FullName] = m
		}
	}
	return s
}

// Lookup returns the descriptor of the message with the given full name, or nil.
func (s *Set) Lookup(fullName string) *wire.Message {
	m, ok := s.byName[fullName]
	if !ok {
		return nil
	}
	return s.Message(m)
}

// Names lists the full names of the messages Lookup knows.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.byName))
	for n := range s.byName {
		out = append(out, n)
	}
	return out
}

// Message returns the descriptor of m, building it (and those it refers to) once.
func (s *Set) Message(m *ir.Message) *wire.Message {
	if w, ok := s.messages[m]; ok {
		return w
	}
	// An error type is its oneof on the wire, as a transparent message's one field.
	w := &wire.Message{Name: m.FullName, Transparent: m.Transparent || m.Error != nil}
	s.messages[m] = w // before the fields, so recursive types refer to it
	for _, f := range m.Fields {
		field := wire.Field{Name: f.WireName, GoName: f.GoName}
		if f.Oneof != nil {
			field.Oneof = &wire.Oneof{}
			for _, v := range f.Oneof.Variants {
				field.Oneof.Variants = append(field.Oneof.Variants, wire.Variant{Name: v.WireName, Type: s.Type(v.Type)})
			}
		} else {
			field.Type = s.Type(f.Type)
		}
		w.Fields = append(w.Fields, field)
	}
	return w
}

// ErrorType returns the runtime descriptor of error type m (m.Error set).
func (s *Set) ErrorType(m *ir.Message) *rpc.ErrorType {
	et := &rpc.ErrorType{Message: s.Message(m), CBOR: m.Error.Format == ir.FormatCBOR}
	for _, v := range m.Error.Variants {
		if v.Framework {
			et.Framework = v.Member.WireName
		}
	}
	return et
}

// Type returns the wire type of t.
func (s *Set) Type(t *ir.Type) *wire.Type {
	switch t.Kind {
	case ir.KindString:
		return wire.String
	case ir.KindBool:
		return wire.Bool
	case ir.KindInt32:
		return wire.Int32
	case ir.KindInt64:
		return wire.Int64
	case ir.KindUint32:
		return wire.Uint32
	case ir.KindUint64:
		return wire.Uint64
	case ir.KindFloat32:
		return wire.Float32
	case ir.KindFloat64:
		return wire.Float64
	case ir.KindBytes:
		return wire.Bytes
	case ir.KindTimestamp:
		return wire.Timestamp
	case ir.KindJSONValue:
		return wire.JSONValue
	case ir.KindJSONObject:
		return wire.JSONObject
	case ir.KindEnum:
		return wire.EnumType(s.enum(t.Enum))
	case ir.KindMessage:
		if t.IsFramework() {
			return rpc.FrameworkType
		}
		return wire.MessageType(s.Message(t.Message))
	case ir.KindList:
		return wire.ListOf(s.Type(t.Elem))
	case ir.KindMap:
		return wire.MapOf(s.Type(t.Key), s.Type(t.Elem))
	case ir.KindOptional:
		return wire.OptionalOf(s.Type(t.Elem))
	}
	panic("dynwire: unknown kind " + t.Kind.String())
}

func (s *Set) enum(e *ir.Enum) *wire.Enum {
	if w, ok := s.enums[e]; ok {
		return w
	}
	w := &wire.Enum{Name: e.FullName}
	for _, v := range e.Values {
		w.Values = append(w.Values, v.WireName)
	}
	s.enums[e] = w
	return w
}
