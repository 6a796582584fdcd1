package wire

import (
	"bytes"
	"sync"
	"unsafe"
)

// The form decoder works as serde_qs does, in two steps: split the input into pairs whose
// keys are cut into segments, then walk the plan, grouping the pairs by segment at each
// level (form_decode.go). Unlike serde_qs it builds no tree of maps: the pairs and
// segments live in flat slices reused across calls, each level only sorts pair indices,
// and every decoded string is a substring of one string made per call.

// span is a piece of d.text: of the copy of the input, or of the decoded text after it.
type span struct {
	off, n uint32
	flags  uint8
}

// spanPush marks a segment that was "[]": append to a list, or the empty map key.
const spanPush uint8 = 1

type formPair struct {
	seg0, nseg int32 // the key's segments are segs[seg0 : seg0+nseg]
	val        span
	tmp        int32 // scratch for the walk: the field or variant a pair belongs to
}

type formDecoder struct {
	src     []byte // the input, only while parsing
	dec     []byte // the percent-decoded keys and values, while parsing
	text    []byte // the call's one allocation: the input, dec, then the arena (see finish)
	sstr    string // text's first part as a string: every key and value is a substring of it
	arena   int    // the next free byte of text's arena
	pairs   []formPair
	segs    []span
	scratch []int32  // ranges of pair indices, used as a stack
	ents    []keyEnt // list indices and map keys being sorted, used as a stack
	lim     Limits
	items   int
}

var formDecoders = sync.Pool{New: func() any { return new(formDecoder) }}

func (d *formDecoder) reset() {
	d.src, d.text, d.sstr = nil, nil, "" // the pool must keep nothing of a call's value
	d.dec = d.dec[:0]
	d.pairs = d.pairs[:0]
	d.segs = d.segs[:0]
	d.scratch = d.scratch[:0]
	clear(d.ents)
	d.ents = d.ents[:0]
	d.items = 0
}

// parse splits data into pairs at "&", skipping empty ones, in one pass over the input:
// each pair's scan stops at the "&" that ends it.
func (d *formDecoder) parse(data []byte) error {
	d.src = data
	for i := 0; i < len(data); i++ {
		if data[i] == '&' {
			continue
		}
		if len(d.pairs) >= d.lim.MaxFormKeys {
			return limitErr("too many form keys", "MaxFormKeys", d.lim.MaxFormKeys)
		}
		i = d.pair(i)
	}
	d.finish()
	return nil
}

// finish makes the call's one allocation. Spans point into the input (text that needed no
// decoding) or into d.dec (text that did, at offsets after the input's length), so the
// buffer holds a copy of the input, then d.dec, and sstr is those bytes as a string, never
// written again. Copying the input once, here, replaces copying it into d.dec first.
//
// After the text comes an arena of 8 bytes per pair, 8-aligned (the buffer's size is a
// multiple of 8, so the allocator aligns it so), from which the walk takes the
// pointer-free parts of the value instead of allocating each: optional numbers and bools,
// lists of them, bytes values (see alloc). Each pair yields at most one such number, so
// numbers fit; bytes take what room is left, and anything that does not fit is allocated
// as before. The parts never overlap the string or each
// other, and a slice's capacity ends with it, so a caller may write to or append to them
// freely. Like the strings, they keep the whole buffer alive while any of them lives.
func (d *formDecoder) finish() {
	n := len(d.src) + len(d.dec)
	a := (n + 7) &^ 7
	d.text = make([]byte, a+8*len(d.pairs))
	copy(d.text, d.src)
	copy(d.text[len(d.src):], d.dec)
	if n > 0 {
		d.sstr = unsafe.String(&d.text[0], n)
	}
	d.arena = a
	d.src = nil
}

// alloc returns size zeroed bytes of the arena, aligned to align (a power of two at most
// 8), or nil when the arena has no room left.
func (d *formDecoder) alloc(size, align uintptr) unsafe.Pointer {
	off := (uintptr(d.arena) + align - 1) &^ (align - 1)
	if size == 0 || off+size > uintptr(len(d.text)) {
		return nil
	}
	d.arena = int(off + size)
	return unsafe.Pointer(&d.text[off])
}

