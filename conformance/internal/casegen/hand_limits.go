package casegen

import (
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of the reference server's limits, the runtime's defaults (see
// conformance/refserver): a body over 4 MiB is refused 413 before it is decoded; the
// decoders refuse strings over 1 MiB, forms of more than 1000 pairs, form keys of a known
// field deeper than 5 segments, JSON and CBOR nested deeper than 128, CBOR lengths over
// 100,000, and (SPEC 4.3) indefinite lengths, duplicate keys and trailing bytes. Leptos has
// none of these limits but serde_json's depth and serde's duplicate fields, so the refusals
// are marked as differences.

const (
	mib            = 1 << 20
	notLeptosLimit = "sfn's limit (wire.DefaultLimits); Leptos has none"
)

// repeatBody returns r with a body of prefix then unit count times.
func repeatBody(r *conformance.Request, prefix, unit string, count int) *conformance.Request {
	out := *r
	out.Body = conformance.Body{Repeat: &conformance.Repeat{Prefix: prefix, Repeat: unit, Count: count}}
	return &out
}

// nested returns n arrays, one inside the other.
func nested(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// kindsAtDepth is Kinds with inner nested through next so that the key of its one value
// has the given number of segments (inner[next]...[values][0]), and its JSON echo.
func kindsAtDepth(segments int) (form, echo string) {
	nexts := segments - 3
	form = "at=1970-01-01T00%3A00%3A00Z&displayName=&level=low&inner" + strings.Repeat("[next]", nexts) + "[values][0]=1"
	inner := `{"values":[1],"next":null}`
	for range nexts {
		inner = `{"values":[],"next":` + inner + `}`
	}
	echo = `{"at":"1970-01-01T00:00:00Z","maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,"displayName":"","level":"low","levels":[],"maybe_level":null,"inner":` +
		inner + `,"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":null}`
	return form, echo
}

func handLimits() []*conformance.Case {
	d5form, d5echo := kindsAtDepth(5)
	d6form, _ := kindsAtDepth(6)
	dynamic := func(depth int) string {
		// The outer object is one level; value holds the rest.
		return `{"meta":{},"value":` + nested(depth-1) + `,"list":[],"note":null}`
	}
	// CBOR {"x": [[...]]} for nothing_cbor, which ignores the unknown key: the map is one
	// level, the arrays the rest.
	cborNested := func(depth int) string {
		return "a1 6178 " + strings.Repeat("81", depth-2) + "80"
	}
	return []*conformance.Case{
		notLeptos(serverCase("limits/body/over_4mib", notLeptosLimit+"; refused by its Content-Length before it is read",
			repeatBody(postForm(addTodoPath, ""), "title=", "a", 4*mib-6+1),
			failedTag(413, addTodoPath, "Args|request body exceeds the limit of 4194304 bytes"))),
		serverCase("limits/body/json_4mib", "a body of exactly 4 MiB: {} and white space",
			repeatBody(postJSON("/api/nothing_json", ""), "{}", " ", 4*mib-2), okJSON("null")),
		notLeptos(serverCase("limits/body/json_over_4mib", notLeptosLimit,
			repeatBody(postJSON("/api/nothing_json", ""), "{}", " ", 4*mib-1),
			failedTag(413, "/api/nothing_json", "Deserialization|request body exceeds the limit of 4194304 bytes"))),
		serverCase("limits/string/1mib", "a string of exactly 1 MiB",
			repeatBody(postForm(addTodoPath, ""), "title=", "a", mib), okJSON("1048576")),
		notLeptos(serverCase("limits/string/over_1mib", notLeptosLimit,
			repeatBody(postForm(addTodoPath, ""), "title=", "a", mib+1),
			badArgs(addTodoPath, "Args|title: string longer than 1048576 bytes"))),
		serverCase("limits/form_keys/1000", "1000 pairs, unknown keys included",
			repeatBody(postForm(addTodoPath, ""), "title=x", "&k=v", 999), okJSON("1")),
		notLeptos(serverCase("limits/form_keys/1001", notLeptosLimit,
			repeatBody(postForm(addTodoPath, ""), "title=x", "&k=v", 1000),
			badArgs(addTodoPath, "Args|more than 1000 form keys"))),
		missingLists(serverCase("limits/form_depth/5_segments", "inner[next][next][values][0]: the root name and 4 brackets, as serde_qs's max_depth 5",
			postForm(typesPath+"kinds_url", d5form), okJSON(d5echo))),
		notLeptos(serverCase("limits/form_depth/6_segments",
			"SPEC 4.1: past the depth limit a known field's key is an error (serde_qs folds the excess into a literal key)",
			postForm(typesPath+"kinds_url", d6form),
			badArgs(typesPath+"kinds_url", "Args|inner: key nested deeper than 5"))),
		serverCase("limits/form_depth/unknown_key_deeper", "SPEC 4.1: keys that match no field are ignored whatever their depth",
			postForm(addTodoPath, "title=x&a[b][c][d][e][f][g][h]=1"), okJSON("1")),
		serverCase("limits/json_depth/127", "nesting 127 deep: within serde_json's limit",
			postJSON(typesPath+"dynamic_json", dynamic(127)), okJSON(dynamic(127))),
		serverCase("limits/json_depth/128", "serde_json refuses nesting 128 deep (its recursion limit counts down from 128 and fails at 0)",
			postJSON(typesPath+"dynamic_json", dynamic(128)),
			badArgs(typesPath+"dynamic_json", "Deserialization|recursion limit exceeded")),
		serverCase("limits/json_depth/129", "",
			postJSON(typesPath+"dynamic_json", dynamic(129)),
			badArgs(typesPath+"dynamic_json", "Deserialization|recursion limit exceeded")),
		serverCase("limits/cbor_depth/128", "an ignored value nested 128 deep in all",
			postCBOR("/api/nothing_cbor", cborNested(128)), okCBOR("f6")),
		notLeptos(serverCase("limits/cbor_depth/129", notLeptosLimit+" this low (ciborium's recursion limit is 256)",
			postCBOR("/api/nothing_cbor", cborNested(129)),
			badArgs("/api/nothing_cbor", "Deserialization|nested deeper than 128"))),
		serverCase("limits/cbor_length/declared_too_long", "an array header declaring 100,001 elements that are not there",
			postCBOR("/api/nothing_cbor", "a1 6178 9a000186a1"),
			badArgs("/api/nothing_cbor", "Deserialization|length 100001 over the limit")),
		notLeptos(serverCase("limits/cbor/indefinite_map", "SPEC 4.3: indefinite lengths are refused (ciborium reads them)",
			postCBOR(hashedCBORPath, "bf 657469746c65 6161 ff"),
			badArgs(hashedCBORPath, "Deserialization|indefinite length"))),
		notLeptos(serverCase("limits/cbor/indefinite_text", "SPEC 4.3: indefinite lengths are refused (ciborium reads them)",
			postCBOR(hashedCBORPath, "a1 657469746c65 7f 6161 ff"),
			badArgs(hashedCBORPath, "Deserialization|indefinite length"))),
		serverCase("limits/cbor/duplicate_key", "SPEC 4.3: duplicate keys are refused (serde's derive refuses a duplicate field)",
			postCBOR(hashedCBORPath, "a2 657469746c65 6161 657469746c65 6162"),
			badArgs(hashedCBORPath, "Deserialization|duplicate field `title`")),
		notLeptos(serverCase("limits/cbor/trailing_bytes", "SPEC 9: CBOR with trailing bytes is refused (Leptos ignores them)",
			postCBOR(hashedCBORPath, "a1 657469746c65 6161 00"),
			badArgs(hashedCBORPath, "Deserialization|trailing bytes"))),
		notLeptos(serverCase("limits/cbor/string_longer_than_body", notLeptosLimit,
			postCBOR(hashedCBORPath, "a1 657469746c65 7a00100001 61"),
			badArgs(hashedCBORPath, "Deserialization|string longer than 1048576 bytes"))),
	}
}
