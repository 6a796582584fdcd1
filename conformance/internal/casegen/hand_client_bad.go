package casegen

import (
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written client cases of successful answers (status 200) that a client must refuse
// to read: each is a Deserialization error carrying the status, with the client's own
// wording (serde's for sfn's Go client, the runtime's for TypeScript). A client that
// ignored them would show its caller a value the server never sent.

func handClientBadInput() []*conformance.Case {
	unreadable := func(name, note, function, args string, req *conformance.Request, contentType string, body conformance.Body) *conformance.Case {
		return &conformance.Case{
			Name: "bad-input/result/" + name, Source: "hand-written", Note: note,
			Call:     &conformance.Call{Function: function, Args: raw(args)},
			Request:  req,
			Response: &conformance.Response{Status: 200, Headers: map[string]string{"Content-Type": contentType}, Body: body},
			Error:    &conformance.ErrorValue{Tag: "Deserialization", Status: 200, MessageMatch: conformance.MatchAny},
			Server:   ptr(false),
		}
	}
	const title = `{"title":"x"}`
	titleLen := func(name, note, body string) *conformance.Case { // add_todo: Url in, a u64 out as JSON
		return unreadable(name, note, "add_todo", title, postForm(addTodoPath, "title=x"), ctJSON, text(body))
	}
	titleLenCBOR := func(name, note, h string) *conformance.Case { // hashed_cbor: the same in CBOR
		return unreadable(name, note, "hashed_cbor", title, postCBOR(hashedCBORPath, "a1 657469746c65 6178"), ctCBOR, hexBody(h))
	}
	// echo_json with a small Everything: each bad answer below changes one member of the
	// good one, which is the arguments echoed.
	const everything = `{"s":"hi","b":true,"i32v":-1,"u32v":1,"i64v":-2,"u64v":2,"f32v":0.5,"f64v":0.75,"bytes":[1,2],"opt_s":null,"opt_i":null,"opt_addr":null,"addr":{"street":"Main","zip":1},"tags":["t"],"addrs":[],"nums":[3],"labels":{"k":"v"},"ids":{"1":"one"},"status":"Active","shape":{"Label":"x"}}`
	echo := func(name, note, from, to string) *conformance.Case {
		body := strings.Replace(everything, from, to, 1)
		if body == everything {
			panic("echo " + name + ": " + from + " is not in the answer")
		}
		return unreadable(name, note, "echo_json", everything, postJSON("/api/echo_json", everything), ctJSON, text(body))
	}
	cases := []*conformance.Case{
		echo("json_unknown_enum_variant", "serde: unknown variant", `"status":"Active"`, `"status":"Deleted"`),
		echo("json_enum_wrong_case", "variants are matched exactly", `"status":"Active"`, `"status":"active"`),
		echo("json_unknown_oneof_variant", "", `"shape":{"Label":"x"}`, `"shape":{"Square":1}`),
		echo("json_oneof_two_variants", "an externally tagged enum is a map of one entry", `"shape":{"Label":"x"}`, `"shape":{"Label":"x","Circle":{"radius":1}}`),
		echo("json_oneof_not_a_map", "", `"shape":{"Label":"x"}`, `"shape":"Label"`),
		echo("json_missing_field", "serde: missing field `s`", `"s":"hi",`, ``),
		echo("json_null_for_message", "addr is not optional", `"addr":{"street":"Main","zip":1}`, `"addr":null`),
		echo("json_nested_missing_field", "", `"addr":{"street":"Main","zip":1}`, `"addr":{"street":"Main"}`),
		echo("json_i32_overflow", "", `"i32v":-1`, `"i32v":-2147483649`),
		echo("json_string_for_float", "", `"f64v":0.75`, `"f64v":"0.75"`),
		echo("json_byte_out_of_range", "bytes are u8", `"bytes":[1,2]`, `"bytes":[1,256]`),
		echo("json_bool_for_bytes", "bytes are an array of u8 or a string", `"bytes":[1,2]`, `"bytes":true`),
		echo("json_string_for_list", "", `"tags":["t"]`, `"tags":"t"`),
		echo("json_number_in_string_list", "", `"tags":["t"]`, `"tags":[1]`),
		echo("json_list_for_map", "", `"labels":{"k":"v"}`, `"labels":[["k","v"]]`),
		echo("json_map_key_not_an_integer", "ids is map<int64, string>", `"ids":{"1":"one"}`, `"ids":{"one":"one"}`),
		echo("json_number_for_map_value", "", `"labels":{"k":"v"}`, `"labels":{"k":1}`),
		echo("json_number_for_bool", "", `"b":true`, `"b":1`),
	}
	return append(cases, []*conformance.Case{
		titleLen("json_trailing_characters", "serde_json refuses anything after the value", "1x"),
		titleLen("json_empty_body", "", ""),
		titleLen("json_negative_for_u64", "", "-1"),
		titleLen("json_u64_overflow", "2^64 is one more than a u64 holds", "18446744073709551616"),
		titleLen("json_string_for_u64", "", `"5"`),
		titleLen("json_fraction_for_u64", "", "1.5"),
		titleLen("json_null_for_u64", "only an optional result may be null", "null"),
		unreadable("json_number_for_string", "shout returns a string", "shout", title,
			postForm(typesPath+"shout", "title=x"), ctJSON, text("1")),
		unreadable("json_byte_order_mark", "serde_json reads no byte order mark: EF BB BF before the value is an error, not whitespace",
			"shout", title, postForm(typesPath+"shout", "title=x"), ctJSON, hexBody("efbbbf 227822")),
		unreadable("json_invalid_utf8", "serde_json refuses a string that is not UTF-8 (here a lone continuation byte), rather than reading U+FFFD",
			"shout", title, postForm(typesPath+"shout", "title=x"), ctJSON, hexBody("22 78 80 22")),
		unreadable("json_list_element_wrong_type", "count_to returns a list of i64", "count_to", `{"n":2}`,
			getJSON(typesPath+"count_to", "n=2"), ctJSON, text(`[1,"2"]`)),
		unreadable("json_unit_not_null", "a function that returns () answers null", "nothing_json", "{}",
			postJSON("/api/nothing_json", "{}"), ctJSON, text("1")),
		unreadable("json_unit_empty_body", "", "nothing_json", "{}",
			postJSON("/api/nothing_json", "{}"), ctJSON, text("")),
		titleLenCBOR("cbor_trailing_bytes", "ciborium reads one value; sfn refuses what follows (SPEC 4.3)", "01 00"),
		titleLenCBOR("cbor_truncated", "a head announcing 8 bytes, and none", "1b"),
		titleLenCBOR("cbor_negative_for_u64", "", "20"),
		titleLenCBOR("cbor_null_for_u64", "", "f6"),
		titleLenCBOR("cbor_text_for_u64", "", "6131"),
		titleLenCBOR("cbor_empty_body", "", ""),
		unreadable("cbor_unit_not_null", "a function that returns () answers null (f6)", "nothing_cbor", "{}",
			postCBOR("/api/nothing_cbor", "a0"), ctCBOR, hexBody("01")),
	}...)
}
