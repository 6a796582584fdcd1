package codectest

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"time"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// Values makes random values of messages, by their descriptors, leaning on the edges the
// codecs treat specially: escapes, invalid UTF-8, integer limits, NaN, infinities and -0,
// timestamps at each precision and outside chrono's years, invalid enum names, nil and
// empty collections.
type Values struct {
	rnd   *rand.Rand
	depth int
}

// NewValues returns a maker of random values drawn from rnd.
func NewValues(rnd *rand.Rand) *Values { return &Values{rnd: rnd} }

func (g *Values) one(n int) bool { return g.rnd.IntN(n) == 0 }

// Fill sets every field of v, a struct of m's Go type, to a random value.
func (g *Values) Fill(m *wire.Message, v reflect.Value) {
	g.depth++
	defer func() { g.depth-- }()
	for _, f := range m.Fields {
		fv := v.FieldByName(f.GoName)
		if f.Oneof == nil {
			g.Value(f.Type, fv)
			continue
		}
		k := g.rnd.IntN(len(f.Oneof.Variants) + 1)
		if k == len(f.Oneof.Variants) || g.depth > 3 {
			fv.SetZero()
			continue
		}
		vr := f.Oneof.Variants[k]
		w := reflect.New(vr.GoType).Elem()
		g.Value(vr.Type, w.Field(0))
		fv.Set(w)
	}
}

var strs = []string{"", "a", "Buy milk", " ", "a b&c=d", "k[0]", "100%", "+", "\"q\"\\", "\n\t\r\x00\x1f\x7f",
	"é", "日本語", "😀", "\u2028", "*-._~!$'()", "[]{}", "\xff", "a\xc3", "null", "1e5"}

// String returns a random string, invalid UTF-8 now and then.
func (g *Values) String() string {
	s := ""
	for range g.rnd.IntN(3) {
		s += strs[g.rnd.IntN(len(strs))]
	}
	if g.one(3) {
		for range g.rnd.IntN(6) {
			s += string(rune(g.rnd.IntN(0x11000)))
		}
	}
	return s
}

func (g *Values) uint(bits int) uint64 {
	edges := []uint64{0, 1, 2, 23, 24, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, 1<<53 + 1, math.MaxInt64, math.MaxUint64}
	var v uint64
	if g.one(2) {
		v = edges[g.rnd.IntN(len(edges))]
	} else {
		v = g.rnd.Uint64() >> g.rnd.IntN(64)
	}
	if bits == 32 {
		v = uint64(uint32(v))
	}
	return v
}

func (g *Values) int(bits int) int64 {
	v := int64(g.uint(64))
	if g.one(2) {
		v = -v
	}
	if g.one(8) {
		v = math.MinInt64
	}
	if bits == 32 {
		v = int64(int32(v))
	}
	return v
}

func (g *Values) float() float64 {
	edges := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 1e21, 1e-7, 1e16, 1e15, 123456789012345680,
		math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64, 65504, 65520, 5.960464477539063e-8,
		math.MaxFloat32, 3.4028235e38 * 2, 1e-45}
	if g.one(2) {
		return edges[g.rnd.IntN(len(edges))]
	}
	if g.one(2) {
		return float64(g.rnd.IntN(2000)-1000) / float64(1+g.rnd.IntN(64))
	}
	return math.Float64frombits(g.rnd.Uint64())
}

// Time returns a random timestamp, in a random zone, at second, milli, micro or nano
// precision, and now and then outside chrono's years.
func (g *Values) Time() time.Time {
	years := []int{1970, 2024, 0, 1, 9999, 10000, -1, -262144, 262143, 262144, -262145}
	year := 1 + g.rnd.IntN(9999)
	if g.one(4) {
		year = years[g.rnd.IntN(len(years))]
	}
	ns := 0
	switch g.rnd.IntN(4) {
	case 1:
		ns = g.rnd.IntN(1000) * 1e6
	case 2:
		ns = g.rnd.IntN(1e6) * 1e3
	case 3:
		ns = g.rnd.IntN(1e9)
	}
	zone := time.UTC
	if g.one(3) {
		zone = time.FixedZone("z", (g.rnd.IntN(48)-24)*1800)
	}
	return time.Date(year, time.Month(1+g.rnd.IntN(12)), 1+g.rnd.IntN(31), g.rnd.IntN(24), g.rnd.IntN(60), g.rnd.IntN(60), ns, zone)
}

// JSON returns a random google.protobuf.Value.
func (g *Values) JSON(depth int) any {
	n := 6
	if depth > 2 {
		n = 4
	}
	switch g.rnd.IntN(n) {
	case 0:
		return nil
	case 1:
		return g.one(2)
	case 2:
		return g.String()
	case 3:
		switch g.rnd.IntN(4) {
		case 0:
			return g.int(64)
		case 1:
			return g.uint(64)
		case 2:
			return float32(g.float())
		}
		return g.float()
	case 4:
		var l []any
		for range g.rnd.IntN(3) {
			l = append(l, g.JSON(depth+1))
		}
		return l
	}
	return g.Object(depth + 1)
}

// Object returns a random google.protobuf.Struct.
func (g *Values) Object(depth int) map[string]any {
	if g.one(4) {
		return nil
	}
	m := map[string]any{}
	for range g.rnd.IntN(3) {
		m[g.String()] = g.JSON(depth)
	}
	return m
}

