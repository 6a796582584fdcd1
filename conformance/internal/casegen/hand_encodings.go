package casegen

import (
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of encodings that the vectors do not show: the server decodes by
// the function's encoding whatever the request's Content-Type and Accept say (SPEC 3),
// JSON's missing optionals and escapes (SPEC 4.2), CBOR's tags (SPEC 4.3), bytes given as
// a string (SPEC 4.2, 4.3; the CBOR ones are with the vectors, bytesAsText).

func handEncodings() []*conformance.Case {
	return append(handEncodingsMisc(), handBytesAsText()...)
}

// handBytesAsText: a bytes field decodes from a JSON string too, its UTF-8 bytes, escapes
// decoded, as serde_bytes reads it (a Leptos server answers {"bytes":"abc"} with
// [97,98,99]), in arguments and in results.
func handBytesAsText() []*conformance.Case {
	const note = "SPEC 4.2: a bytes field also decodes from a JSON string, its UTF-8 bytes"
	// everything as a client sends it (bytes as an array) and as the server echoes it.
	const everything = `{"s":"hi","b":true,"i32v":-1,"u32v":1,"i64v":-2,"u64v":2,"f32v":0.5,"f64v":0.75,"bytes":[1,2],"opt_s":null,"opt_i":null,"opt_addr":null,"addr":{"street":"Main","zip":1},"tags":["t"],"addrs":[],"nums":[3],"labels":{"k":"v"},"ids":{"1":"one"},"status":"Active","shape":{"Label":"x"}}`
	with := func(bytes string) string {
		out := strings.Replace(everything, `"bytes":[1,2]`, `"bytes":`+bytes, 1)
		if out == everything {
			panic("handBytesAsText: no bytes to replace")
		}
		return out
	}
	server := func(name, str, arr string) *conformance.Case {
		return serverCase("encodings/json/bytes_from_a_string/"+name, note, postJSON("/api/echo_json", with(str)), okJSON(with(arr)))
	}
	client := func(name, str, arr string) *conformance.Case {
		return &conformance.Case{Name: "encodings/json/bytes_result_from_a_string/" + name, Source: "hand-written", Note: note, Server: ptr(false),
			Call:     &conformance.Call{Function: "echo_json", Args: raw(everything)},
			Request:  postJSON("/api/echo_json", everything),
			Response: okJSON(with(str)),
			Result:   raw(with(arr))}
	}
	return []*conformance.Case{
		server("ascii", `"abc"`, "[97,98,99]"),
		server("empty", `""`, "[]"),
		server("base64_is_not_decoded", `"AQI="`, "[65,81,73,61]"),
		server("escapes", `"\u00e9\ud83c\udf89\n\/"`, "[195,169,240,159,142,137,10,47]"),
		server("utf8_as_is", `"é🎉"`, "[195,169,240,159,142,137]"),
		client("ascii", `"abc"`, "[97,98,99]"),
		client("empty", `""`, "[]"),
		client("base64_is_not_decoded", `"AQI="`, "[65,81,73,61]"),
		client("escapes", `"\u00e9\ud83c\udf89\n\/"`, "[195,169,240,159,142,137,10,47]"),
		client("utf8_as_is", `"é🎉"`, "[195,169,240,159,142,137]"),
	}
}

func handEncodingsMisc() []*conformance.Case {
	// everything_base's JSON without its optional fields and oneof: missing is None.
	const sparse = `{"s":"hello","b":true,"i32v":-42,"u32v":42,"i64v":-1234567890123,"u64v":1234567890123,"f32v":0.5,"f64v":2.5,"bytes":[1,2,3],"addr":{"street":"221B Baker St","zip":12345},"tags":["red","green"],"addrs":[{"street":"1 First Ave","zip":11111}],"nums":[1,-1,0],"labels":{"env":"prod","tier":"web"},"ids":{"1":"one","2":"two"},"status":"Active"}`
	const sparseEcho = `{"s":"hello","b":true,"i32v":-42,"u32v":42,"i64v":-1234567890123,"u64v":1234567890123,"f32v":0.5,"f64v":2.5,"bytes":[1,2,3],"opt_s":null,"opt_i":null,"opt_addr":null,"addr":{"street":"221B Baker St","zip":12345},"tags":["red","green"],"addrs":[{"street":"1 First Ave","zip":11111}],"nums":[1,-1,0],"labels":{"env":"prod","tier":"web"},"ids":{"1":"one","2":"two"},"status":"Active","shape":null}`
	return []*conformance.Case{
		serverCase("encodings/content_type/json_label_on_a_form", "the server decodes by the function's encoding, whatever the Content-Type",
			requestWith(postForm(addTodoPath, "title=abc"), "Content-Type", ctJSON), okJSON("3")),
		serverCase("encodings/content_type/form_label_on_cbor", "",
			requestWith(postCBOR(hashedCBORPath, "a1657469746c6563616263"), "Content-Type", ctForm), okCBOR("03")),
		serverCase("encodings/content_type/none", "", requestWith(postForm(addTodoPath, "title=abc"), "Content-Type", ""), okJSON("3")),
		serverCase("encodings/accept/cbor_on_a_json_function", "the result is encoded by the function's encoding, whatever the Accept",
			requestWith(postForm(addTodoPath, "title=abc"), "Accept", ctCBOR), okJSON("3")),
		serverCase("encodings/accept/none", "", requestWith(getCBOR("/api/nothing_get_cbor", ""), "Accept", ""), okCBOR("f6")),
		serverCase("encodings/json/missing_optionals", "SPEC 4.2: a missing optional field or oneof is None",
			postJSON("/api/echo_json", sparse), okJSON(sparseEcho)),
		serverCase("encodings/json/white_space", "", postJSON("/api/nothing_json", " \r\n\t{ \n } \n"), okJSON("null")),
		serverCase("encodings/json/unknown_fields_ignored", "", postJSON("/api/nothing_json", `{"x":[1,{"y":null}],"z":"w"}`), okJSON("null")),
		serverCase("encodings/json/escapes", "", postJSON(typesPath+"dynamic_json",
			`{"meta":{},"value":"\u00e9\ud83c\udf89\/\b\f","list":[],"note":null}`),
			okJSON(`{"meta":{},"value":"é🎉/\b\f","list":[],"note":null}`)),
		serverCase("encodings/cbor/tag_skipped", "ciborium skips tags, and so must a decoder",
			postCBOR(hashedCBORPath, "a1 657469746c65 c0 6161"), okCBOR("01")),
		serverCase("encodings/cbor/unknown_keys_ignored", "",
			postCBOR(hashedCBORPath, "a3 6178 82 01 a0 657469746c65 6161 6179 f6"), okCBOR("01")),
		serverCase("encodings/cbor/non_shortest_integer", "a decoder takes integers in any width",
			postCBOR("/api/types/count_to_cbor", "a1 616e 1a00000003"), okCBOR("83010203")),
		serverCase("encodings/cbor/wider_float", "a decoder takes floats in any width; the answer is in the shortest",
			postCBOR("/api/types/scalars_cbor", "aa 637333320064736633320063663332006373363400647366363400636636340062666cfb3ff8000000000000 626462fa3f800000 6364627380 65626c6f627380"),
			okCBOR("aa 637333320064736633320063663332006373363400647366363400636636340062666cf93e00 626462f93c00 6364627380 65626c6f627380")),
		serverCase("encodings/form/percent_encoded_brackets_and_plus", "",
			getJSON("/api/search", "q=a%2Bb+c&tags%5B0%5D=x"), okJSON(`"q=\"a+b c\" page=None tags=[\"x\"]"`)),
		notLeptos(serverCase("encodings/form/repeated_keys_make_a_list",
			"SPEC 4.1 leniency: repeated keys of a list field are its elements, as an HTML checkbox group sends them (serde_qs fails)",
			getJSON("/api/search", "q=a&tags=x&tags=y&tags=z"), okJSON(`"q=\"a\" page=None tags=[\"x\", \"y\", \"z\"]"`))),
		serverCase("encodings/form/search_debug_escapes", "Rust's {:?} escapes quotes, backslashes and control characters",
			getJSON("/api/search", "q=%22%5C%0A%09&tags[0]=%0D"), okJSON(`"q=\"\\\"\\\\\\n\\t\" page=None tags=[\"\\r\"]"`)),
	}
}
