package wire

import (
	"cmp"
	"reflect"
	"slices"
	"unsafe"
)

// Maps are where reflect costs most: a reflect map iteration or insertion costs several
// times what encoding the entry does. So a map codec whose Go type is a plain map of common
// key and value types (map[string]string, map[int64]string, ...: what generated code has
// for most map fields) gets native operations, instantiated below; other maps (enum values,
// messages, bool keys) go through reflect. Both give the encoders the entries in serde's
// order (a BTreeMap's: keys ascending) and the decoders a scratch entry to fill and insert.

// mapOps are the native whole-map operations for one map type.
type mapOps interface {
	// collect copies the entries of the map at p into e (mapEntries.sort orders them).
	collect(p unsafe.Pointer, e *mapEntries)
	// clear drops the copies, so e keeps no references alive between calls.
	clear(e *mapEntries)
	// make stores a new map of room for n entries at p.
	make(p unsafe.Pointer, n int)
	// set inserts the entry at k and v into the map at p, reporting false when the key
	// was already there.
	set(p, k, v unsafe.Pointer) bool
}

type kv[K, V any] struct {
	k K
	v V
}

type nativeMap[K cmp.Ordered, V any] struct{}

func (nativeMap[K, V]) collect(p unsafe.Pointer, e *mapEntries) {
	bp, _ := e.native.(*[]kv[K, V])
	if bp == nil {
		bp = new([]kv[K, V])
		e.native = bp
	}
	buf := (*bp)[:0]
	for k, v := range *(*map[K]V)(p) {
		buf = append(buf, kv[K, V]{k, v})
	}
	*bp = buf
	e.n = len(buf)
	e.kbase, e.vbase = unsafe.Pointer(&buf[0].k), unsafe.Pointer(&buf[0].v)
	e.kstride = unsafe.Sizeof(buf[0])
	e.vstride = e.kstride
}

func (nativeMap[K, V]) clear(e *mapEntries) {
	bp := e.native.(*[]kv[K, V])
	clear(*bp)
}

func (nativeMap[K, V]) make(p unsafe.Pointer, n int) {
	*(*map[K]V)(p) = make(map[K]V, n)
}

func (nativeMap[K, V]) set(p, k, v unsafe.Pointer) bool {
	m := *(*map[K]V)(p)
	n := len(m)
	m[*(*K)(k)] = *(*V)(v)
	return len(m) > n
}

// nativeOps returns the native operations for map type rt, or nil. The set is kept small
// because every instantiation adds about 11 KB to a WebAssembly client: plain maps of
// string keys, and of integer keys to strings.
func nativeOps(rt reflect.Type) mapOps {
	switch rt {
	case reflect.TypeFor[map[string]string]():
		return nativeMap[string, string]{}
	case reflect.TypeFor[map[string]int64]():
		return nativeMap[string, int64]{}
	case reflect.TypeFor[map[string]int32]():
		return nativeMap[string, int32]{}
	case reflect.TypeFor[map[string]bool]():
		return nativeMap[string, bool]{}
	case reflect.TypeFor[map[string]float64]():
		return nativeMap[string, float64]{}
	case reflect.TypeFor[map[int64]string]():
		return nativeMap[int64, string]{}
	case reflect.TypeFor[map[int32]string]():
		return nativeMap[int32, string]{}
	}
	return nil
}

// mapEntries holds a map's entries copied out in key order, for the encoders. Each map
// codec keeps one between calls.
type mapEntries struct {
	n                int
	kbase, vbase     unsafe.Pointer
	kstride, vstride uintptr
	order            []int32       // reflect path: entry i is at index order[i]
	native           any           // native path: the *[]kv buffer, already sorted
	keys, vals       reflect.Value // reflect path: slices with room for the entries
}

func (e *mapEntries) key(i int) unsafe.Pointer {
	return unsafe.Add(e.kbase, uintptr(e.order[i])*e.kstride)
}

func (e *mapEntries) val(i int) unsafe.Pointer {
	return unsafe.Add(e.vbase, uintptr(e.order[i])*e.vstride)
}

// sort orders the copied entries by key. It is shared by both paths, so the native
// instantiations carry no sorting code of their own.
func (e *mapEntries) sort(kind Kind) {
	kb, ks := e.kbase, e.kstride
	e.order = sortedOrder(e.order, e.n, func(a, b int32) int {
		return compareKeys(kind, unsafe.Add(kb, uintptr(a)*ks), unsafe.Add(kb, uintptr(b)*ks))
	})
}

