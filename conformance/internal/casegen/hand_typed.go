package casegen

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of typed errors (SPEC 5.1), against the Typed service of
// conformance.sfn: each function fails as its Trouble arguments ask, with a variant of
// TypedError (JSON) or CborError (CBOR), whatever the function's own encoding. The
// expected bodies are written by hand from serde's rules: an enum externally tagged, a
// struct variant as an object (JSON) or a map with text keys (CBOR, as ciborium writes
// it, integers in their shortest head), the framework variant holding Leptos's
// ServerFnErrorErr, itself externally tagged with a string. Leptos 0.8 answers every
// error 500 with the same body and Content-Type, so only cases answered with another
// status differ from it.

const (
	typedPrefix = "/api/typed/"

	notLeptosTypedStatus = "SPEC 5.1: a variant answers with its schema status (Leptos 0.8 answers every error 500; 0.9's status_code() gives this one)"
	notLeptosMasked      = "SPEC 5: an error not made for the caller is masked as internal error (Leptos sends its Display)"
	notLeptosTypedPanic  = "SPEC 5: a panic is answered 500 internal error, in the framework variant (Leptos on axum drops the connection)"
	notLeptosFramework   = "SPEC 5: a function may choose its error status, here through the framework variant (Leptos answers 500)"
)

// trouble is Trouble's arguments: the JSON mapping, the form (as sfn's clients write it,
// every field in order), the JSON body and the CBOR body (hex).
type trouble struct {
	mode          string
	id            int64
	field, reason string
}

func (t trouble) args() string {
	return `{"mode":` + jsonString(t.mode) + `,"id":` + strconv.FormatInt(t.id, 10) +
		`,"field":` + jsonString(t.field) + `,"reason":` + jsonString(t.reason) + `}`
}

func (t trouble) form() string {
	return "mode=" + url.QueryEscape(t.mode) + "&id=" + strconv.FormatInt(t.id, 10) +
		"&field=" + url.QueryEscape(t.field) + "&reason=" + url.QueryEscape(t.reason)
}

func (t trouble) cbor() string {
	return "a4 " + cborText("mode") + cborText(t.mode) + cborText("id") + cborInt(t.id) +
		cborText("field") + cborText(t.field) + cborText("reason") + cborText(t.reason)
}

// request is the request sfn's clients send for t to fn, by its encoding.
func (t trouble) request(fn string) *conformance.Request {
	path := typedPrefix + fn
	switch fn {
	case "typed_json", "typed_json_cbor_error":
		return postJSON(path, t.args())
	case "typed_cbor":
		return postCBOR(path, t.cbor())
	case "typed_get":
		return getJSON(path, t.form())
	}
	return postForm(path, t.form())
}

// cborText is s as a CBOR text string, in hex with a trailing space.
func cborText(s string) string {
	return cborHead(0x60, uint64(len(s))) + hex.EncodeToString([]byte(s)) + " "
}

// cborInt is n as a CBOR integer in its shortest head, as ciborium writes it.
func cborInt(n int64) string {
	if n < 0 {
		return cborHead(0x20, uint64(-1-n))
	}
	return cborHead(0x00, uint64(n))
}

// cborHead is a CBOR head of major type major (shifted: 0x00, 0x20, 0x60...) with
// argument n, in its shortest form, in hex with a trailing space.
func cborHead(major byte, n uint64) string {
	switch {
	case n < 24:
		return fmt.Sprintf("%02x ", major|byte(n))
	case n <= 0xff:
		return fmt.Sprintf("%02x%02x ", major|24, n)
	case n <= 0xffff:
		return fmt.Sprintf("%02x%04x ", major|25, n)
	case n <= 0xffffffff:
		return fmt.Sprintf("%02x%08x ", major|26, n)
	}
	return fmt.Sprintf("%02x%016x ", major|27, n)
}

// typedFailed is the answer of a function at path failing with a JSON error value.
func typedFailed(status int, path, body string) *conformance.Response {
	r := responseWith(failed(status, path, body), "Content-Type", ctJSON)
	r.AbsentHeaders = []string{"serverfnredirect"}
	return r
}

