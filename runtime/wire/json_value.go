package wire

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// google.protobuf.Value and Struct are serde_json::Value and Map: free-form JSON. In Go a
// Value is an any holding nil, bool, string, a number, []any or map[string]any, and a Struct
// is a map[string]any. Decoded numbers keep their exactness: an integer literal becomes an
// int64 (or a uint64 above MaxInt64), anything else a float64, as serde_json's Number does.

func (e *jsonEncoder) any(v any) error {
	if e.depth++; e.depth > maxEncodeDepth {
		return tooDeep()
	}
	defer func() { e.depth-- }()
	switch x := v.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case bool:
		e.buf = strconv.AppendBool(e.buf, x)
	case string:
		if !utf8.ValidString(x) {
			return encodeErr("string is not valid UTF-8")
		}
		e.buf = appendJSONString(e.buf, x)
	case float64:
		e.float(x, 64)
	case float32:
		e.float(float64(x), 32)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case int8:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case int16:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case int32:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case int64:
		e.buf = strconv.AppendInt(e.buf, x, 10)
	case uint:
		e.buf = strconv.AppendUint(e.buf, uint64(x), 10)
	case uint8:
		e.buf = strconv.AppendUint(e.buf, uint64(x), 10)
	case uint16:
		e.buf = strconv.AppendUint(e.buf, uint64(x), 10)
	case uint32:
		e.buf = strconv.AppendUint(e.buf, uint64(x), 10)
	case uint64:
		e.buf = strconv.AppendUint(e.buf, x, 10)
	case []any:
		e.buf = append(e.buf, '[')
		for i, el := range x {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.any(el); err != nil {
				return atIndex(err, i)
			}
		}
		e.buf = append(e.buf, ']')
	case map[string]any:
		return e.object(x)
	default:
		return encodeErr("a google.protobuf.Value cannot hold a " + reflect.TypeOf(v).String())
	}
	return nil
}

// object writes a JSON object with its keys sorted, as serde_json's Map (a BTreeMap) does.
func (e *jsonEncoder) object(m map[string]any) error {
	if m == nil {
		e.buf = append(e.buf, "{}"...)
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	order := sortedOrder(nil, len(keys), func(a, b int32) int { return strings.Compare(keys[a], keys[b]) })
	e.buf = append(e.buf, '{')
	for i, j := range order {
		k := keys[j]
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if !utf8.ValidString(k) {
			return atKey(encodeErr("map key is not valid UTF-8"), quoteKey(k))
		}
		e.buf = appendJSONString(e.buf, k)
		e.buf = append(e.buf, ':')
		if err := e.any(m[k]); err != nil {
			return atKey(err, quoteKey(k))
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// anyValue decodes one JSON value of any shape.
func (d *jsonDecoder) anyValue() (any, error) {
	switch d.peek() {
	case '{':
		return d.object()
	case '[':
		if err := d.enter(); err != nil {
			return nil, err
		}
		var out []any
		for i := 0; ; i++ {
			more, err := d.nextElem(i)
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
			if err := d.count(1); err != nil {
				return nil, err
			}
			v, err := d.anyValue()
			if err != nil {
				return nil, atIndex(err, i)
			}
			out = append(out, v)
		}
		d.depth--
		if out == nil {
			out = []any{}
		}
		return out, nil
	case '"':
		return d.str()
	case 't', 'f', 'n':
		return d.literal()
	}
	a, b, isInt, err := d.number()
	if err != nil {
		return nil, err
	}
	tok := d.s[a:b]
	if isInt && tok != "-0" { // serde_json reads -0 as a float
		if v, err := strconv.ParseInt(tok, 10, 64); err == nil {
			return v, nil
		}
		if v, err := strconv.ParseUint(tok, 10, 64); err == nil {
			return v, nil
		}
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, d.syntax("number out of range")
	}
	return f, nil
}

// object decodes a JSON object into a map[string]any, refusing duplicate keys.
func (d *jsonDecoder) object() (map[string]any, error) {
	if d.peek() != '{' {
		return nil, d.invalidType("a map")
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for i := 0; ; i++ {
		more, err := d.nextKey(i)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		if err := d.colon(); err != nil {
			return nil, err
		}
		if _, dup := out[k]; dup {
			return nil, atKey(decodeErr("duplicate key"), quoteKey(k))
		}
		if err := d.count(1); err != nil {
			return nil, err
		}
		v, err := d.anyValue()
		if err != nil {
			return nil, atKey(err, quoteKey(k))
		}
		out[k] = v
	}
	d.depth--
	return out, nil
}
