package compiler

import (
	"fmt"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// checkMessages applies the rules that concern a message alone: a transparent message has
// exactly one plain field, and no message contains itself through required fields (such a
// value would be infinite; in Rust it does not compile without a Box).
func (c *compiler) checkMessages() {
	inCycle := map[*ir.Message]bool{}
	for _, md := range c.descs {
		m := md.m
		if m.Transparent {
			switch {
			case len(m.Fields) != 1:
				c.errorf(m.Pos, "message %q is transparent but has %d fields; a transparent message has exactly one", m.Name, len(m.Fields))
			case m.Fields[0].Oneof != nil:
				c.errorf(m.Pos, "message %q is transparent but its field is a oneof; a transparent message wraps one plain field", m.Name)
			}
		}
		c.checkRecursion(m, inCycle)
	}
}

// checkRecursion reports a cycle that starts at m and runs only through required message
// fields (not optional, list, map or oneof, which all can end). It is reported once, at the
// start message's field that opens the cycle.
func (c *compiler) checkRecursion(start *ir.Message, reported map[*ir.Message]bool) {
	if reported[start] {
		return
	}
	type step struct {
		owner *ir.Message
		field *ir.Field
	}
	seen := map[*ir.Message]bool{start: true}
	var visit func(m *ir.Message, trail []step) bool
	visit = func(m *ir.Message, trail []step) bool {
		for _, f := range m.Fields {
			if f.Type == nil || f.Type.Kind != ir.KindMessage {
				continue
			}
			path := append(trail[:len(trail):len(trail)], step{m, f})
			next := f.Type.Message
			if next == start {
				names := make([]string, len(path))
				for i, s := range path {
					names[i] = s.owner.Name + "." + s.field.Name
					reported[s.owner] = true
				}
				c.errorf(path[0].field.Pos, "field %q: message %q contains itself through required fields (%s); make one of them optional or repeated",
					path[0].field.Name, start.Name, strings.Join(names, " -> "))
				return true
			}
			if !seen[next] {
				seen[next] = true
				if visit(next, path) {
					return true
				}
			}
		}
		return false
	}
	visit(start, nil)
}

// problem is a part of a type that a format cannot carry.
type problem struct {
	path string // field path from the top value, "" for the value itself
	what string // the type, as the schema spells it
	why  string
}

// describe phrases the problem for a diagnostic about one function.
func (p *problem) describe() string {
	if p.path == "" {
		return fmt.Sprintf("the value (%s): %s", p.what, p.why)
	}
	return fmt.Sprintf("field %q (%s): %s", p.path, p.what, p.why)
}

// carryProblem walks t as the given format would encode it and returns the first part that
// format cannot carry, or nil when all is well.
func carryProblem(t *ir.Type, format ir.Format) *problem {
	return carry(t, format, "", map[*ir.Message]bool{})
}

func carry(t *ir.Type, format ir.Format, path string, seen map[*ir.Message]bool) *problem {
	switch t.Kind {
	case ir.KindJSONValue:
		if format != ir.FormatJSON {
			return &problem{path, "google.protobuf.Value", "only JSON can"}
		}
	case ir.KindJSONObject:
		if format != ir.FormatJSON {
			return &problem{path, "google.protobuf.Struct", "only JSON can"}
		}
	case ir.KindList:
		if format == ir.FormatForm && t.Elem.Kind == ir.KindOptional {
			return &problem{path, t.String(), "a form drops the elements that have no value"}
		}
		return carry(t.Elem, format, path+"[]", seen)
	case ir.KindMap:
		if format == ir.FormatForm && t.Elem.Kind == ir.KindOptional {
			return &problem{path, t.String(), "a form drops the entries that have no value"}
		}
		return carry(t.Elem, format, path+"[]", seen)
	case ir.KindOptional:
		return carry(t.Elem, format, path, seen)
	case ir.KindMessage:
		if seen[t.Message] {
			return nil
		}
		seen[t.Message] = true
		for _, f := range t.Message.Fields {
			sub := f.Name
			if path != "" {
				sub = path + "." + f.Name
			}
			if f.Oneof == nil {
				if p := carry(f.Type, format, sub, seen); p != nil {
					return p
				}
				continue
			}
			for _, v := range f.Oneof.Variants {
				vpath := sub + "." + v.Name
				if format == ir.FormatForm && formDropsVariant(v.Type) {
					return &problem{vpath, v.Type.String(), "a form cannot tell this oneof member from no value"}
				}
				if p := carry(v.Type, format, vpath, seen); p != nil {
					return p
				}
			}
		}
	}
	return nil
}

// formDropsVariant reports whether a oneof member's value can leave no key at all in a form
// (an empty message or a None), so the chosen variant would be lost.
func formDropsVariant(t *ir.Type) bool {
	switch t.Kind {
	case ir.KindOptional:
		return true
	case ir.KindMessage:
		return len(t.Message.Fields) == 0
	}
	return false
}
