package wire

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Building plans: each field is checked against its Go struct field (or, in dynamic mode,
// given one), each value gets a codec, and messages reachable from the one asked for are
// built in the same session, so recursive schemas resolve to a graph of plans.

type planBuilder struct {
	plans map[*Message]*msgPlan // built in this session, possibly still in progress
	enums map[*Enum]*enumPlan
	err   error
	// dyn makes the Go types of messages without a GoType; nil while dynamic mode is off,
	// and then needDynamic records that such a message was met.
	dyn         typeMaker
	needDynamic bool
}

// failf records the first failure. Out of line, as the error constructors are (errors.go):
// it is called from many places and only when a plan is wrong.
//
//go:noinline
func (b *planBuilder) failf(format string, args ...any) {
	if b.err == nil {
		b.err = errors.New("wire: " + sprintf(format, args...))
	}
}

// sprintf formats %s, %v, %q and %d for plan errors. The package does without fmt, which
// would add several hundred kilobytes to a WebAssembly client that has no other use for it.
func sprintf(format string, args ...any) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) || len(args) == 0 {
			b.WriteByte(format[i])
			continue
		}
		i++
		arg := args[0]
		args = args[1:]
		var s string
		switch x := arg.(type) {
		case string:
			s = x
		case int:
			s = strconv.Itoa(x)
		case error:
			s = x.Error()
		case interface{ String() string }:
			s = x.String()
		default:
			s = "?"
		}
		if format[i] == 'q' {
			s = strconv.Quote(s)
		}
		b.WriteString(s)
	}
	return b.String()
}

func (b *planBuilder) message(m *Message) *msgPlan {
	if m == nil {
		b.failf("message type with no Message")
		return &msgPlan{}
	}
	if p := m.plan.Load(); p != nil {
		if p.err != nil {
			b.failf("%s: %v", m.Name, p.err)
		}
		return p
	}
	if p, ok := b.plans[m]; ok {
		return p
	}
	p := &msgPlan{desc: m, transparent: m.Transparent, unit: m.Unit}
	b.plans[m] = p
	if m.GoType != nil {
		if m.GoType.Kind() != reflect.Struct {
			b.failf("%s: Go type %v is not a struct", m.Name, m.GoType)
			return p
		}
		p.rtype = m.GoType
	}
	switch {
	case m.Unit && len(m.Fields) > 0:
		b.failf("%s: a unit message has no fields", m.Name)
	case m.Transparent && len(m.Fields) != 1:
		b.failf("%s: a transparent message has exactly one field, not %d", m.Name, len(m.Fields))
	}
	p.fields = make([]fieldPlan, len(m.Fields))
	p.byName = make(map[string]int, len(m.Fields))
	for i := range m.Fields {
		f := &m.Fields[i]
		if _, dup := p.byName[f.Name]; dup {
			b.failf("%s: two fields named %q", m.Name, f.Name)
		}
		p.byName[f.Name] = i
		p.fields[i] = fieldPlan{
			name:    f.Name,
			jsonKey: append(appendJSONString(nil, f.Name), ':'),
			cborKey: appendCBORText(nil, f.Name),
			formKey: appendFormEscaped(nil, f.Name),
		}
	}
	switch {
	case m.GoType != nil:
		b.bindStatic(p)
	case b.dyn != nil:
		b.dyn.bind(b, p)
	default:
		b.needDynamic = true
		b.failf("%s: no GoType, and dynamic mode is off: Message.New or Message.Check turns it on", m.Name)
	}
	if p.rtype != nil {
		p.ptrType = reflect.PointerTo(p.rtype)
		p.ptrWord = typeWord(p.ptrType)
	}
	p.cborHead = appendCBORHead(nil, majorMap, uint64(len(p.fields)))
	return p
}

// bindStatic checks each field against the generated struct and records its offset.
func (b *planBuilder) bindStatic(p *msgPlan) {
	m := p.desc
	for i := range m.Fields {
		f := &m.Fields[i]
		where := m.Name + "." + f.Name
		sf, ok := directField(p.rtype, f.GoName)
		if !ok || !sf.IsExported() {
			b.failf("%s: Go type %v has no exported field %q", where, p.rtype, f.GoName)
			return
		}
		fp := &p.fields[i]
		fp.offset = sf.Offset
		if f.Oneof != nil {
			fp.oneof = b.oneof(f.Oneof, sf.Type, where)
		} else {
			fp.codec = b.codec(f.Type, sf.Type, where)
		}
	}
}