// sortedOrder returns 0..n-1 in order, reusing order's storage, ordered by cmp on the
// indexes. Every sort in the package goes through it, so a program links one
// instantiation of the sorting code (each costs about 15 KB of WebAssembly).
func sortedOrder(order []int32, n int, cmp func(a, b int32) int) []int32 {
	order = order[:0]
	for j := range n {
		order = append(order, int32(j))
	}
	slices.SortFunc(order, cmp)
	return order
}

// sortedEntries copies out the entries of the map at p, sorted by key; it returns nil for
// an empty map. Call release when done.
func (c *codec) sortedEntries(p unsafe.Pointer) *mapEntries {
	if *(*unsafe.Pointer)(p) == nil {
		return nil
	}
	mv := valueAt(c.ptrWord, p)
	n := mv.Len()
	if n == 0 {
		return nil
	}
	e := c.entries.Swap(nil)
	if c.ops != nil {
		if e == nil {
			e = &mapEntries{}
		}
		c.ops.collect(p, e)
		e.sort(c.key.kind)
		return e
	}
	if e == nil || e.keys.Len() < n {
		size := max(n, 4)
		e = &mapEntries{
			keys:    reflect.MakeSlice(reflect.SliceOf(c.key.rtype), size, size),
			vals:    reflect.MakeSlice(reflect.SliceOf(c.elem.rtype), size, size),
			kstride: c.key.size,
			vstride: c.elem.size,
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
	e.n = i
	e.sort(c.key.kind)
	return e
}

// release drops the copies, so the codec keeps no references alive, and keeps e.
func (c *codec) release(e *mapEntries) {
	if e == nil {
		return
	}
	if c.ops != nil {
		c.ops.clear(e)
	} else {
		e.keys.Clear()
		e.vals.Clear()
	}
	c.entries.Store(e)
}

// compareKeys orders two map keys of the given kind as Rust's Ord does: strings bytewise,
// numbers numerically, false before true.
func compareKeys(kind Kind, a, b unsafe.Pointer) int {
	switch kind {
	case KindString:
		return cmp.Compare(*(*string)(a), *(*string)(b))
	case KindBool:
		x, y := *(*bool)(a), *(*bool)(b)
		if x == y {
			return 0
		} else if !x {
			return -1
		}
		return 1
	case KindInt32:
		return cmp.Compare(*(*int32)(a), *(*int32)(b))
	case KindInt64:
		return cmp.Compare(*(*int64)(a), *(*int64)(b))
	case KindUint32:
		return cmp.Compare(*(*uint32)(a), *(*uint32)(b))
	case KindUint64:
		return cmp.Compare(*(*uint64)(a), *(*uint64)(b))
	}
	return 0
}

// mapBuilder fills a new map for a decoder: each entry is decoded into scratch key and
// value storage and then inserted, which also tells duplicate keys apart. The map is
// stored in the field first; a failed decode zeroes the whole value anyway.
type mapBuilder struct {
	c      *codec
	p      unsafe.Pointer // the map field
	m      reflect.Value  // reflect path: the map
	s      *mapScratch
	kp, vp unsafe.Pointer
}

// mapScratch is a map codec's scratch entry, kept between calls like mapEntries.
type mapScratch struct {
	k, v   reflect.Value // addressable
	kp, vp unsafe.Pointer
}

// newMapBuilder stores a new map of room for n entries in the field at p.
func (c *codec) newMapBuilder(p unsafe.Pointer, n int) mapBuilder {
	s := c.scratch.Swap(nil)
	if s == nil {
		k, v := reflect.New(c.key.rtype), reflect.New(c.elem.rtype)
		s = &mapScratch{k: k.Elem(), v: v.Elem(), kp: k.UnsafePointer(), vp: v.UnsafePointer()}
	}
	b := mapBuilder{c: c, p: p, s: s, kp: s.kp, vp: s.vp}
	if c.ops != nil {
		c.ops.make(p, n)
	} else {
		b.m = reflect.MakeMapWithSize(c.rtype, n)
		valueAt(c.ptrWord, p).Set(b.m)
	}
	return b
}

// add inserts the scratch entry and clears the value scratch for the next one; it reports
// false when the key was already there.
func (b *mapBuilder) add() bool {
	var added bool
	if b.c.ops != nil {
		added = b.c.ops.set(b.p, b.kp, b.vp)
	} else {
		n := b.m.Len()
		b.m.SetMapIndex(b.s.k, b.s.v)
		added = b.m.Len() > n
	}
	b.s.v.SetZero()
	return added
}

// done returns the scratch to the codec.
func (b *mapBuilder) done() {
	b.s.k.SetZero()
	b.c.scratch.Store(b.s)
}
