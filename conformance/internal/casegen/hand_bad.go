package casegen

import (
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of arguments that must not decode: form arguments give 400 Args,
// JSON and CBOR ones 400 Deserialization (SPEC 5), the message being the decoder's own.

// notLeptos400 is SPEC 5's status for arguments that do not decode, which Build adds to
// every case answered so (markBadArgs).
const notLeptos400 = "SPEC 5: arguments that do not decode are 400 (Leptos answers 500)"

// badArgs is the answer to arguments that do not decode: 400, compared by the tag of body.
func badArgs(path, body string) *conformance.Response { return failedTag(400, path, body) }

// markBadArgs marks every case answered 400 Args or Deserialization as differing from
// Leptos, which answers such requests 500 with the same body (SPEC 9).
func markBadArgs(cases []*conformance.Case) {
	for _, c := range cases {
		if c.Response == nil || c.Response.Status != 400 || c.Response.Text == nil {
			continue
		}
		if tag, _, _ := strings.Cut(*c.Response.Text, "|"); tag != "Args" && tag != "Deserialization" {
			continue
		}
		c.Leptos = ptr(false)
		if !strings.Contains(c.Note, notLeptos400) {
			c.Note = joinNotes(c.Note, notLeptos400)
		}
	}
}

// minimalEverythingForm is a form of Everything with every required field, the decode
// vector everything_minimal_ok's.
const minimalEverythingForm = "s=hi&b=true&i32v=-1&u32v=1&i64v=-2&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&tags[0]=t&addrs[0][street]=A&addrs[0][zip]=2&nums[0]=3&labels[k]=v&ids[1]=one&status=Active"

func handBadInput() []*conformance.Case {
	form := func(name, note, path, body string) *conformance.Case {
		return serverCase("bad-input/form/"+name, note, postForm(path, body), badArgs(path, "Args|"))
	}
	query := func(name, note, path, q string) *conformance.Case {
		return serverCase("bad-input/form/"+name, note, getJSON(path, q), badArgs(path, "Args|"))
	}
	jsonCase := func(name, note, path, body string) *conformance.Case {
		return serverCase("bad-input/json/"+name, note, postJSON(path, body), badArgs(path, "Deserialization|"))
	}
	jsonHex := func(name, note, path, h string) *conformance.Case {
		r := postJSON(path, "")
		r.Body = hexBody(h)
		return serverCase("bad-input/json/"+name, note, r, badArgs(path, "Deserialization|"))
	}
	cbor := func(name, note, path, h string) *conformance.Case {
		return serverCase("bad-input/cbor/"+name, note, postCBOR(path, h), badArgs(path, "Deserialization|"))
	}
	const (
		scalarsJSON = typesPath + "scalars_json"
		kindsJSON   = typesPath + "kinds_json"
		kindsURL    = typesPath + "kinds_url"
	)
	kinds := func(at, displayName, level string) string {
		return `{"at":` + at + `,"maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,` + displayName +
			`,"level":` + level + `,"levels":[],"maybe_level":null,"inner":{"values":[],"next":null},"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":null}`
	}
	return []*conformance.Case{
		form("uint_not_a_number", "", failPath, "status=abc&message=x"),
		form("uint_negative", "", failPath, "status=-1&message=x"),
		form("uint_overflow", "u32 is at most 4294967295", failPath, "status=4294967296&message=x"),
		form("uint_fraction", "", failPath, "status=1.5&message=x"),
		form("uint_empty", "k= is None only for an optional field", failPath, "status=&message=x"),
		form("missing_required", "", failPath, "message=x"),
		form("bool_uppercase", "bools are only true and false", "/api/echo_url", minimalEverythingForm+"&b=TRUE"),
		form("enum_wrong_case", "", "/api/echo_url", "s=hi&b=true&i32v=-1&u32v=1&i64v=-2&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&status=active"),
		form("enum_schema_name_of_renamed_value", "Level's values are low and HIGH on the wire",
			kindsURL, "at=1970-01-01T00%3A00%3A00Z&displayName=&level=LEVEL_HIGH&inner[values][0]=1"),
		form("oneof_two_variants", "a oneof holds one variant", "/api/echo_url",
			"s=hi&b=true&i32v=-1&u32v=1&i64v=-2&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&status=Active&shape[Circle][radius]=1&shape[Label]=x"),
		form("oneof_unknown_variant", "", "/api/echo_url",
			"s=hi&b=true&i32v=-1&u32v=1&i64v=-2&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&status=Active&shape[Square][side]=1"),
		form("string_given_a_map", "", addTodoPath, "title[a]=x"),
		form("timestamp_not_rfc3339", "", kindsURL, "at=yesterday&displayName=&level=low&inner[values][0]=1"),
		form("int32_overflow", "", "/api/echo_url",
			"s=hi&b=true&i32v=2147483648&u32v=1&i64v=-2&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&status=Active"),
		form("int64_overflow", "", "/api/echo_url",
			"s=hi&b=true&i32v=1&u32v=1&i64v=9223372036854775808&u64v=2&f32v=0.25&f64v=0.75&bytes=ab&addr[street]=Main&addr[zip]=1&status=Active"),
		query("get_uint_not_a_number", "", "/api/types/count_to", "n=three"),
		query("get_repeated_scalar", "", "/api/search", "q=a&q=b"),

		jsonCase("empty_body", "", redirectJSONPath, ""),
		jsonCase("missing_field", "", redirectJSONPath, "{}"),
		jsonCase("wrong_type", "", redirectJSONPath, `{"location":5}`),
		jsonCase("null_for_string", "null is None only for an optional field", redirectJSONPath, `{"location":null}`),
		jsonCase("duplicate_field", "", redirectJSONPath, `{"location":"/a","location":"/b"}`),
		jsonCase("trailing_comma", "", redirectJSONPath, `{"location":"/a",}`),
		jsonCase("trailing_characters", "", redirectJSONPath, `{"location":"/a"} x`),
		jsonCase("form_body", "the body is decoded by the function's encoding", redirectJSONPath, "location=%2Fa"),
		jsonCase("single_quotes", "", redirectJSONPath, `{'location':'/a'}`),
		jsonCase("lone_surrogate", "a \\u escape of half a surrogate pair is not a character", redirectJSONPath, `{"location":"\ud800"}`),
		jsonHex("invalid_utf8", "", redirectJSONPath, "7b226c6f636174696f6e223a22ff227d"),
		jsonCase("int32_overflow", "", scalarsJSON, `{"s32":2147483648,"sf32":0,"f32":0,"s64":0,"sf64":0,"f64":0,"fl":0,"db":0,"dbs":[],"blobs":[]}`),
		jsonCase("uint_negative", "", scalarsJSON, `{"s32":0,"sf32":0,"f32":-1,"s64":0,"sf64":0,"f64":0,"fl":0,"db":0,"dbs":[],"blobs":[]}`),
		jsonCase("float_for_int", "serde_json does not read 1.5 or 1.0 as an integer", scalarsJSON,
			`{"s32":1.0,"sf32":0,"f32":0,"s64":0,"sf64":0,"f64":0,"fl":0,"db":0,"dbs":[],"blobs":[]}`),
		jsonCase("uint64_overflow", "", scalarsJSON, `{"s32":0,"sf32":0,"f32":0,"s64":0,"sf64":0,"f64":18446744073709551616,"fl":0,"db":0,"dbs":[],"blobs":[]}`),
		jsonCase("byte_over_255", "", scalarsJSON, `{"s32":0,"sf32":0,"f32":0,"s64":0,"sf64":0,"f64":0,"fl":0,"db":0,"dbs":[],"blobs":[[256]]}`),
		jsonCase("string_for_number", "", scalarsJSON, `{"s32":"1","sf32":0,"f32":0,"s64":0,"sf64":0,"f64":0,"fl":0,"db":0,"dbs":[],"blobs":[]}`),
		jsonCase("enum_schema_name_of_renamed_value", "Level's values are low and HIGH on the wire", kindsJSON,
			kinds(`"1970-01-01T00:00:00Z"`, `"displayName":""`, `"LEVEL_HIGH"`)),
		jsonCase("field_by_schema_name", "display_name is displayName on the wire (json_name); display_name is an unknown key, so displayName is missing",
			kindsJSON, kinds(`"1970-01-01T00:00:00Z"`, `"display_name":""`, `"low"`)),
		jsonCase("timestamp_without_offset", "RFC 3339 needs an offset", kindsJSON,
			kinds(`"1970-01-01T00:00:00"`, `"displayName":""`, `"low"`)),
		jsonCase("timestamp_as_number", "", kindsJSON, kinds(`0`, `"displayName":""`, `"low"`)),

		cbor("empty_body", "", hashedCBORPath, ""),
		cbor("truncated", "", hashedCBORPath, "a1 657469746c65 63 6162"),
		cbor("integer_for_text", "", hashedCBORPath, "a1 657469746c65 01"),
		cbor("invalid_utf8_text", "", hashedCBORPath, "a1 657469746c65 61 ff"),
		cbor("negative_for_uint", "", failCBOR, "a2 66737461747573 20 676d657373616765 6178"),
		cbor("uint_overflow", "", failCBOR, "a2 66737461747573 1b0000000100000000 676d657373616765 6178"),
		cbor("text_for_uint", "", failCBOR, "a2 66737461747573 6131 676d657373616765 6178"),
		cbor("missing_field", "", failCBOR, "a1 676d657373616765 6178"),
		cbor("json_body", "the body is decoded by the function's encoding", hashedCBORPath, hexOf(`{"title":"x"}`)),
		cbor("reserved_additional_info", "additional information 28 is reserved", hashedCBORPath, "a1 657469746c65 7c"),
		cbor("break_outside_indefinite", "", hashedCBORPath, "ff"),
	}
}

// hexOf is s's bytes in hex.
func hexOf(s string) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(b)
}
