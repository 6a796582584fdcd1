package casegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// The serde reference vectors (shared/vectors/serde-reference.json): values of the types
// of shared/vectors/vectors.sfn with the exact bytes serde_qs, serde_json and ciborium
// write for them, and form inputs with what serde_qs decodes them to.

type vectorFile struct {
	Encode []*encodeVector `json:"encode"`
	Decode []*decodeVector `json:"decode"`
}

type encodeVector struct {
	Name         string          `json:"name"`
	Type         string          `json:"type"`
	Value        json.RawMessage `json:"value"`
	URL          string          `json:"url"`
	JSON         string          `json:"json"`
	CBORHex      string          `json:"cbor_hex"`
	Note         string          `json:"note"`
	URLRoundtrip *struct {
		OK    json.RawMessage `json:"ok"`
		Error string          `json:"error"`
	} `json:"url_roundtrip"`
	JSONRoundtrip *struct {
		Error string `json:"error"`
	} `json:"json_roundtrip"`
}

type decodeVector struct {
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	URL   string          `json:"url"`
	OK    json.RawMessage `json:"ok"`
	Error string          `json:"error"`
	Note  string          `json:"note"`
	SFN   *struct {
		OK          json.RawMessage `json:"ok"`
		OKFields    json.RawMessage `json:"ok_fields"`
		Error       string          `json:"error"`
		Unspecified bool            `json:"unspecified"`
		Why         string          `json:"why"`
	} `json:"sfn"`
}

func loadVectors(shared string) (*vectorFile, error) {
	data, err := os.ReadFile(filepath.Join(shared, "vectors", "serde-reference.json"))
	if err != nil {
		return nil, err
	}
	var v vectorFile
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("serde-reference.json: %v", err)
	}
	return &v, nil
}

// encoding is how a function's arguments and result travel (SPEC section 3).
type encoding int

const (
	encURL encoding = iota
	encGetJSON
	encCBOR
	encGetCBOR
	encJSON
)

func (e encoding) form() bool       { return e == encURL || e == encGetJSON || e == encGetCBOR }
func (e encoding) cborResult() bool { return e == encCBOR || e == encGetCBOR }

// fn is a function of conformance.sfn that a vector's type is the arguments of.
type fn struct {
	name, path string
	enc        encoding
}

// request is the request a client sends for args in the vector's encoding.
func (f fn) request(v *encodeVector) *conformance.Request {
	switch f.enc {
	case encURL:
		return postForm(f.path, v.URL)
	case encGetJSON:
		return getJSON(f.path, v.URL)
	case encGetCBOR:
		return getCBOR(f.path, v.URL)
	case encCBOR:
		return postCBOR(f.path, v.CBORHex)
	}
	return postJSON(f.path, v.JSON)
}

// Functions by argument type. Address and Circle are no function's arguments.
var (
	everythingFns = []fn{
		{"echo_url", "/api/echo_url", encURL},
		{"echo_get_json", "/api/echo_get_json", encGetJSON},
		{"echo_cbor", "/api/echo_cbor", encCBOR},
		{"echo_get_cbor", "/api/echo_get_cbor", encGetCBOR},
		{"echo_json", "/api/echo_json", encJSON},
	}
	addTodoFns = []fn{
		{"add_todo", "/api/add_todo", encURL},
		{"shout", "/api/types/shout", encURL},
		{"hashed_url", "/api/hashed_url1942854594425574928", encURL},
		{"hashed_cbor", "/v2/hashed_cbor1942854594425574928", encCBOR},
	}
	searchFns = []fn{{"search", "/api/search", encGetJSON}}
	emptyFns  = []fn{
		{"ping", "/api/ping", encGetJSON},
		{"nothing_url", "/api/nothing_url", encURL},
		{"nothing_get_cbor", "/api/nothing_get_cbor", encGetCBOR},
		{"nothing_cbor", "/api/nothing_cbor", encCBOR},
		{"nothing_json", "/api/nothing_json", encJSON},
	}
)

