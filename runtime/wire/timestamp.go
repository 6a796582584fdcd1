package wire

import (
	"time"
)

// google.protobuf.Timestamp travels as chrono's DateTime<Utc> serializes with serde: an RFC
// 3339 string in UTC with "Z", fractional seconds only when non-zero and then in 3, 6 or 9
// digits (chrono's SecondsFormat::AutoSi), years outside 0..9999 with an explicit sign.
// Decoding takes any RFC 3339 offset, as chrono's DateTime<FixedOffset> parser does.

// chrono's NaiveDate covers these years.
const (
	minYear = -262144
	maxYear = 262143
)

func appendTimestamp(dst []byte, t time.Time) ([]byte, error) {
	t = t.UTC()
	year, month, day := t.Date()
	if year < minYear || year > maxYear {
		return dst, encodeErr("timestamp year " + itoa(year) + " is outside chrono's range")
	}
	if year >= 0 && year <= 9999 {
		dst = append2(dst, year/100)
		dst = append2(dst, year%100)
	} else {
		// Rust's {:+05}: a sign, then at least four digits.
		if year < 0 {
			dst = append(dst, '-')
			year = -year
		} else {
			dst = append(dst, '+')
		}
		digits := itoa(year)
		for i := len(digits); i < 4; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	}
	hour, minute, sec := t.Clock()
	dst = append(dst, '-')
	dst = append2(dst, int(month))
	dst = append(dst, '-')
	dst = append2(dst, day)
	dst = append(dst, 'T')
	dst = append2(dst, hour)
	dst = append(dst, ':')
	dst = append2(dst, minute)
	dst = append(dst, ':')
	dst = append2(dst, sec)
	if ns := t.Nanosecond(); ns != 0 {
		digits, div := 9, 1
		switch {
		case ns%1_000_000 == 0:
			digits, div = 3, 1_000_000
		case ns%1_000 == 0:
			digits, div = 6, 1_000
		}
		dst = append(dst, '.')
		v := ns / div
		var tmp [9]byte
		for i := digits - 1; i >= 0; i-- {
			tmp[i] = byte('0' + v%10)
			v /= 10
		}
		dst = append(dst, tmp[:digits]...)
	}
	return append(dst, 'Z'), nil
}

func append2(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}

// The texts of chrono's ParseError.
const (
	msgTimeInvalid  = "input contains invalid characters"
	msgTimeShort    = "premature end of input"
	msgTimeRange    = "input is out of range"
	msgTimeTrailing = "trailing input"
)

// parseTimestamp reads an RFC 3339 date and time: YYYY-MM-DD, then T, t or a space, then
// hh:mm:ss with an optional fraction (digits past the ninth are dropped, as chrono does),
// then Z, z or an offset ±hh:mm. The result is in UTC.
func parseTimestamp(s string) (time.Time, string) {
	r := tsReader{s: s}
	neg := false
	if r.i < len(s) && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		r.i++
	}
	start := r.i
	year := 0
	for r.i < len(s) && isDigit(s[r.i]) && r.i-start < 7 {
		year = year*10 + int(s[r.i]-'0')
		r.i++
	}
	if r.i-start < 4 {
		return r.fail()
	}
	if neg {
		year = -year
	}
	month, ok1 := r.sep('-', 2)
	day, ok2 := r.sep('-', 2)
	if !ok1 || !ok2 {
		return r.fail()
	}
	if r.i >= len(s) {
		return time.Time{}, msgTimeShort
	}
	switch s[r.i] {
	case 'T', 't', ' ':
		r.i++
	default:
		return time.Time{}, msgTimeInvalid
	}
	hour, ok1 := r.num(2)
	minute, ok2 := r.sep(':', 2)
	sec, ok3 := r.sep(':', 2)
	if !ok1 || !ok2 || !ok3 {
		return r.fail()
	}
	ns := 0
	if r.i < len(s) && s[r.i] == '.' {
		r.i++
		n := 0
		for r.i < len(s) && isDigit(s[r.i]) {
			if n < 9 {
				ns = ns*10 + int(s[r.i]-'0')
			}
			n++
			r.i++
		}
		if n == 0 {
			return r.fail()
		}
		for ; n < 9; n++ {
			ns *= 10
		}
	}
	if r.i >= len(s) {
		return time.Time{}, msgTimeShort
	}
	offset := 0
	switch c := s[r.i]; c {
	case 'Z', 'z':
		r.i++
	case '+', '-':
		r.i++
		oh, ok1 := r.num(2)
		om, ok2 := r.sep(':', 2)
		if !ok1 || !ok2 {
			return r.fail()
		}
		if oh > 23 || om > 59 {
			return time.Time{}, msgTimeRange
		}
		offset = oh*3600 + om*60
		if c == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, msgTimeInvalid
	}
	if r.i != len(s) {
		return time.Time{}, msgTimeTrailing
	}
	if year < minYear || year > maxYear || month < 1 || month > 12 || hour > 23 || minute > 59 || sec > 59 ||
		day < 1 || day > daysIn(year, month) {
		return time.Time{}, msgTimeRange
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ns, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), ""
}

type tsReader struct {
	s string
	i int
}

func (r *tsReader) fail() (time.Time, string) {
	if r.i >= len(r.s) {
		return time.Time{}, msgTimeShort
	}
	return time.Time{}, msgTimeInvalid
}

// num reads exactly n digits.
func (r *tsReader) num(n int) (int, bool) {
	v := 0
	for k := 0; k < n; k++ {
		if r.i >= len(r.s) || !isDigit(r.s[r.i]) {
			return 0, false
		}
		v = v*10 + int(r.s[r.i]-'0')
		r.i++
	}
	return v, true
}

// sep reads the separator c and then n digits.
func (r *tsReader) sep(c byte, n int) (int, bool) {
	if r.i >= len(r.s) || r.s[r.i] != c {
		return 0, false
	}
	r.i++
	return r.num(n)
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
