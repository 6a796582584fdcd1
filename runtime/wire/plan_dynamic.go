package wire

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Dynamic mode: a Message without a GoType gets a struct type made with reflect.StructOf,
// and each oneof variant without one a wrapper struct made the same way, so a program with
// no generated code (the CLI's encode and decode commands) goes through the very same plans
// and codecs as generated code does.

// Dynamic mode is off until the first call of Message.New or Message.Check, which every
// use of it starts with (New is the only way to make its values). Until then plans reach
// no code of this file, so a program that only uses generated types, a WebAssembly client
// above all, does not link reflect.StructOf, MapOf and SliceOf (about 30 KB gzipped).

// typeMaker makes the Go types of dynamic mode; the plan builder calls it only through
// the interface, so that the linker can leave its one implementation out.
type typeMaker interface {
	// bind makes p's struct type and binds p's fields to it.
	bind(b *planBuilder, p *msgPlan)
	// container makes []elem (KindList) or *elem (KindOptional).
	container(k Kind, elem reflect.Type) reflect.Type
	mapOf(k, v reflect.Type) reflect.Type
	// wrapper makes the wrapper struct of variant i of op.
	wrapper(b *planBuilder, op *oneofPlan, i int, valRT reflect.Type) reflect.Type
}

// dynamicMode holds reflectTypes once dynamic mode is on.
var dynamicMode atomic.Pointer[typeMaker]

func enableDynamic() {
	if dynamicMode.Load() == nil {
		var t typeMaker = reflectTypes{}
		dynamicMode.Store(&t)
	}
}

// dynamicTypes returns the typeMaker of dynamic mode, or nil while it is off.
func dynamicTypes() typeMaker {
	if t := dynamicMode.Load(); t != nil {
		return *t
	}
	return nil
}

// reflectTypes makes dynamic mode's types with reflect.
type reflectTypes struct{}

func (reflectTypes) container(k Kind, elem reflect.Type) reflect.Type {
	if k == KindList {
		return reflect.SliceOf(elem)
	}
	return reflect.PointerTo(elem)
}

func (reflectTypes) mapOf(k, v reflect.Type) reflect.Type { return reflect.MapOf(k, v) }

func (reflectTypes) bind(b *planBuilder, p *msgPlan) {
	m := p.desc
	used := map[string]bool{}
	sfs := make([]reflect.StructField, len(m.Fields))
	for i := range m.Fields {
		f := &m.Fields[i]
		where := m.Name + "." + f.Name
		fp := &p.fields[i]
		var rt reflect.Type
		if f.Oneof != nil {
			fp.oneof = b.oneof(f.Oneof, nil, where)
			rt = fp.oneof.itype
		} else {
			fp.codec = b.codec(f.Type, nil, where)
			rt = fp.codec.rtype
		}
		if b.err != nil {
			return
		}
		sfs[i] = reflect.StructField{Name: goFieldName(f.GoName, f.Name, i, used), Type: rt}
	}
	rt, err := structOf(sfs)
	if err != nil {
		b.failf("%s: %v", m.Name, err)
		return
	}
	p.rtype = rt
	for i := range p.fields {
		p.fields[i].offset = rt.Field(i).Offset
	}
}

// wrapper makes the wrapper struct of variant i of a dynamic oneof. Field names are
// made unique within the oneof, because reflect.StructOf returns the same type for two
// identical field lists and the plan tells variants apart by their wrapper type.
func (reflectTypes) wrapper(b *planBuilder, op *oneofPlan, i int, valRT reflect.Type) reflect.Type {
	used := map[string]bool{}
	for j := 0; j < i; j++ {
		used[op.variants[j].wrapper.Field(0).Name] = true
	}
	name := goFieldName("", op.variants[i].name, i, used)
	rt, err := structOf([]reflect.StructField{{Name: name, Type: valRT}})
	if err != nil {
		b.failf("variant %s: %v", op.variants[i].name, err)
		return reflect.TypeFor[struct{}]()
	}
	return rt
}

// structOf is reflect.StructOf with its panics turned into errors.
func structOf(fields []reflect.StructField) (rt reflect.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("cannot build a struct type: " + sprintf("%v", r))
		}
	}()
	return reflect.StructOf(fields), nil
}

// goFieldName picks the Go field name of a dynamic struct: goName when it is a usable
// exported identifier, else one made from the wire name ("opt_addr" -> "OptAddr"), made
// unique with the field's index when needed.
func goFieldName(goName, wireName string, index int, used map[string]bool) string {
	name := goName
	if !exportedIdent(name) || used[name] {
		name = camel(wireName)
	}
	if !exportedIdent(name) {
		name = "F" + name
		if !exportedIdent(name) {
			name = "F" + strconv.Itoa(index)
		}
	}
	for used[name] {
		name += "_" + strconv.Itoa(index)
	}
	used[name] = true
	return name
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			up = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if up {
				r = unicode.ToUpper(r)
				up = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func exportedIdent(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