// pointerFree reports the kinds whose Go values hold no pointers, which the arena (a
// []byte, which the collector does not scan) may hold.
func pointerFree(k Kind) bool {
	switch k {
	case KindBool, KindInt32, KindInt64, KindUint32, KindUint64, KindFloat32, KindFloat64:
		return true
	}
	return false
}

// newOptional is c.newOptional, taking the target from the arena when it holds no pointers.
func (d *formDecoder) newOptional(c *codec, ptr unsafe.Pointer) unsafe.Pointer {
	if pointerFree(c.elem.kind) {
		if p := d.alloc(c.elem.size, c.elem.size); p != nil {
			*(*unsafe.Pointer)(ptr) = p
			return p
		}
	}
	return c.newOptional(ptr)
}

// makeSlice is c.makeSlice, taking the elements from the arena when they hold no pointers.
func (d *formDecoder) makeSlice(c *codec, ptr unsafe.Pointer, n int) unsafe.Pointer {
	if pointerFree(c.elem.kind) {
		if p := d.alloc(uintptr(n)*c.elem.size, c.elem.size); p != nil {
			*(*sliceHeader)(ptr) = sliceHeader{data: p, len: n, cap: n}
			return p
		}
	}
	return c.makeSlice(ptr, n)
}

// cloneBytes copies b into the arena when it has room, else into a new slice.
func (d *formDecoder) cloneBytes(b []byte) []byte {
	if p := d.alloc(uintptr(len(b)), 1); p != nil {
		out := unsafe.Slice((*byte)(p), len(b))
		copy(out, b)
		return out
	}
	return bytes.Clone(b)
}

// Byte classes for the key scanner.
const (
	clsEscape uint8 = 1 << iota // % or +: the text needs decoding
	clsOpen                     // [
	clsClose                    // ]
	clsEquals                   // =
	clsAmp                      // &: the end of the pair
)

var formClass = func() (t [256]uint8) {
	t['%'], t['+'] = clsEscape, clsEscape
	t['['], t[']'], t['='], t['&'] = clsOpen, clsClose, clsEquals, clsAmp
	return t
}()

// pair cuts the key=value pair starting at start (not at an "&") the way serde_qs's
// non-strict parser does, and returns where it ends: the index of the "&" after it, or
// the input's length. A root name goes up to "[" or "="; bracketed segments follow, and
// may contain "="; "%5B" and "%5D" act as brackets; extra "[" at a segment's start and
// stray bytes after a "]" are skipped; a key that ends without "=" has the empty value.
//
// One difference: in a segment opened by a literal "[" and closed by a literal "]" with no
// other "[" before it, %5B and %5D are escaped text, not brackets. That is the shape
// serde_qs's encoder writes for a map key holding brackets (labels[%5Bbr%5D]), which
// serde_qs's parser would mangle; sfn gives such keys back whole.
func (d *formDecoder) pair(start int) int {
	src := d.src
	pr := formPair{seg0: int32(len(d.segs))}
	k := start
	if !(src[k] == '[' || isPct(src, k, 'B')) {
		// Neither "&" nor "=" is '5', so %5B cannot straddle the pair's end.
		var cls uint8
		for ; k < len(src); k++ {
			c := formClass[src[k]]
			if c&(clsOpen|clsEquals|clsAmp) != 0 || (c == clsEscape && isPct(src, k, 'B')) {
				break
			}
			cls |= c
		}
		d.segs = append(d.segs, d.decode(start, k, cls, 0))
	}
	end := len(src)
	if k < len(src) && src[k] != '=' && src[k] != '&' {
		// Brackets: the segment scanner needs the pair's end.
		if i := bytes.IndexByte(src[k:], '&'); i >= 0 {
			end = k + i
		}
		k = d.segments(src[:end], k)
	}
	if k < len(src) && src[k] == '=' {
		var cls uint8
		e := k + 1
		for ; e < len(src); e++ {
			c := formClass[src[e]]
			if c == clsAmp {
				break
			}
			cls |= c
		}
		pr.val = d.decode(k+1, e, cls, 0)
		end = e
	} else if k < end {
		end = k
	}
	pr.nseg = int32(len(d.segs)) - pr.seg0
	d.pairs = append(d.pairs, pr)
	return end
}