// Value sets v, of t's Go type, to a random value.
func (g *Values) Value(t *wire.Type, v reflect.Value) {
	switch t.Kind {
	case wire.KindString:
		v.SetString(g.String())
	case wire.KindBool:
		v.SetBool(g.one(2))
	case wire.KindInt32:
		v.SetInt(g.int(32))
	case wire.KindInt64:
		v.SetInt(g.int(64))
	case wire.KindUint32:
		v.SetUint(g.uint(32))
	case wire.KindUint64:
		v.SetUint(g.uint(64))
	case wire.KindFloat32:
		v.SetFloat(float64(float32(g.float())))
	case wire.KindFloat64:
		v.SetFloat(g.float())
	case wire.KindBytes:
		if g.one(4) {
			return
		}
		b := []byte{}
		for range g.rnd.IntN(5) {
			b = append(b, byte(g.rnd.IntN(256)))
		}
		v.SetBytes(b)
	case wire.KindEnum:
		names := t.Enum.Values
		if g.one(12) {
			names = slices.Concat(names, []string{"", "bogus"})
		}
		v.SetString(names[g.rnd.IntN(len(names))])
	case wire.KindMessage:
		if g.depth > 4 {
			return
		}
		g.Fill(t.Message, v)
	case wire.KindOptional:
		if g.one(3) || g.depth > 3 {
			return
		}
		p := reflect.New(v.Type().Elem())
		g.Value(t.Elem, p.Elem())
		v.Set(p)
	case wire.KindList:
		if g.one(4) || g.depth > 3 {
			if g.one(2) {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		n := g.rnd.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			g.Value(t.Elem, s.Index(i))
		}
		v.Set(s)
	case wire.KindMap:
		if g.one(4) {
			return
		}
		m := reflect.MakeMap(v.Type())
		for range g.rnd.IntN(4) {
			k := reflect.New(v.Type().Key()).Elem()
			g.Value(t.Key, k)
			e := reflect.New(v.Type().Elem()).Elem()
			g.Value(t.Elem, e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case wire.KindTimestamp:
		v.Set(reflect.ValueOf(g.Time()))
	case wire.KindJSONValue:
		if x := g.JSON(0); x != nil {
			v.Set(reflect.ValueOf(x))
		}
	case wire.KindJSONObject:
		v.Set(reflect.ValueOf(g.Object(0)))
	default:
		panic("codectest: no random value of kind " + t.Kind.String())
	}
}

var snippets = map[string][]string{
	"json": {"null", ",", "}", "]", "{", "[", `"x":1,`, `"zz":[1,{"a":null}],`, "1e400", "-0", "0.5", `"\ud800"`, `"\u00e9"`,
		"18446744073709551616", "-9223372036854775809", "true", `""`, " ", "\n", `"2024-01-02T03:04:05Z"`, `{"circle":`, `"label"`},
	"cbor": {"\xf6", "\xf7", "\xa0", "\x80", "\xc2\x41\x01", "\xc3\x41\x01", "\x1b\xff\xff\xff\xff\xff\xff\xff\xff", "\x3b\x80\x00\x00\x00\x00\x00\x00\x00",
		"\xf9\x7e\x00", "\xfa\x3f\xc0\x00\x00", "\x9f", "\xff", "\x5f", "\x61\xff", "\x64name", "\x81\x18\x2a", "\xc1\x00", "\xf8\x10", "\x18"},
}

// Mutations returns n inputs made from data by cutting, flipping, deleting and inserting
// bytes and format-specific snippets, and by turning bytes into text (retext).
func Mutations(rnd *rand.Rand, format string, data []byte, n int) [][]byte {
	var out [][]byte
	for range n {
		b := append([]byte(nil), data...)
		for range 1 + rnd.IntN(2) {
			i := 0
			if len(b) > 0 {
				i = rnd.IntN(len(b) + 1)
			}
			switch rnd.IntN(6) {
			case 0:
				b = b[:i]
			case 1:
				if i < len(b) {
					b[i] = byte(rnd.IntN(256))
				}
			case 2:
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			case 3:
				s := snippets[format][rnd.IntN(len(snippets[format]))]
				b = append(b[:i], append([]byte(s), b[i:]...)...)
			case 4:
				if i < len(b) {
					b[i] ^= 1 << rnd.IntN(8)
				}
			case 5:
				b = retext(format, b, i)
			}
		}
		out = append(out, b)
	}
	return out
}

// retext turns the first byte value at or after i into text, as a bytes field also
// decodes (SPEC 4.2, 4.3): in JSON an array of numbers becomes a string with an escape, in
// CBOR a byte string's head becomes a text string's (its bytes may not be UTF-8).
func retext(format string, b []byte, i int) []byte {
	if format == "cbor" {
		for ; i < len(b); i++ {
			if b[i]&0xe0 == 0x40 && b[i]&0x1f < 24 {
				b[i] ^= 0x20
				break
			}
		}
		return b
	}
	for ; i < len(b); i++ {
		if b[i] != '[' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] == ',' || b[j] >= '0' && b[j] <= '9') {
			j++
		}
		if j < len(b) && b[j] == ']' {
			return append(b[:i], append([]byte(`"a\u00e9\ud83c\udf89"`), b[j+1:]...)...)
		}
	}
	return b
}
