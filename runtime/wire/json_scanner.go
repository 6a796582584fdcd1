package wire

import (
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The JSON scanner: strict RFC 8259 syntax, read straight off the input with no token
// stream. Syntax errors are worded as serde_json's and carry its "at line L column C"; type
// errors say what was found and what was expected, as serde does.

type jsonDecoder struct {
	data  []byte
	s     string // data as one string; unescaped strings are substrings of it
	pos   int
	depth int
	items int
	buf   []byte // unescaped text of the current string
	lim   Limits
}

var jsonDecoders = sync.Pool{New: func() any { return new(jsonDecoder) }}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// peek skips whitespace and returns the next byte, or 0 at the end of the input.
func (d *jsonDecoder) peek() byte {
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if !isSpace(c) {
			return c
		}
		d.pos++
	}
	return 0
}

func (d *jsonDecoder) syntax(msg string) error {
	line, col := 1, 0
	for _, c := range d.data[:min(d.pos+1, len(d.data))] {
		if c == '\n' {
			line, col = line+1, 0
		} else {
			col++
		}
	}
	return decodeErr(msg + " at line " + itoa(line) + " column " + itoa(col))
}

// eof words running out of input inside what, as serde_json does.
func (d *jsonDecoder) eof(what string) error {
	return d.syntax("EOF while parsing " + what)
}

// enter consumes the "[" or "{" at pos and counts the nesting.
func (d *jsonDecoder) enter() error {
	d.depth++
	if d.depth > d.lim.MaxJSONDepth {
		return limitErr("JSON nested too deep", "MaxJSONDepth", d.lim.MaxJSONDepth)
	}
	d.pos++
	return nil
}

// nextElem moves to element i of the array being read, reporting false at its end.
func (d *jsonDecoder) nextElem(i int) (bool, error) {
	c := d.peek()
	switch {
	case c == ']':
		d.pos++
		return false, nil
	case c == 0:
		return false, d.eof("a list")
	case i == 0:
		return true, nil
	case c == ',':
		d.pos++
		if d.peek() == ']' {
			return false, d.syntax("trailing comma")
		}
		return true, nil
	}
	return false, d.syntax("expected `,` or `]`")
}

// nextKey moves to the key of member i of the object being read, reporting false at its end.
func (d *jsonDecoder) nextKey(i int) (bool, error) {
	c := d.peek()
	switch {
	case c == '}':
		d.pos++
		return false, nil
	case c == 0:
		return false, d.eof("an object")
	case i > 0 && c != ',':
		return false, d.syntax("expected `,` or `}`")
	case i > 0:
		d.pos++
		c = d.peek()
		if c == '}' {
			return false, d.syntax("trailing comma")
		}
	}
	switch c {
	case '"':
		return true, nil
	case 0:
		return false, d.eof("an object")
	}
	return false, d.syntax("key must be a string")
}

func (d *jsonDecoder) colon() error {
	switch d.peek() {
	case ':':
		d.pos++
		return nil
	case 0:
		return d.eof("an object")
	}
	return d.syntax("expected `:`")
}

// scanString reads the string at pos. Its text is data[a:b] when esc is false, else d.buf.
func (d *jsonDecoder) scanString() (a, b int, esc bool, err error) {
	d.pos++
	a = d.pos
	for i := a; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			if !utf8.Valid(d.data[a:i]) {
				return 0, 0, false, d.syntax("invalid unicode code point")
			}
			return a, i, false, d.checkLen(i - a)
		case c == '\\':
			d.pos = i
			return a, 0, true, d.unescape(a)
		case c < 0x20:
			d.pos = i
			return 0, 0, false, d.syntax("control character (\\u0000-\\u001F) found while parsing a string")
		}
	}
	d.pos = len(d.data)
	return 0, 0, false, d.eof("a string")
}

func (d *jsonDecoder) checkLen(n int) error {
	if n > d.lim.MaxStringLen {
		return limitErr("string too long: "+itoa(n)+" bytes", "MaxStringLen", d.lim.MaxStringLen)
	}
	return nil
}

// unescape decodes the string starting at a, whose first escape is at pos, into d.buf.
func (d *jsonDecoder) unescape(a int) error {
	d.buf = append(d.buf[:0], d.data[a:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			if !utf8.Valid(d.buf) {
				return d.syntax("invalid unicode code point")
			}
			return d.checkLen(len(d.buf))
		case c < 0x20:
			return d.syntax("control character (\\u0000-\\u001F) found while parsing a string")
		case c != '\\':
			d.buf = append(d.buf, c)
			d.pos++
			continue
		}
		d.pos++
		if d.pos >= len(d.data) {
			break
		}
		e := d.data[d.pos]
		d.pos++
		switch e {
		case '"', '\\', '/':
			d.buf = append(d.buf, e)
		case 'b':
			d.buf = append(d.buf, '\b')
		case 'f':
			d.buf = append(d.buf, '\f')
		case 'n':
			d.buf = append(d.buf, '\n')
		case 'r':
			d.buf = append(d.buf, '\r')
		case 't':
			d.buf = append(d.buf, '\t')
		case 'u':
			r, err := d.hex4()
			if err != nil {
				return err
			}
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 || d.pos+1 >= len(d.data) || d.data[d.pos] != '\\' || d.data[d.pos+1] != 'u' {
					return d.syntax("lone leading surrogate in hex escape")
				}
				d.pos += 2
				r2, err := d.hex4()
				if err != nil {
					return err
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return d.syntax("lone leading surrogate in hex escape")
				}
			}
			d.buf = utf8.AppendRune(d.buf, r)
		default:
			d.pos--
			return d.syntax("invalid escape")
		}
	}
	return d.eof("a string")
}