func fnsOf(typ string) []fn {
	switch typ {
	case "Everything":
		return everythingFns
	case "AddTodo":
		return addTodoFns
	case "Search":
		return searchFns
	case "Empty":
		return emptyFns
	}
	return nil
}

// formDifference is how sfn's form decoder treats an encode vector whose url serde_qs
// does not decode back to its value (url_roundtrip): every such vector must be listed.
type formDifference struct {
	// decoded is "value" when sfn decodes the url to the vector's value, "roundtrip"
	// when to serde_qs's url_roundtrip result, "unspecified" when SPEC leaves the
	// server's answer open (the cases are then for clients only).
	decoded string
	// leptos is false when sfn deliberately answers otherwise than Leptos.
	leptos bool
	note   string
}

var formDifferences = map[string]formDifference{
	"everything_bytes_00_ff": {"value", false,
		"SPEC 4.1: a bytes field takes the raw bytes; serde_qs decodes them as lossy UTF-8, so Leptos echoes EF BF BD for FF"},
	"everything_opt_s_empty_opt_i_zero": {"roundtrip", true,
		`SPEC 4.1: form encoding cannot tell Some("") from None: opt_s= decodes as None, so opt_s comes back null`},
	"everything_empty_collections": {"value", false,
		"SPEC 4.1: a missing list or map field is empty; serde_qs (and so Leptos) fails with missing field `tags`"},
	"search_page_none_tags_empty": {"value", false,
		"SPEC 4.1: a missing list field is empty; serde_qs (and so Leptos) fails with missing field `tags`"},
	"everything_ids_negative_keys": {"value", false,
		"an integer-keyed map takes negative and digit-first keys alike (the vectors' sfn annotation on ids_mixed_sign_keys); serde_qs fails"},
	"everything_labels_escaped_keys": {"unspecified", true,
		"serde_qs cannot decode the bracketed keys it writes here, and SPEC leaves a server's answer open: clients only (they must send exactly these bytes)"},
}

// decodedForm returns what sfn's form decoder makes of v.URL, and how that differs.
func decodedForm(v *encodeVector) (json.RawMessage, formDifference) {
	if v.URLRoundtrip == nil {
		return v.Value, formDifference{decoded: "value", leptos: true}
	}
	d, ok := formDifferences[v.Name]
	if !ok {
		panic(fmt.Sprintf("encode vector %s: url_roundtrip %s, but formDifferences does not say what sfn does", v.Name, mustJSON(v.URLRoundtrip)))
	}
	if d.decoded == "roundtrip" {
		return v.URLRoundtrip.OK, d
	}
	return v.Value, d
}

// optSEmptyToNull is everything_opt_s_empty_opt_i_zero's CBOR change once opt_s comes
// back None: the text "opt_s" followed by "" (60) becomes "opt_s" followed by null (f6).
const optSEmptyCBOR, optSNullCBOR = "656f70745f7360", "656f70745f73f6"

// outcome is a function's answer to decoded arguments: a JSON or CBOR body and the
// client's result, or an error.
type outcome struct {
	jsonBody string // for JSON results
	cborHex  string // for CBOR results
	result   json.RawMessage
	err      *conformance.ErrorValue
}

// answer returns f's answer to args (decoded arguments) of vector v; cborHex is v's
// arguments in CBOR when they are also the echo's result.
func answer(f fn, args json.RawMessage, cborHex string) outcome {
	switch f.name {
	case "echo_url", "echo_get_json", "echo_cbor", "echo_get_cbor", "echo_json":
		return outcome{jsonBody: compact(args), cborHex: cborHex, result: args}
	case "add_todo", "hashed_url", "hashed_cbor":
		title := stringField(args, "title")
		if f.name == "add_todo" && strings.TrimSpace(title) == "" {
			return outcome{err: serverError(500, "title must not be empty")}
		}
		n := len(title)
		return outcome{jsonBody: strconv.Itoa(n), cborHex: cborUint(uint64(n)), result: raw(strconv.Itoa(n))}
	case "shout":
		s := jsonString(stringField(args, "title"))
		return outcome{jsonBody: s, result: raw(s)}
	case "search":
		s := jsonString(searchText(args))
		return outcome{jsonBody: s, result: raw(s)}
	case "ping", "nothing_url", "nothing_get_cbor", "nothing_cbor", "nothing_json":
		return outcome{jsonBody: "null", cborHex: "f6", result: raw("null")}
	}
	panic("answer: unknown function " + f.name)
}