// directField finds the field of struct type rt named name. Fields promoted from embedded
// structs are not looked at: the plan refuses them anyway, and rt.FieldByName's search
// through them would be linked into every WebAssembly client for nothing.
func directField(rt reflect.Type, name string) (reflect.StructField, bool) {
	for i := range rt.NumField() {
		if sf := rt.Field(i); sf.Name == name {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// codec builds the step for a value of type t held in Go type rt; rt is nil in dynamic mode,
// where the Go type is derived from t instead.
func (b *planBuilder) codec(t *Type, rt reflect.Type, where string) *codec {
	c := &codec{}
	if t == nil {
		b.failf("%s: no type", where)
		return c
	}
	c.kind = t.Kind
	var want reflect.Type
	switch t.Kind {
	case KindString, KindEnum:
		want = reflect.TypeFor[string]()
		if t.Kind == KindEnum {
			if t.Enum == nil {
				b.failf("%s: enum type with no Enum", where)
				return c
			}
			c.enum = b.enum(t.Enum)
		}
	case KindBool:
		want = reflect.TypeFor[bool]()
	case KindInt32:
		want = reflect.TypeFor[int32]()
	case KindInt64:
		want = reflect.TypeFor[int64]()
	case KindUint32:
		want = reflect.TypeFor[uint32]()
	case KindUint64:
		want = reflect.TypeFor[uint64]()
	case KindFloat32:
		want = reflect.TypeFor[float32]()
	case KindFloat64:
		want = reflect.TypeFor[float64]()
	case KindBytes:
		want = reflect.TypeFor[[]byte]()
		if rt != nil && (rt.Kind() != reflect.Slice || rt.Elem().Kind() != reflect.Uint8) {
			b.failf("%s: Go type %v, want []byte", where, rt)
			return c
		}
	case KindTimestamp:
		want = reflect.TypeFor[time.Time]()
		if rt != nil && rt != want {
			b.failf("%s: Go type %v, want time.Time", where, rt)
			return c
		}
	case KindJSONValue:
		want = reflect.TypeFor[any]()
		if rt != nil && (rt.Kind() != reflect.Interface || rt.NumMethod() != 0) {
			b.failf("%s: Go type %v, want any", where, rt)
			return c
		}
	case KindJSONObject:
		want = reflect.TypeFor[map[string]any]()
		if rt != nil && rt != want {
			b.failf("%s: Go type %v, want map[string]any", where, rt)
			return c
		}
	case KindTextVariant:
		if t.Enum == nil {
			b.failf("%s: text variant type with no Enum", where)
			return c
		}
		c.enum = b.enum(t.Enum)
		if rt == nil {
			rt = reflect.TypeFor[textVariantValue]()
		}
		st := rt
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct || !reflect.PointerTo(st).Implements(textVariantType) {
			b.failf("%s: Go type %v, want a struct, or a pointer to one, whose pointer implements wire.TextVariant", where, rt)
			return c
		}
		c.setType(rt)
		return c
	case KindMessage:
		return b.messageCodec(c, t, rt, where)
	case KindList, KindOptional:
		return b.containerCodec(c, t, rt, where)
	case KindMap:
		return b.mapCodec(c, t, rt, where)
	default:
		b.failf("%s: invalid kind %v", where, t.Kind)
		return c
	}
	if rt == nil {
		rt = want
	} else if rt.Kind() != want.Kind() {
		b.failf("%s: Go type %v, want %v", where, rt, want)
		return c
	}
	c.setType(rt)
	return c
}

// setType records the Go type a codec's values have.
func (c *codec) setType(rt reflect.Type) {
	c.rtype, c.size = rt, rt.Size()
	c.ptrWord = typeWord(reflect.PointerTo(rt))
}

func (b *planBuilder) messageCodec(c *codec, t *Type, rt reflect.Type, where string) *codec {
	mp := b.message(t.Message)
	c.msg = mp
	switch {
	case b.err != nil:
	case rt == nil && mp.rtype == nil:
		// A dynamic message referring back to one whose struct is still being built.
		c.boxed = true
		rt = reflect.TypeFor[any]()
	case rt == nil:
		rt = mp.rtype
	case rt != mp.rtype:
		b.failf("%s: Go type %v, want %s's Go type %v", where, rt, t.Message.Name, mp.rtype)
		return c
	}
	if rt != nil {
		c.setType(rt)
	}
	return c
}

func (b *planBuilder) containerCodec(c *codec, t *Type, rt reflect.Type, where string) *codec {
	wantKind, name := reflect.Slice, "a slice"
	if t.Kind == KindOptional {
		wantKind, name = reflect.Pointer, "a pointer"
	}
	var elemRT reflect.Type
	if rt != nil {
		if rt.Kind() != wantKind {
			b.failf("%s: Go type %v, want %s", where, rt, name)
			return c
		}
		elemRT = rt.Elem()
	}
	c.elem = b.codec(t.Elem, elemRT, where)
	if b.err != nil {
		return c
	}
	if rt == nil {
		rt = b.dyn.container(t.Kind, c.elem.rtype)
	}
	c.setType(rt)
	return c
}

func (b *planBuilder) mapCodec(c *codec, t *Type, rt reflect.Type, where string) *codec {
	if t.Key == nil {
		b.failf("%s: map type with no key type", where)
		return c
	}
	switch t.Key.Kind {
	case KindString, KindBool, KindInt32, KindInt64, KindUint32, KindUint64:
	default:
		b.failf("%s: map key of kind %v; keys are strings, bools or integers", where, t.Key.Kind)
		return c
	}
	var keyRT, valRT reflect.Type
	if rt != nil {
		if rt.Kind() != reflect.Map {
			b.failf("%s: Go type %v, want a map", where, rt)
			return c
		}
		keyRT, valRT = rt.Key(), rt.Elem()
	}
	c.key = b.codec(t.Key, keyRT, where+" key")
	c.elem = b.codec(t.Elem, valRT, where)
	if b.err != nil {
		return c
	}
	if rt == nil {
		rt = b.dyn.mapOf(c.key.rtype, c.elem.rtype)
	}
	c.setType(rt)
	c.ops = nativeOps(rt)
	return c
}

func (b *planBuilder) oneof(o *Oneof, rt reflect.Type, where string) *oneofPlan {
	op := &oneofPlan{itype: rt}
	if rt == nil {
		op.itype = reflect.TypeFor[any]()
	} else if rt.Kind() != reflect.Interface {
		b.failf("%s: Go type %v of a oneof is not an interface", where, rt)
		return op
	}
	op.ptrWord = typeWord(reflect.PointerTo(op.itype))
	op.variants = make([]variantPlan, len(o.Variants))
	op.names = make([]string, len(o.Variants))
	seenName := map[string]bool{}
	for i := range o.Variants {
		v := &o.Variants[i]
		vwhere := where + "." + v.Name
		if seenName[v.Name] {
			b.failf("%s: two variants named %q", where, v.Name)
			return op
		}
		seenName[v.Name] = true
		vp := &op.variants[i]
		vp.name = v.Name
		op.names[i] = v.Name
		vp.jsonKey = append(appendJSONString(nil, v.Name), ':')
		vp.cborKey = appendCBORText(nil, v.Name)
		vp.formKey = appendFormEscaped(nil, v.Name)
		var valRT reflect.Type
		if w := v.GoType; w != nil {
			if w.Kind() != reflect.Struct || w.NumField() != 1 || !w.Field(0).IsExported() {
				b.failf("%s: wrapper %v is not a struct with one exported field", vwhere, w)
				return op
			}
			if !w.Implements(op.itype) {
				b.failf("%s: wrapper %v does not implement %v", vwhere, w, op.itype)
				return op
			}
			for j := 0; j < i; j++ {
				if op.variants[j].wrapper == w {
					b.failf("%s: wrapper %v used by two variants", vwhere, w)
					return op
				}
			}
			vp.wrapper, valRT = w, w.Field(0).Type
		}
		vp.codec = b.codec(v.Type, valRT, vwhere)
		if b.err != nil {
			return op
		}
		if vp.wrapper == nil {
			vp.wrapper = b.dyn.wrapper(b, op, i, vp.codec.rtype)
		}
		vp.direct = directIface(vp.wrapper)
	}
	return op
}

func (b *planBuilder) enum(e *Enum) *enumPlan {
	if ep, ok := b.enums[e]; ok {
		return ep
	}
	ep := &enumPlan{desc: e, index: make(map[string]int, len(e.Values))}
	for i, v := range e.Values {
		ep.index[v] = i
		ep.json = append(ep.json, appendJSONString(nil, v))
		ep.cbor = append(ep.cbor, appendCBORText(nil, v))
		ep.form = append(ep.form, appendFormEscaped(nil, v))
	}
	b.enums[e] = ep
	return ep
}

// finish completes the plans of this session once every struct type exists.
func (b *planBuilder) finish() {
	for _, p := range b.plans {
		if p.rtype != nil {
			p.zero = reflect.New(p.rtype).UnsafePointer()
		}
	}
	for _, p := range b.plans {
		p.jsonOnly = jsonOnlyPath(p, map[*msgPlan]bool{})
	}
}

func jsonOnlyPath(p *msgPlan, seen map[*msgPlan]bool) string {
	if seen[p] {
		return ""
	}
	seen[p] = true
	for i := range p.fields {
		f := &p.fields[i]
		if f.oneof != nil {
			for j := range f.oneof.variants {
				v := &f.oneof.variants[j]
				if s := jsonOnlyCodec(v.codec, seen); s != "" {
					return joinDot(f.name+"."+v.name, s)
				}
			}
			continue
		}
		if s := jsonOnlyCodec(f.codec, seen); s != "" {
			return joinDot(f.name, s)
		}
	}
	return ""
}

func jsonOnlyCodec(c *codec, seen map[*msgPlan]bool) string {
	for c != nil {
		switch c.kind {
		case KindJSONValue, KindJSONObject:
			return "."
		case KindMessage:
			return jsonOnlyPath(c.msg, seen)
		}
		c = c.elem
	}
	return ""
}

func joinDot(a, b string) string {
	if b == "." {
		return a
	}
	return a + "." + b
}

// directIface reports whether Go stores a value of type t in an interface's data word
// itself: pointer-shaped types, and structs and one-element arrays wrapping one.
func directIface(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && directIface(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && directIface(t.Elem())
	}
	return false
}