// segments cuts the bracketed segments of a key from b[k] on, b ending where the pair
// does, and returns the index of the "=" that ends them, or len(b).
func (d *formDecoder) segments(b []byte, k int) int {
	for k < len(b) {
		c := b[k]
		if c == '=' {
			return k
		}
		if c != '[' && !isPct(b, k, 'B') {
			k++
			continue
		}
		literal := c == '['
		if literal {
			k++
		} else {
			k += 3
		}
		for k < len(b) && b[k] == '[' {
			k++
		}
		s := k
		closeAt, width := segmentEnd(b, s, literal)
		var cls uint8
		for _, c := range b[s:closeAt] {
			cls |= formClass[c]
		}
		var flags uint8
		if closeAt == s && width > 0 {
			flags = spanPush
		}
		d.segs = append(d.segs, d.decode(s, closeAt, cls, flags))
		k = closeAt + width
	}
	return k
}

// segmentEnd finds where the segment starting at s ends: the index of its closing bracket
// and that bracket's width (1 for "]", 3 for "%5D", 0 at the end of the key). A segment
// opened by %5B closes at the first "]" or "%5D". One opened by "[" closes at the first
// "]" unless a "[" comes before it or there is none, when the first "%5D" closes it (see
// pair).
func segmentEnd(b []byte, s int, literal bool) (int, int) {
	firstPct, sawOpen := -1, false
	for q := s; q < len(b); q++ {
		switch c := b[q]; {
		case c == ']':
			if literal && (sawOpen && firstPct >= 0) {
				return firstPct, 3
			}
			return q, 1
		case c == '[':
			sawOpen = true
		case c == '%' && firstPct < 0 && isPct(b, q, 'D'):
			if !literal {
				return q, 3
			}
			firstPct = q
		}
	}
	if firstPct >= 0 {
		return firstPct, 3
	}
	return len(b), 0
}

// isPct reports whether b[k:] starts with %5B or %5D (last is 'B' or 'D'). serde_qs
// matches these uppercase spellings only.
func isPct(b []byte, k int, last byte) bool {
	return k+2 < len(b) && b[k] == '%' && b[k+1] == '5' && b[k+2] == last
}

// decode returns the span of src[s:e] with "+" made a space and %XX escapes decoded; an
// escape that is not two hex digits stays as it is. Text needing no change (cls, the
// classes of its bytes, has no clsEscape) is left where the input has it; decoded text
// goes to d.dec, whose offsets start after the input's.
func (d *formDecoder) decode(s, e int, cls, flags uint8) span {
	if cls&clsEscape == 0 {
		return span{off: uint32(s), n: uint32(e - s), flags: flags}
	}
	raw := d.src[s:e]
	off := len(d.dec)
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			c = unhex(raw[i+1])<<4 | unhex(raw[i+2])
			i += 2
		}
		d.dec = append(d.dec, c)
	}
	return span{off: uint32(len(d.src) + off), n: uint32(len(d.dec) - off), flags: flags}
}

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// bytes returns a span's bytes, valid until the decoder is reset. They are the string's:
// read them, never write them.
func (d *formDecoder) bytes(s span) []byte {
	return d.text[s.off : s.off+s.n]
}

// str returns a span's text as a substring of the per-call string.
func (d *formDecoder) str(s span) string {
	return d.sstr[s.off : s.off+s.n]
}

// seg returns pair pi's segment at depth i.
func (d *formDecoder) seg(pi int32, i int) span {
	return d.segs[d.pairs[pi].seg0+int32(i)]
}