// response is the outcome as f answers it.
func (o outcome) response(f fn) *conformance.Response {
	switch {
	case o.err != nil:
		return failed(o.err.Status, f.path, o.err.Tag+"|"+o.err.Message)
	case f.enc.cborResult():
		if o.cborHex == "" {
			panic("no CBOR answer for " + f.name)
		}
		return okCBOR(o.cborHex)
	}
	return okJSON(o.jsonBody)
}

// encodeCases turns every encode vector into a case for each function taking its type.
func encodeCases(vf *vectorFile) []*conformance.Case {
	var out []*conformance.Case
	for _, v := range vf.Encode {
		for _, f := range fnsOf(v.Type) {
			out = append(out, encodeCase(v, f))
		}
		if v.Name == "everything_base" {
			out = append(out, bytesAsArray(v))
			out = append(out, bytesAsText(v)...)
		}
	}
	return out
}

// bytesAsArray is everything_base sent to echo_cbor with its bytes field as an array of
// integers, which SPEC 4.3 says decoders also accept (serde_bytes reads a sequence): the
// answer is the vector's CBOR, bytes as a byte string.
func bytesAsArray(v *encodeVector) *conformance.Case {
	const str, arr = "6562797465734301 0203", "65627974657383010203" // "bytes": h'010203' / [1, 2, 3]
	s := strings.ReplaceAll(str, " ", "")
	if strings.Count(v.CBORHex, s) != 1 {
		panic("everything_base's CBOR does not hold its bytes as expected")
	}
	f := everythingFns[2]
	return &conformance.Case{
		Name:     "encodings/echo_cbor/everything_base_bytes_as_array",
		Source:   "serde-reference encode everything_base",
		Note:     "SPEC 4.3: a bytes field also decodes from an array of integers",
		Request:  postCBOR(f.path, strings.Replace(v.CBORHex, s, arr, 1)),
		Response: okCBOR(v.CBORHex),
	}
}

// bytesAsText is everything_base with its bytes field as a text string, which SPEC 4.3
// says decoders also accept (its UTF-8 bytes; h'010203' is the text "\x01\x02\x03"): sent
// to echo_cbor, the answer is the vector's CBOR, bytes as a byte string; answered to a
// client, the result is the vector's value.
func bytesAsText(v *encodeVector) []*conformance.Case {
	const str, text = "6562797465734301 0203", "65627974657363010203" // "bytes": h'010203' / "\x01\x02\x03"
	s := strings.ReplaceAll(str, " ", "")
	if strings.Count(v.CBORHex, s) != 1 {
		panic("everything_base's CBOR does not hold its bytes as expected")
	}
	f := everythingFns[2]
	withText := strings.Replace(v.CBORHex, s, text, 1)
	const note = "SPEC 4.3: a bytes field also decodes from a text string, its UTF-8 bytes"
	return []*conformance.Case{{
		Name:   "encodings/echo_cbor/everything_base_bytes_as_text",
		Source: "serde-reference encode everything_base",
		Note: note + "; ciborium itself refuses text for bytes (its deserialize_byte_buf takes a byte string or an array), " +
			"so a Leptos server answers Deserialization",
		Request:  postCBOR(f.path, withText),
		Response: okCBOR(v.CBORHex),
		Leptos:   ptr(false),
	}, {
		Name:     "encodings/echo_cbor/everything_base_bytes_result_as_text",
		Source:   "serde-reference encode everything_base",
		Note:     note,
		Server:   ptr(false),
		Call:     &conformance.Call{Function: f.name, Args: v.Value},
		Request:  postCBOR(f.path, v.CBORHex),
		Response: okCBOR(withText),
		Result:   v.Value,
	}}
}

