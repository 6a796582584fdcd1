package wire

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The form decoder's collections. A list's pairs are sorted by index (or taken in order for
// unindexed keys) and a map's by key, so that each element or entry is one run of pairs; a
// oneof's pairs must all name the same variant.

// list decodes a list field, with SPEC 4.1's leniencies: k= alone is the empty list, and
// unindexed keys (k=v, repeated or not, and k[]=v) append in the order given. Indexed keys
// only order the elements; an index allocates nothing by its size.
func (d *formDecoder) list(c *codec, ptr unsafe.Pointer, lo, hi, depth int) error {
	if d.emptyFlat(lo, hi, depth) {
		return nil
	}
	push, indexed := 0, 0
	for k := lo; k < hi; k++ {
		pi := d.scratch[k]
		switch {
		case int(d.pairs[pi].nseg) == depth:
			push++
		case d.seg(pi, depth).flags&spanPush != 0:
			if int(d.pairs[pi].nseg) > depth+1 {
				return decodeErr("non-indexed sequence of structs not supported")
			}
			push++
		default:
			indexed++
		}
	}
	if push > 0 && indexed > 0 {
		return decodeErr("indexed and unindexed keys mixed in one list")
	}
	if push > 0 {
		return d.pushList(c, ptr, lo, hi, depth)
	}
	e0 := len(d.ents)
	for k := lo; k < hi; k++ {
		pi := d.scratch[k]
		s := d.bytes(d.seg(pi, depth))
		if len(s) == 0 || !isDigit(s[0]) {
			return decodeErr("invalid type: map, expected a sequence")
		}
		idx, msg := parseRustUint(s, math.MaxUint64)
		if msg != "" {
			return decodeErr(msg)
		}
		d.ents = append(d.ents, keyEnt{pi: pi, u: idx})
	}
	ents := d.ents[e0:]
	if !slices.IsSortedFunc(ents, byIndex) {
		slices.SortStableFunc(ents, byIndex)
	}
	n := runs(len(ents), func(a, b int) bool { return d.ents[e0+a].u == d.ents[e0+b].u })
	if err := d.count(n); err != nil {
		return err
	}
	data := d.makeSlice(c, ptr, n)
	r0 := len(d.scratch)
	for _, e := range ents {
		d.scratch = append(d.scratch, e.pi)
	}
	for i, k := 0, 0; k < hi-lo; i++ {
		j := k + 1
		for j < hi-lo && d.ents[e0+j].u == d.ents[e0+k].u {
			j++
		}
		if err := d.value(c.elem, unsafe.Add(data, uintptr(i)*c.elem.size), r0+k, r0+j, depth+1); err != nil {
			return atIndex(err, i)
		}
		k = j
	}
	d.scratch, d.ents = d.scratch[:r0], d.ents[:e0]
	return nil
}

func byIndex(a, b keyEnt) int { return cmp.Compare(a.u, b.u) }

// runs counts the runs of equal neighbours among n sorted things.
func runs(n int, same func(a, b int) bool) int {
	r := 0
	for k := 0; k < n; k++ {
		if k == 0 || !same(k-1, k) {
			r++
		}
	}
	return r
}

func (d *formDecoder) pushList(c *codec, ptr unsafe.Pointer, lo, hi, depth int) error {
	n := hi - lo
	if err := d.count(n); err != nil {
		return err
	}
	data := d.makeSlice(c, ptr, n)
	for i := range n {
		pi := d.scratch[lo+i]
		edepth := depth
		if int(d.pairs[pi].nseg) > depth {
			edepth = depth + 1 // k[]=v
		}
		r := len(d.scratch)
		d.scratch = append(d.scratch, pi)
		err := d.value(c.elem, unsafe.Add(data, uintptr(i)*c.elem.size), r, r+1, edepth)
		d.scratch = d.scratch[:r]
		if err != nil {
			return atIndex(err, i)
		}
	}
	return nil
}

func (d *formDecoder) mapValue(c *codec, ptr unsafe.Pointer, lo, hi, depth int) error {
	if d.emptyFlat(lo, hi, depth) {
		return nil
	}
	e0 := len(d.ents)
	kind := c.key.kind
	for k := lo; k < hi; k++ {
		pi := d.scratch[k]
		if int(d.pairs[pi].nseg) == depth {
			return d.wrongType(pi, c)
		}
		s := d.seg(pi, depth)
		e := keyEnt{pi: pi}
		var msg string
		switch kind {
		case KindString:
			if !utf8.Valid(d.bytes(s)) {
				msg = "invalid UTF-8"
			}
			e.s = d.str(s)
		case KindBool:
			switch d.str(s) {
			case "true":
				e.u = 1
			case "false":
			default:
				msg = msgBool
			}
		case KindInt32, KindInt64:
			mn, mx := int64(math.MinInt64), int64(math.MaxInt64)
			if kind == KindInt32 {
				mn, mx = math.MinInt32, math.MaxInt32
			}
			var v int64
			v, msg = parseRustInt(d.bytes(s), mn, mx)
			e.u = uint64(v)
		default:
			max := uint64(math.MaxUint64)
			if kind == KindUint32 {
				max = math.MaxUint32
			}
			e.u, msg = parseRustUint(d.bytes(s), max)
		}
		if msg != "" {
			return atKey(decodeErr(msg), strconv.Quote(d.lossy(s)))
		}
		d.ents = append(d.ents, e)
	}
	ents := d.ents[e0:]
	cmpKeys := func(a, b keyEnt) int {
		switch kind {
		case KindString:
			return strings.Compare(a.s, b.s)
		case KindInt32, KindInt64:
			return cmp.Compare(int64(a.u), int64(b.u))
		}
		return cmp.Compare(a.u, b.u)
	}
	if !slices.IsSortedFunc(ents, cmpKeys) { // serde_qs writes map keys in order
		slices.SortStableFunc(ents, cmpKeys)
	}
	n := runs(len(ents), func(a, b int) bool { return cmpKeys(d.ents[e0+a], d.ents[e0+b]) == 0 })
	if err := d.count(n); err != nil {
		return err
	}
	mb := c.newMapBuilder(ptr, n)
	r0 := len(d.scratch)
	for _, e := range ents {
		d.scratch = append(d.scratch, e.pi)
	}
	for k := 0; k < hi-lo; {
		j := k + 1
		for j < hi-lo && cmpKeys(d.ents[e0+j], d.ents[e0+k]) == 0 {
			j++
		}
		setKey(kind, mb.kp, d.ents[e0+k])
		if err := d.value(c.elem, mb.vp, r0+k, r0+j, depth+1); err != nil {
			return atKey(err, keyPathString(kind, mb.kp))
		}
		mb.add()
		k = j
	}
	d.scratch, d.ents = d.scratch[:r0], d.ents[:e0]
	mb.done()
	return nil
}

func setKey(kind Kind, p unsafe.Pointer, e keyEnt) {
	switch kind {
	case KindString:
		*(*string)(p) = e.s
	case KindBool:
		*(*bool)(p) = e.u != 0
	case KindInt32, KindUint32:
		*(*uint32)(p) = uint32(e.u)
	default:
		*(*uint64)(p) = e.u
	}
}

func (d *formDecoder) oneof(o *oneofPlan, ptr unsafe.Pointer, lo, hi, depth int) error {
	if d.emptyFlat(lo, hi, depth) {
		return nil // shape= is None
	}
	vi := -1
	for k := lo; k < hi; k++ {
		pi := d.scratch[k]
		if int(d.pairs[pi].nseg) == depth {
			return decodeErr("invalid type: string " + strconv.Quote(d.lossy(d.pairs[pi].val)) + ", expected a variant and its value, as key[Variant]=value")
		}
		name := d.str(d.seg(pi, depth))
		i := slices.Index(o.names, name)
		switch {
		case i < 0:
			return unknownVariant(d.lossy(d.seg(pi, depth)), o.names)
		case vi >= 0 && i != vi:
			return decodeErr("more than one variant given: `" + o.names[vi] + "` and `" + name + "`")
		}
		vi = i
	}
	v := &o.variants[vi]
	w := v.newVariant()
	if err := d.value(v.codec, w.UnsafePointer(), lo, hi, depth+1); err != nil {
		return inField(err, v.name)
	}
	o.setVariant(ptr, w)
	return nil
}