// cborFailed is typedFailed for a CBOR error value, given in hex.
func cborFailed(status int, path, bodyHex string) *conformance.Response {
	r := &conformance.Response{Status: status,
		Headers:       map[string]string{"serverfnerror": path, "Content-Type": ctCBOR},
		AbsentHeaders: []string{"serverfnredirect"}, Body: hexBody(bodyHex)}
	return r
}

// byErrorTag compares r's body as a framework failure by its variant and tag only: the
// message is the decoder's or the runtime's own wording.
func byErrorTag(r *conformance.Response) *conformance.Response {
	r.Match = conformance.MatchErrorTag
	return r
}

// typed is the error a client must return for a typed error.
func typed(status int, value string) *conformance.ErrorValue {
	return &conformance.ErrorValue{Status: status, Typed: raw(value)}
}

// typedCase is a server and client case: fn called with t fails with body (JSON, or CBOR
// hex when cborBody), which a client decodes into value.
func typedCase(name, note, fn string, t trouble, status int, body, value string, cborBody bool) *conformance.Case {
	res := typedFailed(status, typedPrefix+fn, body)
	if cborBody {
		res = cborFailed(status, typedPrefix+fn, body)
	}
	c := &conformance.Case{Name: name, Source: "hand-written", Note: note,
		Call: &conformance.Call{Function: fn, Args: raw(t.args())}, Request: t.request(fn), Response: res,
		Error: typed(status, value)}
	if status != 500 {
		c.Leptos = ptr(false)
		if note == "" {
			c.Note = notLeptosTypedStatus
		}
	}
	return c
}

// typedClientCase is a client case: fn called with t is answered res, which a client
// makes into want.
func typedClientCase(name, note, fn string, t trouble, res *conformance.Response, want *conformance.ErrorValue) *conformance.Case {
	return &conformance.Case{Name: name, Source: "hand-written", Note: note, Server: ptr(false),
		Call: &conformance.Call{Function: fn, Args: raw(t.args())}, Request: t.request(fn), Response: res, Error: want}
}

// errParam is the __err query value of a plain form's failure: padded base64url of the
// error body, form-escaped.
func errParam(body []byte) string {
	return url.QueryEscape(base64.URLEncoding.EncodeToString(body))
}