func encodeCase(v *encodeVector, f fn) *conformance.Case {
	c := &conformance.Case{
		Name:    "encodings/" + f.name + "/" + v.Name,
		Source:  "serde-reference encode " + v.Name,
		Note:    v.Note,
		Request: f.request(v),
	}
	args, diff := v.Value, formDifference{decoded: "value", leptos: true}
	cborHex := v.CBORHex
	if f.enc.form() {
		args, diff = decodedForm(v)
		if diff.decoded == "roundtrip" {
			if strings.Count(cborHex, optSEmptyCBOR) != 1 || v.Name != "everything_opt_s_empty_opt_i_zero" {
				cborHex = "" // no CBOR answer known for this change
			} else {
				cborHex = strings.Replace(cborHex, optSEmptyCBOR, optSNullCBOR, 1)
			}
		}
	}
	c.Note = joinNotes(c.Note, diff.note)
	if !diff.leptos {
		c.Leptos = ptr(false)
	}
	lossy := v.JSONRoundtrip != nil // NaN or an infinity: the JSON mapping cannot hold the arguments
	if lossy && f.enc == encJSON {
		// serde_json wrote null for the float, which no f32 or f64 field takes back.
		c.Response = badArgs(f.path, "Deserialization|"+v.JSONRoundtrip.Error)
		c.Note = joinNotes(c.Note, "the JSON arguments hold null for a float field: a decode failure")
		return c
	}
	o := answer(f, args, cborHex)
	c.Response = o.response(f)
	if lossy {
		// Arguments the JSON mapping cannot express make no client case.
		return c
	}
	c.Call = &conformance.Call{Function: f.name, Args: v.Value}
	if o.err != nil {
		c.Error = o.err
	} else {
		c.Result = o.result
	}
	if diff.decoded == "unspecified" {
		c.Server = ptr(false)
	}
	if needsInt64(c.Call.Args) || needsInt64(c.Result) {
		c.Requires = []string{"int64"}
	}
	return c
}

// decodeCases turns every decode vector into server cases of the functions taking its
// type: those that decode go to encodings, those that must fail to bad-input.
func decodeCases(vf *vectorFile) (good, bad []*conformance.Case) {
	var minimal json.RawMessage
	for _, v := range vf.Decode {
		if v.Name == "everything_minimal_ok" {
			minimal = v.OK
		}
	}
	for _, v := range vf.Decode {
		for _, f := range fnsOf(v.Type) {
			if f.enc != encURL && f.enc != encGetJSON {
				continue // the form functions with JSON results
			}
			c, ok := decodeCase(v, f, minimal)
			switch {
			case c == nil:
			case ok:
				good = append(good, c)
			default:
				bad = append(bad, c)
			}
		}
	}
	return good, bad
}

// decodeCase is the case for decode vector v sent to f, and whether it decodes; nil when
// SPEC leaves the answer open.
func decodeCase(v *decodeVector, f fn, minimal json.RawMessage) (*conformance.Case, bool) {
	c := &conformance.Case{Source: "serde-reference decode " + v.Name, Note: v.Note}
	switch f.enc {
	case encURL:
		c.Request = postForm(f.path, v.URL)
	case encGetJSON:
		c.Request = getJSON(f.path, v.URL)
	default:
		panic("decodeCase: " + f.name)
	}
	decoded, failure := v.OK, v.Error
	if s := v.SFN; s != nil {
		switch {
		case s.Unspecified:
			return nil, false
		case s.Error != "":
			decoded, failure = nil, s.Error
		case s.OK != nil:
			decoded, failure = s.OK, ""
		case s.OKFields != nil:
			base := v.OK
			if base == nil {
				// serde_qs failed; the other fields are everything_minimal_ok's, whose
				// url this one only changes in the listed fields.
				base = minimal
			}
			decoded, failure = merge(base, s.OKFields), ""
		}
		c.Leptos = ptr(false)
		c.Note = joinNotes(c.Note, s.Why)
	}
	if failure != "" {
		c.Name = "bad-input/decode/" + v.Name + "/" + f.name
		c.Response = badArgs(f.path, "Args|"+failure)
		return c, false
	}
	c.Name = "encodings/decode/" + v.Name + "/" + f.name
	c.Response = answer(f, decoded, "").response(f)
	return c, true
}