func (d *jsonDecoder) hex4() (rune, error) {
	if d.pos+4 > len(d.data) {
		d.pos = len(d.data)
		return 0, d.eof("a string")
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		if !isHex(c) {
			return 0, d.syntax("invalid escape")
		}
		r = r<<4 | rune(unhex(c))
	}
	d.pos += 4
	return r, nil
}

// str reads a string value; unescaped strings cost no allocation.
func (d *jsonDecoder) str() (string, error) {
	a, b, esc, err := d.scanString()
	if err != nil {
		return "", err
	}
	if esc {
		return string(d.buf), nil
	}
	return d.s[a:b], nil
}

// strBytes reads a string, such as a key, without keeping it.
func (d *jsonDecoder) strBytes() ([]byte, error) {
	a, b, esc, err := d.scanString()
	if esc {
		return d.buf, err
	}
	return d.data[a:b], err
}

// number reads the number at pos, reporting whether it is an integer (no fraction or
// exponent); its text is d.s[a:b].
func (d *jsonDecoder) number() (a, b int, isInt bool, err error) {
	a, i, n := d.pos, d.pos, len(d.data)
	if i < n && d.data[i] == '-' {
		i++
	}
	switch {
	case i >= n:
		d.pos = n
		return 0, 0, false, d.eof("a value")
	case d.data[i] == '0':
		i++
		if i < n && isDigit(d.data[i]) {
			d.pos = i
			return 0, 0, false, d.syntax("invalid number")
		}
	case isDigit(d.data[i]):
		for i < n && isDigit(d.data[i]) {
			i++
		}
	case i == a:
		d.pos = i
		return 0, 0, false, d.syntax("expected value")
	default:
		d.pos = i
		return 0, 0, false, d.syntax("invalid number")
	}
	isInt = true
	if i < n && d.data[i] == '.' {
		isInt = false
		i++
		s := i
		for i < n && isDigit(d.data[i]) {
			i++
		}
		if i == s {
			d.pos = i
			return 0, 0, false, d.syntax("invalid number")
		}
	}
	if i < n && (d.data[i] == 'e' || d.data[i] == 'E') {
		isInt = false
		i++
		if i < n && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		s := i
		for i < n && isDigit(d.data[i]) {
			i++
		}
		if i == s {
			d.pos = i
			return 0, 0, false, d.syntax("invalid number")
		}
	}
	d.pos = i
	return a, i, isInt, nil
}

// literal reads true, false or null, whose first letter is at pos. A mismatch or the end of
// the input is reported where serde_json reports it: at the byte that differs, or at the
// last byte there is.
func (d *jsonDecoder) literal() (any, error) {
	var lit string
	var v any
	switch d.data[d.pos] {
	case 't':
		lit, v = "true", true
	case 'f':
		lit, v = "false", false
	default:
		lit = "null"
	}
	for i := 1; i < len(lit); i++ {
		j := d.pos + i
		if j >= len(d.data) {
			d.pos = j - 1
			return nil, d.eof("a value")
		}
		if d.data[j] != lit[i] {
			d.pos = j
			return nil, d.syntax("expected ident")
		}
	}
	d.pos += len(lit)
	return v, nil
}

// skip reads past one value of any shape, checking its syntax.
func (d *jsonDecoder) skip() error {
	switch d.peek() {
	case '{', '[':
		obj := d.data[d.pos] == '{'
		if err := d.enter(); err != nil {
			return err
		}
		for i := 0; ; i++ {
			var more bool
			var err error
			if obj {
				more, err = d.nextKey(i)
				if err == nil && more {
					if _, _, _, err = d.scanString(); err == nil {
						err = d.colon()
					}
				}
			} else {
				more, err = d.nextElem(i)
			}
			if err != nil {
				return err
			}
			if !more {
				break
			}
			if err := d.skip(); err != nil {
				return err
			}
		}
		d.depth--
		return nil
	case '"':
		_, _, _, err := d.scanString()
		return err
	case 't', 'f', 'n':
		_, err := d.literal()
		return err
	case 0:
		return d.eof("a value")
	}
	_, _, _, err := d.number()
	return err
}

// invalidType reports the value at pos as serde does: "invalid type: string \"x\",
// expected i32". It reads the value to describe it.
func (d *jsonDecoder) invalidType(exp string) error {
	var got string
	switch c := d.peek(); {
	case c == 0:
		return d.eof("a value")
	case c == '{':
		got = "map"
	case c == '[':
		got = "sequence"
	case c == '"':
		s, err := d.str()
		if err != nil {
			return err
		}
		got = "string " + strconv.Quote(s)
	case c == 't' || c == 'f' || c == 'n':
		v, err := d.literal()
		if err != nil {
			return err
		}
		switch v {
		case nil:
			got = "null"
		case true:
			got = "boolean `true`"
		default:
			got = "boolean `false`"
		}
	default:
		a, b, isInt, err := d.number()
		if err != nil {
			return err
		}
		if isInt {
			got = "integer `" + d.s[a:b] + "`"
		} else {
			got = "floating point `" + d.s[a:b] + "`"
		}
	}
	return decodeErr("invalid type: " + got + ", expected " + exp)
}

func (d *jsonDecoder) count(n int) error {
	d.items += n
	if d.items > d.lim.MaxItems {
		return limitErr("too many list elements and map entries", "MaxItems", d.lim.MaxItems)
	}
	return nil
}