func handTyped() []*conformance.Case {
	const (
		url_      = "typed_url"
		json_     = "typed_json"
		cbor_     = "typed_cbor"
		get_      = "typed_get"
		jsonCBOR  = "typed_json_cbor_error"
		urlCBOR   = "typed_url_cbor_error"
		notFound7 = `{"NotFound":{"id":7}}`
		gone      = `{"Gone":{}}`
		conflict  = `{"ServerFnError":{"ServerError":"conflict"}}`
		internal  = `{"ServerFnError":{"ServerError":"internal error"}}`
		app       = "http://app.test/p"
	)
	// The CBOR error values, as ciborium writes them.
	var (
		cborNotFound = func(id int64) string {
			return "a1 " + cborText("NotFound") + "a1 " + cborText("id") + cborInt(id)
		}
		cborInvalid = func(field, reason string) string {
			return "a1 " + cborText("Invalid") + "a2 " + cborText("field") + cborText(field) + cborText("reason") + cborText(reason)
		}
		cborFramework = func(tag, msg string) string {
			return "a1 " + cborText("ServerFnError") + "a1 " + cborText(tag) + cborText(msg)
		}
		cborGone = "a1 " + cborText("Gone") + "a0"
	)
	notFound := trouble{mode: "not_found", id: 7}
	invalid := trouble{mode: "invalid", field: "title", reason: "must not be empty"}
	framework := trouble{mode: "framework", reason: "conflict"}
	plain := trouble{mode: "plain", reason: "secret"}
	invalidJSON := `{"Invalid":{"field":"title","reason":"must not be empty"}}`
	mustHex := func(h string) []byte {
		b, err := hex.DecodeString(strings.ReplaceAll(h, " ", ""))
		if err != nil {
			panic(err)
		}
		return b
	}

	cs := []*conformance.Case{
		// Each variant of a JSON error type, from a form function.
		typedCase("typed-errors/url/not_found", "", url_, notFound, 404, notFound7, notFound7, false),
		typedCase("typed-errors/url/invalid", "", url_, invalid, 422, invalidJSON, invalidJSON, false),
		typedCase("typed-errors/url/gone", "a variant without fields is an empty object; without a status it answers 500",
			url_, trouble{mode: "gone"}, 500, gone, gone, false),
		typedCase("typed-errors/url/framework", notLeptosFramework+"; an *rpc.Error made for the caller travels in the framework variant",
			url_, framework, 409, conflict, conflict, false),
		notLeptos(typedCase("typed-errors/url/masked", notLeptosMasked+"; in the framework variant",
			url_, plain, 500, internal, internal, false)),
		notLeptos(typedCase("typed-errors/url/panic", notLeptosTypedPanic, url_, trouble{mode: "panic"}, 500, internal, internal, false)),
		typedCase("typed-errors/url/unknown_mode", "", url_, trouble{mode: "nope"}, 422,
			`{"Invalid":{"field":"mode","reason":"unknown mode"}}`, `{"Invalid":{"field":"mode","reason":"unknown mode"}}`, false),
		typedCase("typed-errors/url/negative_id", "", url_, trouble{mode: "not_found", id: -1}, 404,
			`{"NotFound":{"id":-1}}`, `{"NotFound":{"id":-1}}`, false),
		withRequires(typedCase("typed-errors/url/int64_id", "an int64 beyond 2^53 in a variant", url_,
			trouble{mode: "not_found", id: 9007199254740993}, 404,
			`{"NotFound":{"id":9007199254740993}}`, `{"NotFound":{"id":9007199254740993}}`, false), "int64"),

		// A JSON function: serde_json's escapes in the error value.
		typedCase("typed-errors/json/not_found", "", json_, notFound, 404, notFound7, notFound7, false),
		typedCase("typed-errors/json/invalid_escapes",
			"serde_json escapes \" and \\ and control characters (\\n, \\t, else \\u00XX), not <, > or & or non-ASCII",
			json_, trouble{mode: "invalid", field: "ti\ttle", reason: "\"q\" <b>&</b> \\ line\nnext \x01 café ☕"}, 422,
			`{"Invalid":{"field":"ti\ttle","reason":"\"q\" <b>&</b> \\ line\nnext \u0001 café ☕"}}`,
			`{"Invalid":{"field":"ti\ttle","reason":"\"q\" <b>&</b> \\ line\nnext \u0001 café ☕"}}`, false),
		typedCase("typed-errors/json/gone", "", json_, trouble{mode: "gone"}, 500, gone, gone, false),
		typedCase("typed-errors/json/framework", notLeptosFramework, json_, framework, 409, conflict, conflict, false),

		// A CBOR function whose error type is JSON: the error's encoding is its own.
		typedCase("typed-errors/cbor/not_found", "a CBOR function's JSON error type answers JSON", cbor_, notFound, 404, notFound7, notFound7, false),
		typedCase("typed-errors/cbor/invalid", "", cbor_, invalid, 422, invalidJSON, invalidJSON, false),
		notLeptos(typedCase("typed-errors/cbor/masked", notLeptosMasked, cbor_, plain, 500, internal, internal, false)),

		// A GET function.
		typedCase("typed-errors/get/not_found", "", get_, notFound, 404, notFound7, notFound7, false),
		typedCase("typed-errors/get/framework", notLeptosFramework, get_, framework, 409, conflict, conflict, false),
		{Name: "typed-errors/get/ok", Source: "hand-written", Note: "a function with an error type succeeds as any other",
			Call: &conformance.Call{Function: get_, Args: raw(trouble{mode: "ok"}.args())}, Request: trouble{mode: "ok"}.request(get_),
			Response: okJSON(`"ok"`), Result: raw(`"ok"`)},

		// A JSON function whose error type is CBOR.
		typedCase("typed-errors/cbor_error/not_found", "a JSON function's CBOR error type answers CBOR",
			jsonCBOR, notFound, 404, cborNotFound(7), notFound7, true),
		typedCase("typed-errors/cbor_error/invalid", "", jsonCBOR, invalid, 422,
			cborInvalid("title", "must not be empty"), invalidJSON, true),
		typedCase("typed-errors/cbor_error/gone", "an empty struct variant: an empty map", jsonCBOR, trouble{mode: "gone"}, 500, cborGone, gone, true),
		typedCase("typed-errors/cbor_error/framework", notLeptosFramework, jsonCBOR, framework, 409,
			cborFramework("ServerError", "conflict"), conflict, true),
		notLeptos(typedCase("typed-errors/cbor_error/masked", notLeptosMasked, jsonCBOR, plain, 500,
			cborFramework("ServerError", "internal error"), internal, true)),
		typedCase("typed-errors/cbor_error/negative_id", "ciborium writes -1 as 0x20 and -1000 as 0x3903e7",
			jsonCBOR, trouble{mode: "not_found", id: -1000}, 404, cborNotFound(-1000), `{"NotFound":{"id":-1000}}`, true),
		typedCase("typed-errors/cbor_error/large_id", "integers in their shortest head: 1000000 is 0x1a000f4240",
			jsonCBOR, trouble{mode: "not_found", id: 1000000}, 404, cborNotFound(1000000), `{"NotFound":{"id":1000000}}`, true),
		typedCase("typed-errors/cbor_error/unicode", "CBOR text strings are UTF-8, lengths in bytes",
			jsonCBOR, trouble{mode: "invalid", field: "título", reason: strings.Repeat("é", 12)}, 422,
			cborInvalid("título", strings.Repeat("é", 12)),
			`{"Invalid":{"field":"título","reason":"`+strings.Repeat("é", 12)+`"}}`, true),

		// A form function whose error type is CBOR.
		typedCase("typed-errors/url_cbor_error/not_found", "", urlCBOR, notFound, 404, cborNotFound(7), notFound7, true),
		typedCase("typed-errors/url_cbor_error/gone", "", urlCBOR, trouble{mode: "gone"}, 500, cborGone, gone, true),
	}

	// Framework failures the server detects, in the framework variant of the function's
	// error type and encoding. The messages are the decoders' own: compared by tag.
	bad := func(name, note string, req *conformance.Request, res *conformance.Response) *conformance.Case {
		return notLeptos(serverCase(name, note, req, byErrorTag(res)))
	}
	missingMode := `{"ServerFnError":{"Args":"missing field ` + "`mode`" + `"}}`
	cs = append(cs,
		bad("typed-errors/framework/url_args", notLeptos400+"; in the framework variant",
			postForm(typedPrefix+url_, "id=x"), typedFailed(400, typedPrefix+url_, `{"ServerFnError":{"Args":"id: invalid digit found in string"}}`)),
		bad("typed-errors/framework/url_missing_field", notLeptos400,
			postForm(typedPrefix+url_, "id=1"), typedFailed(400, typedPrefix+url_, missingMode)),
		bad("typed-errors/framework/get_args", notLeptos400,
			getJSON(typedPrefix+get_, "mode=ok&id=1.5"), typedFailed(400, typedPrefix+get_, `{"ServerFnError":{"Args":"id: invalid digit found in string"}}`)),
		bad("typed-errors/framework/json_deserialization", notLeptos400+"; JSON arguments that do not decode are Deserialization",
			postJSON(typedPrefix+json_, `{"mode":1}`),
			typedFailed(400, typedPrefix+json_, `{"ServerFnError":{"Deserialization":"invalid type: integer `+"`1`"+`, expected a string at line 1 column 9"}}`)),
		bad("typed-errors/framework/json_syntax", notLeptos400,
			postJSON(typedPrefix+json_, `{"mode":"ok"`),
			typedFailed(400, typedPrefix+json_, `{"ServerFnError":{"Deserialization":"EOF while parsing an object at line 1 column 12"}}`)),
		bad("typed-errors/framework/cbor_deserialization", notLeptos400+"; a CBOR function's JSON error type",
			postCBOR(typedPrefix+cbor_, "a0"), typedFailed(400, typedPrefix+cbor_, `{"ServerFnError":{"Deserialization":"missing field `+"`mode`"+`"}}`)),
		bad("typed-errors/framework/cbor_error_deserialization", notLeptos400+"; a JSON function's CBOR error type",
			postJSON(typedPrefix+jsonCBOR, `{"mode":1}`),
			cborFailed(400, typedPrefix+jsonCBOR, cborFramework("Deserialization", "invalid type: integer `1`, expected a string at line 1 column 9"))),
		bad("typed-errors/framework/url_cbor_error_args", notLeptos400+"; a form function's CBOR error type",
			postForm(typedPrefix+urlCBOR, "id=1"), cborFailed(400, typedPrefix+urlCBOR, cborFramework("Args", "missing field `mode`"))),
		bad("typed-errors/framework/too_large_url", notLeptosLimit+"; a form body over the limit is Args, 413",
			repeatBody(postForm(typedPrefix+url_, ""), "mode=", "a", 4*mib-5+1),
			typedFailed(413, typedPrefix+url_, `{"ServerFnError":{"Args":"request body exceeds the limit of 4194304 bytes"}}`)),
		bad("typed-errors/framework/too_large_json", notLeptosLimit+"; a JSON body over the limit is Deserialization, 413",
			repeatBody(postJSON(typedPrefix+json_, ""), "{}", " ", 4*mib-1),
			typedFailed(413, typedPrefix+json_, `{"ServerFnError":{"Deserialization":"request body exceeds the limit of 4194304 bytes"}}`)),
		bad("typed-errors/framework/too_large_cbor_error", notLeptosLimit+"; in the CBOR error type",
			repeatBody(postJSON(typedPrefix+jsonCBOR, ""), "{}", " ", 4*mib-1),
			cborFailed(413, typedPrefix+jsonCBOR, cborFramework("Deserialization", "request body exceeds the limit of 4194304 bytes"))),
		bad("typed-errors/framework/cross_origin", notLeptosCSRF+"; in the framework variant, MiddlewareError",
			requestWith(postForm(typedPrefix+url_, notFound.form()), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"),
			typedFailed(403, typedPrefix+url_, `{"ServerFnError":{"MiddlewareError":"cross-origin request refused"}}`)),
		bad("typed-errors/framework/cross_origin_cbor_error", notLeptosCSRF+"; in the CBOR error type",
			requestWith(postJSON(typedPrefix+jsonCBOR, notFound.args()), "Sec-Fetch-Site", "cross-site"),
			cborFailed(403, typedPrefix+jsonCBOR, cborFramework("MiddlewareError", "cross-origin request refused"))),
		bad("typed-errors/framework/wrong_method", notLeptos405+"; in the framework variant, Registration",
			postForm(typedPrefix+get_, notFound.form()),
			responseWith(typedFailed(405, typedPrefix+get_, `{"ServerFnError":{"Registration":"/api/typed/typed_get takes GET, not POST"}}`), "Allow", "GET")),
	)

	// Plain HTML forms: 302 back with __err, padded base64url of the same body.
	back := func(name, note, fn, form, ct string, body []byte) *conformance.Case {
		r := &conformance.Response{Status: 302,
			Headers: map[string]string{"serverfnerror": typedPrefix + fn, "Content-Type": ct,
				"Location": app + "?__path=" + url.QueryEscape(typedPrefix+fn) + "&__err=" + errParam(body)},
			AbsentHeaders: []string{"serverfnredirect"}}
		if ct == ctCBOR {
			r.Body = hexBody(hex.EncodeToString(body))
		} else {
			r.Body = text(string(body))
		}
		return serverCase(name, note, formPost(typedPrefix+fn, form, app), r)
	}
	cs = append(cs,
		back("typed-errors/forms/not_found", "__err is base64url of the JSON error value, here without padding",
			url_, notFound.form(), ctJSON, []byte(notFound7)),
		back("typed-errors/forms/invalid_padded", "a body of 58 bytes: base64url with two = of padding",
			url_, invalid.form(), ctJSON, []byte(invalidJSON)),
		back("typed-errors/forms/gone_padded", "a body of 11 bytes: base64url with one = of padding",
			url_, trouble{mode: "gone"}.form(), ctJSON, []byte(gone)),
		back("typed-errors/forms/framework_args", "a framework failure goes back in the framework variant; the message is serde's for a missing field",
			url_, "", ctJSON, []byte(missingMode)),
		notLeptos(back("typed-errors/forms/masked", notLeptosMasked, url_, plain.form(), ctJSON, []byte(internal))),
		back("typed-errors/forms/cbor_error", "a CBOR error type's __err is base64url of its CBOR bytes",
			urlCBOR, notFound.form(), ctCBOR, mustHex(cborNotFound(7))),
	)

	// What clients make of answers: the framework variant with its status, bodies that do
	// not decode, and text answers from servers that do not know the error type.
	errBody := func(status int, ct, body string) *conformance.Response {
		return &conformance.Response{Status: status, Headers: map[string]string{"serverfnerror": typedPrefix + url_, "Content-Type": ct}, Body: text(body)}
	}
	cborBody := func(fn string, status int, ct, bodyHex string) *conformance.Response {
		return &conformance.Response{Status: status, Headers: map[string]string{"serverfnerror": typedPrefix + fn, "Content-Type": ct}, Body: hexBody(bodyHex)}
	}
	deser := func(status int, msg string) *conformance.ErrorValue {
		return &conformance.ErrorValue{Tag: "Deserialization", Message: msg, Status: status}
	}
	cs = append(cs,
		typedClientCase("typed-errors/client/framework_args", "the framework variant keeps the answer's status",
			url_, notFound, errBody(400, ctJSON, missingMode), typed(400, missingMode)),
		typedClientCase("typed-errors/client/framework_413", "",
			json_, notFound, errBody(413, ctJSON, `{"ServerFnError":{"Deserialization":"request body too large"}}`),
			typed(413, `{"ServerFnError":{"Deserialization":"request body too large"}}`)),
		typedClientCase("typed-errors/client/framework_leptos_500", "Leptos 0.8 answers a framework failure 500",
			url_, notFound, errBody(500, ctJSON, missingMode), typed(500, missingMode)),
		typedClientCase("typed-errors/client/framework_cbor_403", "",
			jsonCBOR, notFound, cborBody(jsonCBOR, 403, ctCBOR, cborFramework("MiddlewareError", "refused")),
			typed(403, `{"ServerFnError":{"MiddlewareError":"refused"}}`)),
		typedClientCase("typed-errors/client/framework_every_tag", "a ServerFnErrorErr tag sfn's server never sends",
			url_, notFound, errBody(500, ctJSON, `{"ServerFnError":{"UnsupportedRequestMethod":"PATCH"}}`),
			typed(500, `{"ServerFnError":{"UnsupportedRequestMethod":"PATCH"}}`)),
		typedClientCase("typed-errors/client/media_type_parameters", "the media type decides, its parameters do not",
			url_, notFound, errBody(404, "application/json; charset=utf-8", notFound7), typed(404, notFound7)),
		typedClientCase("typed-errors/client/members_any_order", "JSON members in another order, and white space",
			url_, invalid, errBody(422, ctJSON, ` { "Invalid" : { "reason" : "must not be empty", "field" : "title" } } `), typed(422, invalidJSON)),
		typedClientCase("typed-errors/client/unknown_variant", "SPEC 5.1: a body that does not decode is a Deserialization error holding the raw text",
			url_, notFound, errBody(500, ctJSON, `{"Nope":{}}`), deser(500, `{"Nope":{}}`)),
		typedClientCase("typed-errors/client/unknown_framework_tag", "SPEC 5.1: ServerFnErrorErr has no such tag",
			url_, notFound, errBody(500, ctJSON, `{"ServerFnError":{"Nope":"x"}}`), deser(500, `{"ServerFnError":{"Nope":"x"}}`)),
		typedClientCase("typed-errors/client/wrong_field_type", "",
			url_, notFound, errBody(404, ctJSON, `{"NotFound":{"id":"7"}}`), deser(404, `{"NotFound":{"id":"7"}}`)),
		typedClientCase("typed-errors/client/byte_order_mark", "serde_json reads no byte order mark: the body is not the error type's JSON, and its text, mark included, is the message",
			url_, notFound, errBody(404, ctJSON, "\ufeff"+notFound7), deser(404, "\ufeff"+notFound7)),
		typedClientCase("typed-errors/client/not_json", "a proxy's page sent as application/json",
			url_, notFound, errBody(502, ctJSON, "<html>bad gateway</html>"), deser(502, "<html>bad gateway</html>")),
		typedClientCase("typed-errors/client/two_variants", "an enum value is one variant",
			url_, notFound, errBody(500, ctJSON, `{"NotFound":{"id":7},"Gone":{}}`), deser(500, `{"NotFound":{"id":7},"Gone":{}}`)),
		typedClientCase("typed-errors/client/empty_body", "",
			url_, notFound, errBody(500, ctJSON, ""), deser(500, "status 500 with an empty body")),
		typedClientCase("typed-errors/client/cbor_unknown_variant", "the raw text of a CBOR body: its bytes read as UTF-8, each byte that is not replaced by U+FFFD",
			jsonCBOR, notFound, cborBody(jsonCBOR, 500, ctCBOR, "a1 "+cborText("Nope")+"a0"), deser(500, "\uFFFDdNope\uFFFD")),
		typedClientCase("typed-errors/client/cbor_json_body", "a JSON text sent as application/cbor does not decode as CBOR",
			jsonCBOR, notFound, cborBody(jsonCBOR, 404, ctCBOR, hex.EncodeToString([]byte(notFound7))), deser(404, notFound7)),
		typedClientCase("typed-errors/client/text_plain", "SPEC 5.1: an answer in another media type (a proxy, a server without the error type) reads as Tag|message",
			url_, notFound, errBody(500, ctText, "ServerError|boom"), serverError(500, "boom")),
		typedClientCase("typed-errors/client/text_plain_leptos", "Leptos's default error encoding, text/plain without charset",
			jsonCBOR, notFound, cborBody(jsonCBOR, 503, "text/plain", hex.EncodeToString([]byte("ServerError|down"))), serverError(503, "down")),
		typedClientCase("typed-errors/client/json_for_cbor_error_type", "a JSON body is not the CBOR error type's media type: read as text, which is not Tag|message",
			jsonCBOR, notFound, cborBody(jsonCBOR, 404, ctJSON, hex.EncodeToString([]byte(notFound7))),
			&conformance.ErrorValue{Tag: "Response", Message: notFound7, Status: 404}),

		// The status is the answer's, not the variant's in the schema: Leptos 0.8 answers
		// every error 500.
		typedClientCase("typed-errors/client/variant_leptos_500", "a variant keeps the answer's status: Leptos 0.8 answers NotFound (404 in the schema) with 500",
			url_, notFound, errBody(500, ctJSON, notFound7), typed(500, notFound7)),
		typedClientCase("typed-errors/client/cbor_variant_leptos_500", "",
			jsonCBOR, notFound, cborBody(jsonCBOR, 500, ctCBOR, cborNotFound(7)), typed(500, notFound7)),
		typedClientCase("typed-errors/client/variant_other_status", "a server may answer a variant with a status of its choosing",
			url_, invalid, errBody(400, ctJSON, invalidJSON), typed(400, invalidJSON)),

		// The text of a body that does not decode, as for foreign bodies (errors/client/foreign_*).
		typedClientCase("typed-errors/client/long_undecodable", "a body of 2,000 bytes that does not decode (no reason): its text trimmed, "+
			"cut to at most 1,024 bytes of UTF-8 before the character that crosses byte 1,024 (a 3-byte 日), then …",
			url_, notFound, errBody(500, ctJSON, longUndecodable), deser(500, longUndecodableMsg)),
		typedClientCase("typed-errors/client/invalid_utf8", "each maximal subpart of ill-formed UTF-8 is one U+FFFD, as TextDecoder and from_utf8_lossy give",
			url_, notFound, cborBody(url_, 500, ctJSON, hex.EncodeToString([]byte(`{"NotFound":{"id":`))+invalidUTF8Hex+hex.EncodeToString([]byte(`}}`))),
			deser(500, `{"NotFound":{"id":`+invalidUTF8Text+`}}`)),
		typedClientCase("typed-errors/client/cbor_invalid_utf8", "",
			jsonCBOR, notFound, cborBody(jsonCBOR, 500, ctCBOR, invalidUTF8Hex), deser(500, invalidUTF8Text)),
	)
	return cs
}

// longUndecodable is a JSON error body of 2,000 bytes, without the reason Invalid needs, in
// which the 3-byte 日 at bytes 1,023-1,025 of the trimmed text crosses byte 1,024.
var longUndecodable, longUndecodableMsg = longBody(" \n", `{"Invalid":{"field":"`+strings.Repeat("日", 334), "日", "é", `"}}`)

// withRequires adds client features to c.
func withRequires(c *conformance.Case, features ...string) *conformance.Case {
	c.Requires = append(c.Requires, features...)
	return c
}