// Helpers.

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func compact(r json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, r); err != nil {
		panic(err)
	}
	return buf.String()
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

func stringField(obj json.RawMessage, name string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		panic(err)
	}
	var s string
	if err := json.Unmarshal(m[name], &s); err != nil {
		panic(fmt.Sprintf("field %s of %s: %v", name, obj, err))
	}
	return s
}

// searchText is the Echo search function's answer, Rust's
// format!("q={q:?} page={page:?} tags={tags:?}"), for the ASCII arguments of the vectors.
func searchText(args json.RawMessage) string {
	var a struct {
		Q    string   `json:"q"`
		Page *uint32  `json:"page"`
		Tags []string `json:"tags"`
	}
	if err := json.Unmarshal(args, &a); err != nil {
		panic(err)
	}
	page := "None"
	if a.Page != nil {
		page = "Some(" + strconv.FormatUint(uint64(*a.Page), 10) + ")"
	}
	tags := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		tags[i] = rustDebugASCII(t)
	}
	return "q=" + rustDebugASCII(a.Q) + " page=" + page + " tags=[" + strings.Join(tags, ", ") + "]"
}

// rustDebugASCII is Rust's {:?} of a printable ASCII string; anything else is a mistake
// here, as Rust escapes some non-ASCII characters by its own Unicode tables.
func rustDebugASCII(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			panic(fmt.Sprintf("rustDebugASCII: %q", s))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// cborUint is the CBOR head of an unsigned integer, in the shortest form (RFC 8949 3.1).
func cborUint(n uint64) string {
	switch {
	case n < 24:
		return fmt.Sprintf("%02x", n)
	case n < 1<<8:
		return fmt.Sprintf("18%02x", n)
	case n < 1<<16:
		return fmt.Sprintf("19%04x", n)
	case n < 1<<32:
		return fmt.Sprintf("1a%08x", n)
	}
	return fmt.Sprintf("1b%016x", n)
}

// merge returns the object base with the members of fields replacing its own, in base's
// member order.
func merge(base, fields json.RawMessage) json.RawMessage {
	var repl map[string]json.RawMessage
	if err := json.Unmarshal(fields, &repl); err != nil {
		panic(err)
	}
	d := json.NewDecoder(bytes.NewReader(base))
	d.UseNumber()
	var buf bytes.Buffer
	buf.WriteByte('{')
	if _, err := d.Token(); err != nil {
		panic(err)
	}
	for i := 0; d.More(); i++ {
		k, err := d.Token()
		if err != nil {
			panic(err)
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			panic(err)
		}
		if r, ok := repl[k.(string)]; ok {
			v = r
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(jsonString(k.(string)) + ":" + compact(v))
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

var intToken = regexp.MustCompile(`^-?[0-9]+$`)

// needsInt64 reports whether v holds an integer beyond ±2^53, as a number or as the key
// of an integer-keyed map, which a JavaScript number cannot hold exactly.
func needsInt64(v json.RawMessage) bool {
	if v == nil {
		return false
	}
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	for {
		t, err := d.Token()
		if err != nil {
			return false
		}
		var s string
		switch x := t.(type) {
		case json.Number:
			s = string(x)
		case string:
			s = x
		default:
			continue
		}
		if intToken.MatchString(s) && beyond53(s) {
			return true
		}
	}
}

func beyond53(s string) bool {
	s = strings.TrimPrefix(s, "-")
	n, err := strconv.ParseUint(s, 10, 64)
	return err != nil || n > 1<<53
}
