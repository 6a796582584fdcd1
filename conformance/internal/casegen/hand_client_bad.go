package casegen

import "github.com/sfn-dev/sfn/conformance"

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
	return []*conformance.Case{
		titleLen("json_trailing_characters", "serde_json refuses anything after the value", "1x"),
		titleLen("json_empty_body", "", ""),
		titleLen("json_negative_for_u64", "", "-1"),
		titleLen("json_u64_overflow", "2^64 is one more than a u64 holds", "18446744073709551616"),
		titleLen("json_string_for_u64", "", `"5"`),
		titleLen("json_fraction_for_u64", "", "1.5"),
		titleLen("json_null_for_u64", "only an optional result may be null", "null"),
		unreadable("json_number_for_string", "shout returns a string", "shout", title,
			postForm(typesPath+"shout", "title=x"), ctJSON, text("1")),
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
	}
}
