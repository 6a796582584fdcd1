package wire

import (
	"bytes"
	"sync"
)

// The form decoder works as serde_qs does, in two steps: split the input into pairs whose
// keys are cut into segments, then walk the plan, grouping the pairs by segment at each
// level (form_decode.go). Unlike serde_qs it builds no tree of maps: the pairs and
// segments live in flat slices reused across calls, each level only sorts pair indices,
// and every decoded string is a substring of one of two strings made per call.

// span is a piece of the input (or, when decoded, of the buffer of percent-decoded text).
type span struct {
	off, n uint32
	flags  uint8
}

const (
	spanDecoded uint8 = 1 << iota // the bytes are in formDecoder.dec, not the input
	spanPush                      // the segment was "[]": append, or the empty map key
)

type formPair struct {
	seg0, nseg int32 // the key's segments are segs[seg0 : seg0+nseg]
	val        span
	tmp        int32 // scratch for the walk: the field or variant a pair belongs to
}

type formDecoder struct {
	src     []byte
	sstr    string // src as one string, so undecoded values are substrings of it
	dec     []byte // percent-decoded keys and values
	dstr    string // dec as one string
	pairs   []formPair
	segs    []span
	scratch []int32  // ranges of pair indices, used as a stack
	ents    []keyEnt // list indices and map keys being sorted, used as a stack
	lim     Limits
	items   int
}

var formDecoders = sync.Pool{New: func() any { return new(formDecoder) }}

func (d *formDecoder) reset() {
	d.src, d.sstr, d.dstr = nil, "", ""
	d.dec = d.dec[:0]
	d.pairs = d.pairs[:0]
	d.segs = d.segs[:0]
	d.scratch = d.scratch[:0]
	clear(d.ents)
	d.ents = d.ents[:0]
	d.items = 0
}

// parse splits data into pairs at "&", skipping empty ones.
func (d *formDecoder) parse(data []byte) error {
	d.src = data
	d.sstr = string(data)
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '&')
		if end < 0 {
			end = len(data)
		} else {
			end += i
		}
		if end > i {
			if len(d.pairs) >= d.lim.MaxFormKeys {
				return limitErr("too many form keys", "MaxFormKeys", d.lim.MaxFormKeys)
			}
			d.pair(i, end)
		}
		i = end + 1
	}
	if len(d.dec) > 0 {
		d.dstr = string(d.dec)
	}
	return nil
}

// pair cuts one key=value pair into segments the way serde_qs's non-strict parser does: a
// root name up to "[" or "=", then bracketed segments that may contain "="; "%5B" and
// "%5D" act as brackets where a key starts a segment with them; extra "[" at a segment's
// start and stray bytes after a "]" are skipped; a key that ends without "=" has the empty
// value. Inside a segment opened by a literal "[", %5B and %5D are ordinary escaped text,
// so the keys serde_qs's encoder writes for map keys holding brackets come back whole.
func (d *formDecoder) pair(start, end int) {
	b := d.src[:end]
	pr := formPair{seg0: int32(len(d.segs))}
	k := start
	if !(b[k] == '[' || isPct(b, k, 'B')) {
		for k < end && b[k] != '[' && b[k] != '=' && !isPct(b, k, 'B') {
			k++
		}
		d.segs = append(d.segs, d.decode(start, k, 0))
	}
	for k < end {
		c := b[k]
		if c == '=' {
			pr.val = d.decode(k+1, end, 0)
			break
		}
		if c != '[' && !isPct(b, k, 'B') {
			k++
			continue
		}
		alt := c != '[' // opened by %5B: %5D closes it too
		if alt {
			k += 3
		} else {
			k++
		}
		for k < end && b[k] == '[' {
			k++
		}
		s := k
		for k < end && b[k] != ']' && !(alt && isPct(b, k, 'D')) {
			k++
		}
		var flags uint8
		if k == s && k < end {
			flags = spanPush
		}
		d.segs = append(d.segs, d.decode(s, k, flags))
		switch {
		case k >= end:
		case b[k] == ']':
			k++
		default:
			k += 3
		}
	}
	pr.nseg = int32(len(d.segs)) - pr.seg0
	d.pairs = append(d.pairs, pr)
}

// isPct reports whether b[k:] starts with %5B or %5D (last is 'B' or 'D'). serde_qs
// matches these uppercase spellings only.
func isPct(b []byte, k int, last byte) bool {
	return k+2 < len(b) && b[k] == '%' && b[k+1] == '5' && b[k+2] == last
}

// decode returns the span of src[s:e] with "+" made a space and %XX escapes decoded; an
// escape that is not two hex digits stays as it is. Text needing no change stays in src.
func (d *formDecoder) decode(s, e int, flags uint8) span {
	raw := d.src[s:e]
	plain := true
	for _, c := range raw {
		if c == '%' || c == '+' {
			plain = false
			break
		}
	}
	if plain {
		return span{off: uint32(s), n: uint32(e - s), flags: flags}
	}
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
	return span{off: uint32(off), n: uint32(len(d.dec) - off), flags: flags | spanDecoded}
}

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c|0x20 - 'a' + 10
}

// bytes returns a span's bytes, valid until the decoder is reset.
func (d *formDecoder) bytes(s span) []byte {
	if s.flags&spanDecoded != 0 {
		return d.dec[s.off : s.off+s.n]
	}
	return d.src[s.off : s.off+s.n]
}

// str returns a span's text as a substring of one of the per-call strings.
func (d *formDecoder) str(s span) string {
	if s.flags&spanDecoded != 0 {
		return d.dstr[s.off : s.off+s.n]
	}
	return d.sstr[s.off : s.off+s.n]
}

// seg returns pair pi's segment at depth i.
func (d *formDecoder) seg(pi int32, i int) span {
	return d.segs[d.pairs[pi].seg0+int32(i)]
}
