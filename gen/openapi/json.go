package openapi

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// The document is built as a tree of these values and written by write, not by
// encoding/json: objects keep the order they were built in (the schema's declaration order
// for properties and paths, sorted names where order means nothing), and text such as
// "<input>" in a doc comment stays readable instead of becoming "\u003cinput\u003e".
//
// A value is an obj, a list, a string, a bool, an int, a uint64, or nil for JSON null.
type (
	obj    []member
	list   []any
	member struct {
		key string
		val any
	}
)

// set appends key, or replaces its value when o already has it.
func (o *obj) set(key string, val any) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].val = val
			return
		}
	}
	*o = append(*o, member{key, val})
}

// get returns key's value, or nil.
func (o obj) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// write appends v as indented JSON, two spaces a level, as JSON.stringify(v, null, 2)
// writes it.
func write(b *bytes.Buffer, v any, indent int) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case string:
		writeString(b, v)
	case list:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, indent+1)
			write(b, e, indent+1)
		}
		newline(b, indent)
		b.WriteByte(']')
	case obj:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, indent+1)
			writeString(b, m.key)
			b.WriteString(": ")
			write(b, m.val, indent+1)
		}
		newline(b, indent)
		b.WriteByte('}')
	default:
		panic("openapi: cannot write a " + strconv.Quote(typeName(v)))
	}
}

func typeName(v any) string {
	switch v.(type) {
	case []any:
		return "[]any (use list)"
	case map[string]any:
		return "map (use obj)"
	}
	return "value"
}

func newline(b *bytes.Buffer, indent int) {
	b.WriteByte('\n')
	for range indent {
		b.WriteString("  ")
	}
}

// writeString writes s as a JSON string, escaping only what JSON requires.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\ufffd`)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
