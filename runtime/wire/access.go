package wire

import (
	"reflect"
	"slices"
	"unsafe"
)

// The value access the three formats share: the entry-point check, slices, optionals,
// oneofs, boxed messages and maps in serde's order. Values are reached through unsafe
// pointers computed from the plan's offsets; the layouts relied on (slice headers, the two
// words of an interface) are the ones the reflect package itself relies on.

type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// target checks that v is a non-nil pointer to m's Go type and returns what it points at.
func (p *msgPlan) target(v any, op string) (unsafe.Pointer, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Type() != p.ptrType {
		return nil, &typeError{op: op, msg: p.desc.Name, got: reflect.TypeOf(v), want: p.ptrType}
	}
	if rv.IsNil() {
		return nil, &typeError{op: op, msg: p.desc.Name, got: rv.Type(), want: p.ptrType, isNil: true}
	}
	return rv.UnsafePointer(), nil
}

// typeError reports a value that is not of the message's Go type: a programming error, not
// a bad body, so it is neither a DecodeError nor an EncodeError.
type typeError struct {
	op, msg   string
	got, want reflect.Type
	isNil     bool
}

func (e *typeError) Error() string {
	if e.isNil {
		return "wire: " + e.op + " " + e.msg + ": nil " + e.want.String()
	}
	got := "nil"
	if e.got != nil {
		got = e.got.String()
	}
	return "wire: " + e.op + " " + e.msg + ": value of type " + got + ", want " + e.want.String()
}

// zeroAt clears the value of Go type rt at p.
func zeroAt(rt reflect.Type, p unsafe.Pointer) {
	reflect.NewAt(rt, p).Elem().SetZero()
}

// msgAt returns where the message held at p lives: p itself, or for a boxed reference the
// struct its interface points at (a zero value when it holds nil).
func (c *codec) msgAt(p unsafe.Pointer) unsafe.Pointer {
	if !c.boxed {
		return p
	}
	words := (*[2]unsafe.Pointer)(p)
	if words[0] == nil {
		return c.msg.zero
	}
	return words[1] // an any holding a *T keeps the pointer in its data word
}

// newBoxed allocates the struct of a boxed reference at p and returns where it lives.
func (c *codec) newBoxed(p unsafe.Pointer) unsafe.Pointer {
	np := reflect.New(c.msg.rtype)
	reflect.NewAt(c.rtype, p).Elem().Set(np)
	return np.UnsafePointer()
}

// get returns the variant the oneof field at p holds and where its value lives, or nil when
// it holds none. A value that is no variant's wrapper (a pointer to one, say) is an error.
func (o *oneofPlan) get(p unsafe.Pointer) (*variantPlan, unsafe.Pointer, error) {
	iv := reflect.NewAt(o.itype, p).Elem()
	if iv.IsNil() {
		return nil, nil, nil
	}
	t := iv.Elem().Type()
	for i := range o.variants {
		v := &o.variants[i]
		if v.wrapper != t {
			continue
		}
		word := unsafe.Add(p, unsafe.Sizeof(uintptr(0)))
		if v.direct {
			return v, word, nil
		}
		return v, *(*unsafe.Pointer)(word), nil
	}
	return nil, nil, encodeErr("holds a " + t.String() + ", which is none of the oneof's variant wrappers")
}

// newVariant allocates a wrapper for variant v, so a decoder can fill its value in place;
// setVariant then stores it in the oneof field at p.
func (v *variantPlan) newVariant() reflect.Value {
	return reflect.New(v.wrapper)
}

func (o *oneofPlan) setVariant(p unsafe.Pointer, w reflect.Value) {
	reflect.NewAt(o.itype, p).Elem().Set(w.Elem())
}

// mapEntries holds a map's entries copied out in serde's order (a BTreeMap's: keys
// ascending), for the encoders. It is pooled per map codec.
type mapEntries struct {
	keys, vals   reflect.Value // slices with room for the entries
	kbase, vbase unsafe.Pointer
	ksize, vsize uintptr
	order        []int32
}

func (e *mapEntries) key(i int) unsafe.Pointer {
	return unsafe.Add(e.kbase, uintptr(e.order[i])*e.ksize)
}

func (e *mapEntries) val(i int) unsafe.Pointer {
	return unsafe.Add(e.vbase, uintptr(e.order[i])*e.vsize)
}

