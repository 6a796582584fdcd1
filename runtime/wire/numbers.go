package wire

import (
	"math"
	"strconv"
)

// Numbers are written and read the way the Rust side does it, since byte-exact form and
// CBOR output and same-error decoding depend on it: Rust's Display for form values, ryu's
// layout (serde_json) for JSON, Rust's str::parse rules for form values and JSON map keys.

// The texts of Rust's ParseIntError, ParseFloatError and ParseBoolError, which serde_qs
// passes through as its error messages.
const (
	msgIntEmpty    = "cannot parse integer from empty string"
	msgIntInvalid  = "invalid digit found in string"
	msgIntTooLarge = "number too large to fit in target type"
	msgIntTooSmall = "number too small to fit in target type"
	msgFloatEmpty  = "cannot parse float from empty string"
	msgFloatBad    = "invalid float literal"
	msgBool        = "provided string was not `true` or `false`"
)

func itoa(n int) string { return strconv.Itoa(n) }

// appendRustFloat writes f as Rust's Display does: the shortest digits that round-trip at
// the given width, never an exponent, and NaN, inf, -inf, -0 as Rust spells them.
func appendRustFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

// appendJSONNumber writes f as serde_json writes a float: NaN and the infinities as null
// (which JSON has no number for), any other as appendJSONFloat does.
func appendJSONNumber(dst []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	return appendJSONFloat(dst, f, bits)
}

// appendJSONBytes writes b as serde_bytes writes it to JSON: an array of numbers.
func appendJSONBytes(dst, b []byte) []byte {
	dst = append(dst, '[')
	for i, x := range b {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, uint64(x), 10)
	}
	return append(dst, ']')
}

// appendJSONFloat writes a finite f as serde_json does (through ryu): "1.0", "0.1", "1e21",
// "1e-7", "1.5e300". The digits are Go's shortest round-trip digits; the layout is ryu's,
// which differs between f64 and f32 only in where it switches to an exponent.
func appendJSONFloat(dst []byte, f float64, bits int) []byte {
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'e', -1, bits)
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	e := 0
	for s[e] != 'e' {
		e++
	}
	exp, _ := strconv.Atoi(string(s[e+1:]))
	var dig [24]byte
	digits := append(dig[:0], s[0])
	if e > 1 {
		digits = append(digits, s[2:e]...)
	}
	n := len(digits)
	kk := exp + 1 // the decimal point sits after digit kk
	maxInt, minFrac := 16, -5
	if bits == 32 {
		maxInt, minFrac = 13, -6
	}
	switch {
	case kk >= n && kk <= maxInt:
		dst = append(dst, digits...)
		for i := n; i < kk; i++ {
			dst = append(dst, '0')
		}
		return append(dst, ".0"...)
	case kk > 0 && kk <= maxInt:
		dst = append(dst, digits[:kk]...)
		dst = append(dst, '.')
		return append(dst, digits[kk:]...)
	case kk > minFrac && kk <= 0:
		dst = append(dst, "0."...)
		for i := kk; i < 0; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[0])
	if n > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, int64(kk-1), 10)
}

// parseRustUint parses b as Rust's str::parse for an unsigned integer of the given width:
// an optional "+", then ASCII digits, checked left to right.
func parseRustUint(b []byte, max uint64) (uint64, string) {
	if len(b) == 0 {
		return 0, msgIntEmpty
	}
	if b[0] == '+' {
		if len(b) == 1 {
			return 0, msgIntInvalid
		}
		b = b[1:]
	}
	var v uint64
	for _, c := range b {
		d := uint64(c - '0')
		if d > 9 {
			return 0, msgIntInvalid
		}
		if v > (max-d)/10 {
			return 0, msgIntTooLarge
		}
		v = v*10 + d
	}
	return v, ""
}

// parseRustInt parses b as Rust's str::parse for a signed integer in [min, max].
func parseRustInt(b []byte, min, max int64) (int64, string) {
	if len(b) == 0 {
		return 0, msgIntEmpty
	}
	neg := false
	switch b[0] {
	case '+', '-':
		if len(b) == 1 {
			return 0, msgIntInvalid
		}
		neg = b[0] == '-'
		b = b[1:]
	}
	if !neg {
		v, msg := parseRustUint(b, uint64(max))
		return int64(v), msg
	}
	limit := uint64(-(min + 1)) + 1 // |min| without overflowing
	var v uint64
	for _, c := range b {
		d := uint64(c - '0')
		if d > 9 {
			return 0, msgIntInvalid
		}
		if v > (limit-d)/10 {
			return 0, msgIntTooSmall
		}
		v = v*10 + d
	}
	return int64(-v), ""
}

// parseRustFloat parses s as Rust's str::parse::<f64> (or f32, by bits) does: an optional
// sign, then decimal digits with an optional point and exponent, or inf, infinity or nan
// in any case. strconv alone would also take hex floats and underscores.
func parseRustFloat(s string, bits int) (float64, string) {
	if s == "" {
		return 0, msgFloatEmpty
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i = 1
	}
	rest := s[i:]
	switch {
	case equalFold(rest, "inf"), equalFold(rest, "infinity"):
		if s[0] == '-' {
			return math.Inf(-1), ""
		}
		return math.Inf(1), ""
	case equalFold(rest, "nan"):
		return math.NaN(), ""
	}
	if !decimalLiteral(rest) {
		return 0, msgFloatBad
	}
	// Out of range is no error in Rust: overflow gives an infinity and underflow zero,
	// which is what strconv returns alongside its range error.
	f, _ := strconv.ParseFloat(s, bits)
	return f, ""
}

// decimalLiteral reports whether s is digits[.digits][(e|E)[sign]digits] with at least one
// digit before the exponent.
func decimalLiteral(s string) bool {
	i, n := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i++
		n++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			n++
		}
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// float16Bits returns the IEEE 754 half-precision encoding of f when f converts to half
// precision and back without loss (NaN excluded), as ciborium checks before choosing the
// shortest float width.
func float16Bits(f float64) (uint16, bool) {
	bits := math.Float64bits(f)
	sign := uint16(bits>>48) & 0x8000
	a := math.Abs(f)
	switch {
	case a == 0:
		return sign, true
	case math.IsInf(f, 0):
		return sign | 0x7c00, true
	case a >= 65520 || a < 0x1p-24:
		return 0, false
	}
	frac, exp := math.Frexp(a) // a = frac * 2^exp, frac in [0.5, 1)
	e := exp - 1               // a = (2*frac) * 2^e
	if e >= -14 {
		m := (2*frac - 1) * 1024
		if m != math.Trunc(m) {
			return 0, false
		}
		return sign | uint16(e+15)<<10 | uint16(m), true
	}
	m := a * (1 << 24) // subnormal: a = m * 2^-24
	if m != math.Trunc(m) || m >= 1024 {
		return 0, false
	}
	return sign | uint16(m), true
}

// float16Value converts half-precision bits to float64.
func float16Value(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	e := int(h>>10) & 0x1f
	m := float64(h & 0x3ff)
	switch e {
	case 0:
		return sign * math.Ldexp(m, -24)
	case 0x1f:
		if m != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1+m/1024, e-15)
}
