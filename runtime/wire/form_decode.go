package wire

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// The walk: each level receives the pairs below it as a range of d.scratch and the index
// of the segment it looks at. A message sorts its range by field (a counting sort into
// fresh scratch), a list by index and a map by key, and each field, element or entry is
// decoded from its own sub-range one segment deeper. A pair with no segment at the current
// depth is "flat": it holds a value for this level itself.

// keyEnt is a list index or map key met at one level, with the pair it came from.
type keyEnt struct {
	pi int32
	u  uint64 // an index, an integer key (int64 keys stored as their bits) or a bool
	s  string // a string key
}

func decodeForm(p *msgPlan, data []byte, ptr unsafe.Pointer, lim Limits) error {
	if p.jsonOnly != "" {
		return decodeErr(jsonOnlyErr(p, "form encoding"))
	}
	d := formDecoders.Get().(*formDecoder)
	defer func() {
		d.reset()
		formDecoders.Put(d)
	}()
	d.lim = lim
	if err := d.parse(data); err != nil {
		return err
	}
	for i := range d.pairs {
		d.scratch = append(d.scratch, int32(i))
	}
	lo, hi := 0, len(d.scratch)
	switch {
	case p.unit:
		return nil
	case p.transparent:
		f := &p.fields[0]
		if f.codec == nil || f.codec.kind != KindMessage {
			return decodeErr("form encoding needs a struct at the top level, and " + p.desc.Name + " stands for a " + kindOf(f))
		}
		return d.value(f.codec, unsafe.Add(ptr, f.offset), lo, hi, 0)
	}
	return d.message(p, ptr, lo, hi, 0)
}

func (d *formDecoder) message(p *msgPlan, base unsafe.Pointer, lo, hi, depth int) error {
	nf := len(p.fields)
	var buf [32]int32
	var ends []int32
	if nf <= len(buf) {
		ends = buf[:nf]
	} else {
		ends = make([]int32, nf)
	}
	matched, hint := 0, 0
	for k := lo; k < hi; k++ {
		pr := &d.pairs[d.scratch[k]]
		f := p.find(d.bytes(d.segs[pr.seg0+int32(depth)]), hint)
		pr.tmp = int32(f)
		if f < 0 {
			continue // unknown keys are ignored whatever their shape
		}
		if depth == 0 && int(pr.nseg) > d.lim.MaxFormDepth {
			return inField(limitErr("key nested too deep: "+itoa(int(pr.nseg))+" segments", "MaxFormDepth", d.lim.MaxFormDepth), p.fields[f].name)
		}
		hint = f
		ends[f]++
		matched++
	}
	var sum int32
	for f, n := range ends {
		ends[f] = sum
		sum += n
	}
	out := len(d.scratch)
	d.scratch = slices.Grow(d.scratch, matched)[:out+matched]
	for k := lo; k < hi; k++ {
		pi := d.scratch[k]
		if f := d.pairs[pi].tmp; f >= 0 {
			d.scratch[out+int(ends[f])] = pi
			ends[f]++
		}
	}
	missing := -1
	start := int32(0)
	for f := range nf {
		end, fp := ends[f], &p.fields[f]
		if end == start {
			if missing < 0 && fp.required(true) && !zeroFieldMessage(fp.codec) {
				missing = f
			}
			continue
		}
		var err error
		fptr := unsafe.Add(base, fp.offset)
		if fp.oneof != nil {
			err = d.oneof(fp.oneof, fptr, out+int(start), out+int(end), depth+1)
		} else {
			err = d.value(fp.codec, fptr, out+int(start), out+int(end), depth+1)
		}
		if err != nil {
			return inField(err, fp.name)
		}
		start = end
	}
	d.scratch = d.scratch[:out]
	if missing >= 0 {
		return missingField(p.fields[missing].name)
	}
	return nil
}

// zeroFieldMessage reports a field of a message type with no fields, which a form body
// cannot show (serde_qs writes nothing for it), so its absence is no error.
func zeroFieldMessage(c *codec) bool {
	return c != nil && c.kind == KindMessage && !c.msg.unit && !c.msg.transparent && len(c.msg.fields) == 0
}