// sortedEntries copies out the entries of the map at p, sorted by key; it returns nil for
// an empty map. Call release when done.
func (c *codec) sortedEntries(p unsafe.Pointer) *mapEntries {
	mv := reflect.NewAt(c.rtype, p).Elem()
	n := mv.Len()
	if n == 0 {
		return nil
	}
	e, _ := c.pool.Get().(*mapEntries)
	if e == nil || e.keys.Len() < n {
		size := max(n, 4)
		e = &mapEntries{
			keys:  reflect.MakeSlice(reflect.SliceOf(c.key.rtype), size, size),
			vals:  reflect.MakeSlice(reflect.SliceOf(c.elem.rtype), size, size),
			ksize: c.key.size,
			vsize: c.elem.size,
		}
		e.kbase, e.vbase = e.keys.UnsafePointer(), e.vals.UnsafePointer()
	}
	var it reflect.MapIter
	it.Reset(mv)
	i := 0
	for it.Next() && i < n {
		e.keys.Index(i).SetIterKey(&it)
		e.vals.Index(i).SetIterValue(&it)
		i++
	}
	e.order = e.order[:0]
	for j := range i {
		e.order = append(e.order, int32(j))
	}
	kind, kb, ks := c.key.kind, e.kbase, e.ksize
	slices.SortFunc(e.order, func(a, b int32) int {
		return compareKeys(kind, unsafe.Add(kb, uintptr(a)*ks), unsafe.Add(kb, uintptr(b)*ks))
	})
	return e
}

// release zeroes the copies, so the pool keeps no references alive, and returns e.
func (c *codec) release(e *mapEntries) {
	if e == nil {
		return
	}
	e.keys.Clear()
	e.vals.Clear()
	c.pool.Put(e)
}

// compareKeys orders two map keys of the given kind as Rust's Ord does: strings bytewise,
// numbers numerically, false before true.
func compareKeys(kind Kind, a, b unsafe.Pointer) int {
	switch kind {
	case KindString:
		x, y := *(*string)(a), *(*string)(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case KindBool:
		x, y := *(*bool)(a), *(*bool)(b)
		if x == y {
			return 0
		} else if !x {
			return -1
		}
		return 1
	case KindInt32:
		return cmp3(int64(*(*int32)(a)), int64(*(*int32)(b)))
	case KindInt64:
		return cmp3(*(*int64)(a), *(*int64)(b))
	case KindUint32:
		return cmp3(uint64(*(*uint32)(a)), uint64(*(*uint32)(b)))
	case KindUint64:
		return cmp3(*(*uint64)(a), *(*uint64)(b))
	}
	return 0
}

func cmp3[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mapBuilder fills a new map for a decoder: each entry is decoded into scratch key and
// value storage and then copied in, which also tells duplicate keys apart.
type mapBuilder struct {
	m      reflect.Value
	s      *mapScratch
	kp, vp unsafe.Pointer
}

// mapScratch is a map codec's scratch entry, pooled per codec.
type mapScratch struct {
	k, v reflect.Value // addressable
}

func (c *codec) newMapBuilder(n int) mapBuilder {
	s, _ := c.scratch.Get().(*mapScratch)
	if s == nil {
		s = &mapScratch{k: reflect.New(c.key.rtype).Elem(), v: reflect.New(c.elem.rtype).Elem()}
	}
	return mapBuilder{
		m:  reflect.MakeMapWithSize(c.rtype, n),
		s:  s,
		kp: s.k.Addr().UnsafePointer(),
		vp: s.v.Addr().UnsafePointer(),
	}
}

// add inserts the scratch entry and clears the value scratch for the next one; it reports
// false when the key was already there.
func (b *mapBuilder) add() bool {
	n := b.m.Len()
	b.m.SetMapIndex(b.s.k, b.s.v)
	b.s.v.SetZero()
	return b.m.Len() > n
}

// store puts the finished map into the field at p and returns the scratch to the pool.
func (b *mapBuilder) store(c *codec, p unsafe.Pointer) {
	reflect.NewAt(c.rtype, p).Elem().Set(b.m)
	b.s.k.SetZero()
	c.scratch.Put(b.s)
}

// makeSlice makes the list at p n zero elements long and returns where they start. Growing
// the field in place costs one allocation, where reflect.MakeSlice costs two.
func (c *codec) makeSlice(p unsafe.Pointer, n int) unsafe.Pointer {
	sv := reflect.NewAt(c.rtype, p).Elem()
	sv.Grow(n)
	sv.SetLen(n)
	return sv.UnsafePointer()
}

// appendSlot lengthens the list at p by one zero element, growing it as append does, and
// returns where that element is.
func (c *codec) appendSlot(p unsafe.Pointer) unsafe.Pointer {
	sv := reflect.NewAt(c.rtype, p).Elem()
	n := sv.Len()
	sv.Grow(1)
	sv.SetLen(n + 1)
	return unsafe.Add(sv.UnsafePointer(), uintptr(n)*c.elem.size)
}

// newOptional allocates the target of the optional at p and returns it.
func (c *codec) newOptional(p unsafe.Pointer) unsafe.Pointer {
	np := reflect.New(c.elem.rtype).UnsafePointer()
	*(*unsafe.Pointer)(p) = np
	return np
}
