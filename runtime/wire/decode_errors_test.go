package wire

import (
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Bad input, format by format: each case names the exact path and message it must give.

const baseURL = "s=hello&b=true&i32v=-42&u32v=42&i64v=-1234567890123&u64v=1234567890123&f32v=0.5&f64v=2.5&bytes=%01%02%03&opt_s=x&opt_i=-1&opt_addr[street]=PO+Box+7&opt_addr[zip]=10001&addr[street]=221B+Baker+St&addr[zip]=12345&tags[0]=red&tags[1]=green&addrs[0][street]=1+First+Ave&addrs[0][zip]=11111&nums[0]=1&nums[1]=-1&nums[2]=0&labels[env]=prod&labels[tier]=web&ids[1]=one&ids[2]=two&status=Active"

const cborBase = "b461736568656c6c6f6162f5646933327638296475333276182a64693634763b0000011f71fb04ca64753634761b0000011f71fb04cb6466333276f938006466363476f9410065627974657343010203656f70745f736178656f70745f6920686f70745f61646472a26673747265657468504f20426f782037637a69701927116461646472a2667374726565746d323231422042616b6572205374637a69701930396474616773826372656465677265656e65616464727381a2667374726565746b3120466972737420417665637a6970192b67646e756d7383012000666c6162656c73a263656e766470726f6464746965726377656263696473a201636f6e65026374776f6673746174757366416374697665657368617065f6"

const baseJSON = `{"s":"hello","b":true,"i32v":-42,"u32v":42,"i64v":-1234567890123,"u64v":1234567890123,"f32v":0.5,"f64v":2.5,"bytes":[1,2,3],"opt_s":"x","opt_i":-1,"opt_addr":{"street":"PO Box 7","zip":10001},"addr":{"street":"221B Baker St","zip":12345},"tags":["red","green"],"addrs":[{"street":"1 First Ave","zip":11111}],"nums":[1,-1,0],"labels":{"env":"prod","tier":"web"},"ids":{"1":"one","2":"two"},"status":"Active","shape":null}`

// withPairs returns baseURL with the pairs whose keys start with any of drop removed and
// extra appended.
func withPairs(drop []string, extra string) string {
	var out []string
	for _, kv := range strings.Split(baseURL, "&") {
		keep := true
		for _, d := range drop {
			if strings.HasPrefix(kv, d) {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	if extra != "" {
		out = append(out, extra)
	}
	return strings.Join(out, "&")
}

// withJSON returns baseJSON with field name's value replaced by val (or the field removed
// when val is empty).
func withJSON(name, val string) string {
	key := `"` + name + `":`
	i := strings.Index(baseJSON, key)
	j := i + len(key)
	depth := 0
	for ; j < len(baseJSON); j++ {
		switch baseJSON[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if depth < 0 || (depth == 0 && baseJSON[j] == ',') {
			break
		}
	}
	if val == "" {
		if baseJSON[j] == ',' {
			j++
		}
		return baseJSON[:i] + baseJSON[j:]
	}
	return baseJSON[:i] + key + val + baseJSON[j:]
}

type errCase struct {
	name, in   string
	msg        *Message
	path, text string
}

func runDecodeErrors(t *testing.T, dec func(*Message, []byte, any, *Limits) error, lim *Limits, cases []errCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := tc.msg
			if m == nil {
				m = everythingDesc
			}
			v := m.New()
			err := dec(m, []byte(tc.in), v, lim)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("decoding %q: err = %v, want a *DecodeError", tc.in, err)
			}
			if diff := cmp.Diff(errCase{path: tc.path, text: tc.text}, errCase{path: de.Path, text: de.Msg}, cmp.AllowUnexported(errCase{})); diff != "" {
				t.Errorf("decoding %q (-want +got):\n%s", tc.in, diff)
			}
			if !reflect.ValueOf(v).Elem().IsZero() {
				t.Errorf("a failed decode left a partial value: %+v", v)
			}
		})
	}
}

func TestFormDecodeErrors(t *testing.T) {
	t.Parallel()
	search, addTodo := searchDesc, addTodoDesc
	cases := []errCase{
		{"invalid UTF-8", "title=a%FFb", addTodo, "title", "invalid UTF-8"},
		{"missing field", "Title=x", addTodo, "", "missing field `title`"},
		{"empty body", "", addTodo, "", "missing field `title`"},
		{"repeated scalar", "title=a&title=b", addTodo, "title", `Multiple values for one key: "title"`},
		{"scalar given a map", "title[x]=a", addTodo, "title", "invalid type: map, expected a string"},
		{"bool", withPairs([]string{"b="}, "b=yes"), nil, "b", "provided string was not `true` or `false`"},
		{"bool empty", withPairs([]string{"b="}, "b="), nil, "b", "provided string was not `true` or `false`"},
		{"i32 too large", withPairs([]string{"i32v"}, "i32v=2147483648"), nil, "i32v", "number too large to fit in target type"},
		{"i32 too small", withPairs([]string{"i32v"}, "i32v=-2147483649"), nil, "i32v", "number too small to fit in target type"},
		{"i32 empty", withPairs([]string{"i32v"}, "i32v="), nil, "i32v", "cannot parse integer from empty string"},
		{"i32 plus is a space", withPairs([]string{"i32v"}, "i32v=+1"), nil, "i32v", "invalid digit found in string"},
		{"u32 negative", withPairs([]string{"u32v"}, "u32v=-1"), nil, "u32v", "invalid digit found in string"},
		{"u32 too large", withPairs([]string{"u32v"}, "u32v=4294967296"), nil, "u32v", "number too large to fit in target type"},
		{"i64 too large", withPairs([]string{"i64v"}, "i64v=9223372036854775808"), nil, "i64v", "number too large to fit in target type"},
		{"i64 too small", withPairs([]string{"i64v"}, "i64v=-9223372036854775809"), nil, "i64v", "number too small to fit in target type"},
		{"u64 too large", withPairs([]string{"u64v"}, "u64v=18446744073709551616"), nil, "u64v", "number too large to fit in target type"},
		{"float text", withPairs([]string{"f64v"}, "f64v=abc"), nil, "f64v", "invalid float literal"},
		{"float hex", withPairs([]string{"f64v"}, "f64v=0x10"), nil, "f64v", "invalid float literal"},
		{"float underscore", withPairs([]string{"f32v"}, "f32v=1_0"), nil, "f32v", "invalid float literal"},
		{"float empty", withPairs([]string{"f32v"}, "f32v="), nil, "f32v", "cannot parse float from empty string"},
		{"enum", withPairs([]string{"status"}, "status=Deleted"), nil, "status", "unknown variant `Deleted`, expected `Active` or `Archived`"},
		{"oneof variant", withPairs(nil, "shape[Square]=1"), nil, "shape", "unknown variant `Square`, expected `Circle` or `Label`"},
		{"oneof two variants", withPairs(nil, "shape[Label]=a&shape[Circle][radius]=1"), nil, "shape", "more than one variant given: `Label` and `Circle`"},
		{"oneof bare value", withPairs(nil, "shape=Circle"), nil, "shape", `invalid type: string "Circle", expected a variant and its value, as key[Variant]=value`},
		{"oneof value", withPairs(nil, "shape[Circle][radius]=x"), nil, "shape.Circle.radius", "invalid float literal"},
		{"list element field", withPairs([]string{"addrs"}, "addrs[0][street]=a&addrs[0][zip]=1&addrs[1][street]=b&addrs[1][zip]=x"), nil, "addrs[1].zip", "invalid digit found in string"},
		{"list element missing field", withPairs([]string{"addrs"}, "addrs[0][street]=a"), nil, "addrs[0]", "missing field `zip`"},
		{"list index not a number", withPairs([]string{"tags"}, "tags[x]=a"), nil, "tags", "invalid type: map, expected a sequence"},
		{"list index overflows u64", "q=z&tags[99999999999999999999]=x", search, "tags", "number too large to fit in target type"},
		{"list index not digits", "q=z&tags[1a]=x", search, "tags", "invalid digit found in string"},
		{"list mixed", "q=z&tags[]=a&tags[0]=b", search, "tags", "indexed and unindexed keys mixed in one list"},
		{"list element repeated", "q=z&tags[0]=a&tags[0]=b", search, "tags[0]", `Multiple values for one key: "0"`},
		{"list of structs unindexed", withPairs([]string{"addrs"}, "addrs[][street]=a"), nil, "addrs", "non-indexed sequence of structs not supported"},
		{"map value given a map", withPairs([]string{"labels"}, "labels[k][x]=1"), nil, `labels["k"]`, "invalid type: map, expected a string"},
		{"map int key", withPairs([]string{"ids"}, "ids[abc]=x"), nil, `ids["abc"]`, "invalid digit found in string"},
		{"map int key overflow", withPairs([]string{"ids"}, "ids[9223372036854775808]=x"), nil, `ids["9223372036854775808"]`, "number too large to fit in target type"},
		{"map int key repeated", withPairs([]string{"ids"}, "ids[1]=a&ids[01]=b"), nil, "ids[1]", `Multiple values for one key: "1"`},
		{"map given a value", withPairs([]string{"labels"}, "labels=x"), nil, "labels", `invalid type: string "x", expected a map`},
		{"struct given a value", withPairs([]string{"addr"}, "addr=x"), nil, "addr", `invalid type: string "x", expected struct Address`},
		{"nested missing field", withPairs([]string{"addr[zip]"}, ""), nil, "addr", "missing field `zip`"},
		{"optional struct missing field", withPairs([]string{"opt_addr[zip]"}, ""), nil, "opt_addr", "missing field `zip`"},
		{"depth past the limit", withPairs(nil, "addr[a][b][c][d][e]=1"), nil, "addr", "key nested too deep: 6 segments (Limits.MaxFormDepth = 5)"},
		{"encoded brackets count too", withPairs(nil, "addr%5Ba%5D%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D=1"), nil, "addr", "key nested too deep: 6 segments (Limits.MaxFormDepth = 5)"},
		{"string too long", "title=" + strings.Repeat("x", DefaultMaxStringLen+1), addTodo, "title", "string too long: 1048577 bytes (Limits.MaxStringLen = 1048576)"},
		{"too many keys", strings.Repeat("k=1&", DefaultMaxFormKeys) + "title=x", addTodo, "", "too many form keys (Limits.MaxFormKeys = 1000)"},
		{"input too large", strings.Repeat("x", DefaultMaxBytes+1), addTodo, "", "input too large: 4194305 bytes (Limits.MaxBytes = 4194304)"},
	}
	runDecodeErrors(t, UnmarshalForm, nil, cases)
}

func TestFormDecodeLimits(t *testing.T) {
	t.Parallel()
	lim := &Limits{MaxFormDepth: 2, MaxItems: 3, MaxFormKeys: 10, MaxBytes: 200}
	runDecodeErrors(t, UnmarshalForm, lim, []errCase{
		{"depth", withPairs(nil, "")[:0] + "title=x&title[a][b]=1", addTodoDesc, "title", "key nested too deep: 3 segments (Limits.MaxFormDepth = 2)"},
		{"items", "q=x&tags[0]=a&tags[1]=b&tags[2]=c&tags[3]=d", searchDesc, "tags", "too many list elements and map entries (Limits.MaxItems = 3)"},
		{"keys", strings.Repeat("a=1&", 11), addTodoDesc, "", "too many form keys (Limits.MaxFormKeys = 10)"},
		{"bytes", strings.Repeat("a", 201), addTodoDesc, "", "input too large: 201 bytes (Limits.MaxBytes = 200)"},
	})
}

func TestJSONDecodeErrors(t *testing.T) {
	t.Parallel()
	addTodo := addTodoDesc
	cases := []errCase{
		{"empty", "", addTodo, "", "EOF while parsing a value at line 1 column 0"},
		{"missing field", "{}", addTodo, "", "missing field `title`"},
		{"duplicate field", `{"title":"a","title":"b"}`, addTodo, "", "duplicate field `title`"},
		{"trailing", `{"title":"a"} x`, addTodo, "", "trailing characters at line 1 column 15"},
		{"not an object", `[]`, addTodo, "", "invalid type: sequence, expected struct AddTodo"},
		{"wrong type", `{"title":1}`, addTodo, "title", "invalid type: integer `1`, expected a string"},
		{"null string", `{"title":null}`, addTodo, "title", "invalid type: null, expected a string"},
		{"bad escape", `{"title":"\x"}`, addTodo, "title", "invalid escape at line 1 column 12"},
		{"lone surrogate", `{"title":"\ud800"}`, addTodo, "title", "lone leading surrogate in hex escape at line 1 column 17"},
		{"control character", "{\"title\":\"a\nb\"}", addTodo, "title", "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0"},
		{"invalid UTF-8", "{\"title\":\"a\xffb\"}", addTodo, "title", "invalid unicode code point at line 1 column 15"},
		{"unclosed", `{"title":"a"`, addTodo, "", "EOF while parsing an object at line 1 column 12"},
		{"trailing comma", `{"title":"a",}`, addTodo, "", "trailing comma at line 1 column 14"},
		{"key not a string", `{title:"a"}`, addTodo, "", "key must be a string at line 1 column 2"},
		{"i32 out of range", withJSON("i32v", "2147483648"), nil, "i32v", "invalid value: integer `2147483648`, expected i32"},
		{"i32 fraction", withJSON("i32v", "1.5"), nil, "i32v", "invalid type: floating point `1.5`, expected i32"},
		{"i64 exponent", withJSON("i64v", "1e3"), nil, "i64v", "invalid type: floating point `1e3`, expected i64"},
		{"i64 minus zero", withJSON("i64v", "-0"), nil, "i64v", "invalid type: floating point `-0`, expected i64"},
		{"u32 negative", withJSON("u32v", "-1"), nil, "u32v", "invalid value: integer `-1`, expected u32"},
		{"u64 past 64 bits", withJSON("u64v", "18446744073709551616"), nil, "u64v", "invalid type: floating point `18446744073709551616`, expected u64"},
		{"u64 string", withJSON("u64v", `"1"`), nil, "u64v", `invalid type: string "1", expected u64`},
		{"leading zero", withJSON("u64v", "01"), nil, "u64v", "invalid number at line 1 column 74"},
		{"f64 null", withJSON("f64v", "null"), nil, "f64v", "invalid type: null, expected f64"},
		{"f32 null", withJSON("f32v", "null"), nil, "f32v", "invalid type: null, expected f32"},
		{"f64 out of range", withJSON("f64v", "1e400"), nil, "f64v", "number out of range at line 1 column 110"},
		{"bool", withJSON("b", "1"), nil, "b", "invalid type: integer `1`, expected a boolean"},
		{"bytes element", withJSON("bytes", "[1,256]"), nil, "bytes[1]", "invalid value: integer `256`, expected u8"},
		{"bytes as a bool", withJSON("bytes", `true`), nil, "bytes", "invalid type: boolean `true`, expected byte array"},
		{"enum", withJSON("status", `"Deleted"`), nil, "status", "unknown variant `Deleted`, expected `Active` or `Archived`"},
		{"oneof variant", withJSON("shape", `{"Square":1}`), nil, "shape", "unknown variant `Square`, expected `Circle` or `Label`"},
		{"oneof two variants", withJSON("shape", `{"Label":"a","Circle":{"radius":1}}`), nil, "shape", "expected `}` after the variant's value: a oneof holds one variant at line 1 column 428"},
		{"oneof bare name", withJSON("shape", `"Circle"`), nil, "shape", "invalid type: unit variant, expected newtype variant"},
		{"oneof value", withJSON("shape", `{"Circle":{"radius":"x"}}`), nil, "shape.Circle.radius", `invalid type: string "x", expected f64`},
		{"list element", withJSON("addrs", `[{"street":"a","zip":1},{"street":"b","zip":-1}]`), nil, "addrs[1].zip", "invalid value: integer `-1`, expected u32"},
		{"list missing", withJSON("tags", ""), nil, "", "missing field `tags`"},
		{"list null", withJSON("tags", "null"), nil, "tags", "invalid type: null, expected a sequence"},
		{"map value", withJSON("labels", `{"k":1}`), nil, `labels["k"]`, "invalid type: integer `1`, expected a string"},
		{"map int key", withJSON("ids", `{"x":"y"}`), nil, `ids["x"]`, "invalid digit found in string"},
		{"map duplicate key", withJSON("ids", `{"1":"a","01":"b"}`), nil, `ids["01"]`, "duplicate key"},
		{"nested missing", withJSON("addr", `{"street":"a"}`), nil, "addr", "missing field `zip`"},
		{"nested duplicate", withJSON("addr", `{"street":"a","zip":1,"zip":2}`), nil, "addr", "duplicate field `zip`"},
		{"unknown field still checked", `{"title":"a","x":[1,}`, addTodo, "", "expected value at line 1 column 21"},
		{"depth", `{"title":"a","x":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`, addTodo, "", "JSON nested too deep (Limits.MaxJSONDepth = 127)"},
		{"string too long", `{"title":"` + strings.Repeat("x", DefaultMaxStringLen+1) + `"}`, addTodo, "title", "string too long: 1048577 bytes (Limits.MaxStringLen = 1048576)"},
		{"unit wants null", "{}", UnitMessage, "", "invalid type: map, expected unit"},
	}
	runDecodeErrors(t, UnmarshalJSON, nil, cases)
}

func TestCBORDecodeErrors(t *testing.T) {
	t.Parallel()
	addTodo := addTodoDesc
	title := "657469746c65" // "title"
	base := cborBase
	with := func(key, old, repl string) string {
		k := hex.EncodeToString(appendCBORText(nil, key))
		i := strings.Index(base, k+old)
		return base[:i] + k + repl + base[i+len(k)+len(old):]
	}
	cases := []errCase{
		{"empty", "", addTodo, "", "unexpected end of input"},
		{"truncated", base[:len(base)-20], nil, "status", "unexpected end of input"},
		{"truncated in a key", base[:len(base)-14], nil, "", "unexpected end of input"},
		{"trailing", "a1" + title + "6178" + "00", addTodo, "", "1 trailing bytes after the value"},
		{"indefinite map", "bf" + title + "6178ff", addTodo, "", "indefinite-length items are not accepted"},
		{"indefinite text", "a1" + title + "7f6178ff", addTodo, "title", "indefinite-length items are not accepted"},
		{"duplicate field", "a2" + title + "6178" + title + "6179", addTodo, "", "duplicate field `title`"},
		{"missing field", "a0", addTodo, "", "missing field `title`"},
		{"not a map", "80", addTodo, "", "invalid type: sequence, expected struct AddTodo"},
		{"wrong type", "a1" + title + "01", addTodo, "title", "invalid type: integer `1`, expected a string"},
		{"invalid UTF-8", "a1" + title + "62ff00", addTodo, "title", "invalid UTF-8"},
		{"reserved info", "a1" + title + "7c", addTodo, "title", "invalid CBOR: reserved additional information 28"},
		{"i32 out of range", with("i32v", "3829", "1a80000000"), nil, "i32v", "invalid value: integer `2147483648`, expected i32"},
		{"i32 below range", with("i32v", "3829", "3a80000000"), nil, "i32v", "invalid value: integer `-2147483649`, expected i32"},
		{"i64 out of range", with("i64v", "3b0000011f71fb04ca", "1b8000000000000000"), nil, "i64v", "integer too large"},
		{"u32 negative", with("u32v", "182a", "20"), nil, "u32v", "unexpected negative integer"},
		{"u32 out of range", with("u32v", "182a", "1b0000000100000000"), nil, "u32v", "invalid value: integer `4294967296`, expected u32"},
		{"u64 negative", with("u64v", "1b0000011f71fb04cb", "20"), nil, "u64v", "unexpected negative integer"},
		{"float given an integer", with("f64v", "f94100", "02"), nil, "f64v", "invalid type: integer `2`, expected f64"},
		{"bool given null", with("b", "f5", "f6"), nil, "b", "invalid type: null, expected a boolean"},
		{"bytes element", with("bytes", "43010203", "8218ff190100"), nil, "bytes[1]", "invalid value: integer `256`, expected u8"},
		{"enum", with("status", "66416374697665", "6744656c65746564"), nil, "status", "unknown variant `Deleted`, expected `Active` or `Archived`"},
		{"oneof two entries", with("shape", "f6", "a2654c6162656c6161654c6162656c6162"), nil, "shape", "invalid length 2, expected a map of one variant and its value"},
		{"oneof bare name", with("shape", "f6", "654c6162656c"), nil, "shape", "invalid type: unit variant, expected newtype variant"},
		{"oneof variant", with("shape", "f6", "a16653717561726501"), nil, "shape", "unknown variant `Square`, expected `Circle` or `Label`"},
		{"list element", with("addrs", "81a2667374726565746b3120466972737420417665637a6970192b67", "81a2667374726565746b3120466972737420417665637a697020"), nil, "addrs[0].zip", "unexpected negative integer"},
		{"map duplicate key", with("ids", "a201636f6e65026374776f", "a201636f6e6501636f6e65"), nil, "ids[1]", "duplicate key"},
		{"map key type", with("ids", "a201636f6e65026374776f", "a16131636f6e65"), nil, "ids[key]", "invalid type: string, expected i64"},
		{"huge array", with("tags", "826372656465677265656e", "9b7fffffffffffffff"), nil, "tags", "CBOR length too large: 9223372036854775807 (Limits.MaxCBORLen = 100000)"},
		{"array longer than input", with("tags", "826372656465677265656e", "9a0000ffff"), nil, "tags", "unexpected end of input"},
		{"text longer than input", "a1" + title + "7a7fffffff", addTodo, "title", "unexpected end of input"},
		{"depth", "a2" + title + "6178" + "6178" + strings.Repeat("81", 200) + "00", addTodo, "", "CBOR nested too deep (Limits.MaxCBORDepth = 128)"},
		{"unknown field checked", "a2" + title + "6178" + "6178" + "62ff00", addTodo, "", "invalid UTF-8"},
		{"break outside", "a1" + title + "ff", addTodo, "title", "unexpected break"},
		{"unit wants null", "a0", UnitMessage, "", "invalid type: map, expected unit"},
	}
	for i := range cases {
		b, err := hex.DecodeString(cases[i].in)
		if err != nil {
			t.Fatalf("%s: %v", cases[i].name, err)
		}
		cases[i].in = string(b)
	}
	runDecodeErrors(t, UnmarshalCBOR, nil, cases)
}

// TestCBORLenient: what ciborium reads beyond what it writes, sfn reads too.
func TestCBORLenient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		m    *Message
		hex  string
		want any
	}{
		{"long integer", searchDesc, "a3617161786470616765" + "1b0000000000000002" + "647461677380", &Search{Q: "x", Page: ptrTo(uint32(2))}},
		{"text key in a longer head", addTodoDesc, "a1" + "7805" + "7469746c65" + "6178", &AddTodo{Title: "x"}},
		{"float in a longer width", typedVectors["Circle"], "a166726164697573" + "fb3ff0000000000000", &Circle{Radius: 1}},
		{"half float", typedVectors["Circle"], "a166726164697573" + "f93e00", &Circle{Radius: 1.5}},
		{"tags skipped", addTodoDesc, "a1657469746c65" + "d8206178", &AddTodo{Title: "x"}},
		{"bignum", searchDesc, "a3617161786470616765" + "c2420002" + "647461677380", &Search{Q: "x", Page: ptrTo(uint32(2))}},
		{"undefined is None", searchDesc, "a3617161786470616765" + "f7" + "647461677380", &Search{Q: "x"}},
		{"bytes key for a field", addTodoDesc, "a1" + "457469746c65" + "6178", &AddTodo{Title: "x"}},
		{"unknown fields skipped", addTodoDesc, "a2" + "617a" + "a16161826001" + "657469746c656178", &AddTodo{Title: "x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := hex.DecodeString(tc.hex)
			if err != nil {
				t.Fatal(err)
			}
			got := tc.m.New()
			if err := UnmarshalCBOR(tc.m, b, got, nil); err != nil {
				t.Fatalf("UnmarshalCBOR(%s): %v", tc.hex, err)
			}
			if diff := cmp.Diff(tc.want, got, cmpOpts...); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	var bytesVal Everything
	base, _ := hex.DecodeString(strings.Replace(cborBase, "6562797465734301020"+"3", "656279746573"+"83010203", 1))
	if err := UnmarshalCBOR(everythingDesc, base, &bytesVal, nil); err != nil || string(bytesVal.Bytes) != "\x01\x02\x03" {
		t.Errorf("bytes as an array of integers: %q, %v", bytesVal.Bytes, err)
	}
}

func ptrTo[T any](v T) *T { return &v }

func TestSmallLimits(t *testing.T) {
	t.Parallel()
	runDecodeErrors(t, UnmarshalJSON, &Limits{MaxBytes: 8}, []errCase{
		{"json bytes", `{"title":"a"}`, addTodoDesc, "", "input too large: 13 bytes (Limits.MaxBytes = 8)"},
	})
	runDecodeErrors(t, UnmarshalCBOR, &Limits{MaxBytes: 8}, []errCase{
		{"cbor bytes", "\xa1\x65title\x63abc", addTodoDesc, "", "input too large: 11 bytes (Limits.MaxBytes = 8)"},
	})
	lim := &Limits{MaxJSONDepth: 2, MaxCBORDepth: 2, MaxCBORLen: 2, MaxItems: 2, MaxStringLen: 5}
	runDecodeErrors(t, UnmarshalJSON, lim, []errCase{
		{"json string", `{"title":"abcdef"}`, addTodoDesc, "title", "string too long: 6 bytes (Limits.MaxStringLen = 5)"},
		{"json depth", `{"title":"a","x":[[1]]}`, addTodoDesc, "", "JSON nested too deep (Limits.MaxJSONDepth = 2)"},
		{"json items", `{"q":"a","page":null,"tags":["a","b","c"]}`, searchDesc, "tags", "too many list elements and map entries (Limits.MaxItems = 2)"},
	})
	runDecodeErrors(t, UnmarshalCBOR, lim, []errCase{
		{"cbor string", "\xa1\x65title\x66abcdef", addTodoDesc, "title", "string too long: 6 bytes (Limits.MaxStringLen = 5)"},
		{"cbor depth", "\xa2\x65title\x61a\x61x\x81\x81\x00", addTodoDesc, "", "CBOR nested too deep (Limits.MaxCBORDepth = 2)"},
		{"cbor length", "\xa3\x61q\x61a\x64page\xf6\x64tags\x83\x61a\x61b\x61c", searchDesc, "", "CBOR length too large: 3 (Limits.MaxCBORLen = 2)"},
	})
}