func (d *formDecoder) value(c *codec, ptr unsafe.Pointer, lo, hi, depth int) error {
	switch c.kind {
	case KindOptional:
		if d.emptyFlat(lo, hi, depth) {
			return nil // k= is None
		}
		return d.value(c.elem, d.newOptional(c, ptr), lo, hi, depth)
	case KindMessage:
		mp := c.msg
		if c.boxed {
			ptr = c.newBoxed(ptr)
		}
		if mp.transparent {
			f := &mp.fields[0]
			if f.oneof != nil {
				return d.oneof(f.oneof, unsafe.Add(ptr, f.offset), lo, hi, depth)
			}
			return d.value(f.codec, unsafe.Add(ptr, f.offset), lo, hi, depth)
		}
		if pi := d.firstFlat(lo, hi, depth); pi >= 0 {
			return d.wrongType(pi, c)
		}
		return d.message(mp, ptr, lo, hi, depth)
	case KindList:
		return d.list(c, ptr, lo, hi, depth)
	case KindMap:
		return d.mapValue(c, ptr, lo, hi, depth)
	}
	if hi-lo > 1 {
		if d.firstNested(lo, hi, depth) < 0 {
			return decodeErr("Multiple values for one key: " + strconv.Quote(d.lossy(d.seg(d.scratch[lo], depth-1))))
		}
	}
	pi := d.scratch[lo]
	if int(d.pairs[pi].nseg) > depth {
		return decodeErr("invalid type: map, expected " + expecting(c))
	}
	return d.scalar(c, ptr, d.pairs[pi].val)
}

func (d *formDecoder) scalar(c *codec, ptr unsafe.Pointer, val span) error {
	b := d.bytes(val)
	switch c.kind {
	case KindString:
		if err := d.checkString(b); err != nil {
			return err
		}
		*(*string)(ptr) = d.str(val)
	case KindEnum:
		if !utf8.Valid(b) {
			return decodeErr("invalid UTF-8")
		}
		i := c.enum.lookup(d.str(val))
		if i < 0 {
			return unknownVariant(d.str(val), c.enum.desc.Values)
		}
		*(*string)(ptr) = c.enum.desc.Values[i]
	case KindBytes:
		if len(b) > d.lim.MaxStringLen {
			return limitErr("bytes too long: "+itoa(len(b))+" bytes", "MaxStringLen", d.lim.MaxStringLen)
		}
		*(*[]byte)(ptr) = d.cloneBytes(b)
	case KindBool:
		switch string(b) {
		case "true":
			*(*bool)(ptr) = true
		case "false":
			*(*bool)(ptr) = false
		default:
			return decodeErr(msgBool)
		}
	case KindInt32:
		v, msg := parseRustInt(b, math.MinInt32, math.MaxInt32)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*int32)(ptr) = int32(v)
	case KindInt64:
		v, msg := parseRustInt(b, math.MinInt64, math.MaxInt64)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*int64)(ptr) = v
	case KindUint32:
		v, msg := parseRustUint(b, math.MaxUint32)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*uint32)(ptr) = uint32(v)
	case KindUint64:
		v, msg := parseRustUint(b, math.MaxUint64)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*uint64)(ptr) = v
	case KindFloat32:
		f, msg := parseRustFloat(d.str(val), 32)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*float32)(ptr) = float32(f)
	case KindFloat64:
		f, msg := parseRustFloat(d.str(val), 64)
		if msg != "" {
			return decodeErr(msg)
		}
		*(*float64)(ptr) = f
	case KindTimestamp:
		if !utf8.Valid(b) {
			return decodeErr("invalid UTF-8")
		}
		t, msg := parseTimestamp(d.str(val))
		if msg != "" {
			return decodeErr(msg)
		}
		*(*time.Time)(ptr) = t
	default:
		return decodeErr(c.kind.String() + " cannot be carried by form encoding")
	}
	return nil
}

func (d *formDecoder) checkString(b []byte) error {
	if len(b) > d.lim.MaxStringLen {
		return limitErr("string too long: "+itoa(len(b))+" bytes", "MaxStringLen", d.lim.MaxStringLen)
	}
	if !utf8.Valid(b) {
		return decodeErr("invalid UTF-8")
	}
	return nil
}

// emptyFlat reports a range that is exactly one flat pair with an empty value: "k=".
func (d *formDecoder) emptyFlat(lo, hi, depth int) bool {
	if hi-lo != 1 {
		return false
	}
	pr := &d.pairs[d.scratch[lo]]
	return int(pr.nseg) == depth && pr.val.n == 0
}

func (d *formDecoder) firstFlat(lo, hi, depth int) int32 {
	for k := lo; k < hi; k++ {
		if int(d.pairs[d.scratch[k]].nseg) == depth {
			return d.scratch[k]
		}
	}
	return -1
}

func (d *formDecoder) firstNested(lo, hi, depth int) int32 {
	for k := lo; k < hi; k++ {
		if int(d.pairs[d.scratch[k]].nseg) > depth {
			return d.scratch[k]
		}
	}
	return -1
}

func (d *formDecoder) wrongType(pi int32, c *codec) error {
	return decodeErr("invalid type: string " + strconv.Quote(d.lossy(d.pairs[pi].val)) + ", expected " + expecting(c))
}

func (d *formDecoder) lossy(s span) string {
	return strings.ToValidUTF8(string(d.bytes(s)), "\uFFFD")
}

func (d *formDecoder) count(n int) error {
	d.items += n
	if d.items > d.lim.MaxItems {
		return limitErr("too many list elements and map entries", "MaxItems", d.lim.MaxItems)
	}
	return nil
}
