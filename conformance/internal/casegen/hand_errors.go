package casegen

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of errors (SPEC section 5): a function's error with the status it
// chose, panics, and the error body's format as clients must read it.

const (
	failPath    = "/api/behaviour/fail"
	failGetPath = "/api/behaviour/fail_get"
	failCBOR    = "/api/behaviour/fail_cbor"
	panicPath   = "/api/behaviour/panic_now"

	notLeptosStatus  = "SPEC 9: a function may choose its error status (Leptos server_fn answers every failure 500)"
	notLeptosCharset = "SPEC 5: error bodies are text/plain; charset=utf-8 (Leptos sends text/plain)"
)

// failCase calls fail with status and message (form-encoded as body) and expects the
// failure with answered status.
func failCase(name, note string, status int, body, message string, answered int) *conformance.Case {
	args := `{"status":` + strconv.Itoa(status) + `,"message":` + jsonString(message) + `}`
	return &conformance.Case{Name: name, Source: "hand-written", Note: note,
		Call:     &conformance.Call{Function: "fail", Args: raw(args)},
		Request:  postForm(failPath, body),
		Response: failed(answered, failPath, "ServerError|"+message),
		Error:    serverError(answered, message)}
}

func handErrors() []*conformance.Case {
	cs := []*conformance.Case{
		failCase("errors/fail/default_500", "status 0 asks for the default", 0, "status=0&message=boom", "boom", 500),
	}
	for _, st := range []int{400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 599} {
		c := failCase("errors/fail/status_"+strconv.Itoa(st), "", st, "status="+strconv.Itoa(st)+"&message=boom", "boom", st)
		if st != 500 {
			c.Note = notLeptosStatus
			c.Leptos = ptr(false)
		}
		cs = append(cs, c)
	}
	cs = append(cs,
		failCase("errors/fail/status_600_is_500", "SPEC 5: a status outside 400..599 is not a failure status: 500", 600,
			"status=600&message=boom", "boom", 500),
		failCase("errors/fail/status_200_is_500", "SPEC 5: a failure cannot be answered 2xx: 500", 200,
			"status=200&message=boom", "boom", 500),
		failCase("errors/fail/status_302_is_500", "SPEC 5: a failure cannot be answered 3xx: 500", 302,
			"status=302&message=boom", "boom", 500),
		failCase("errors/fail/message_with_bar", "clients split the body at the first |, so the message keeps the others",
			0, "status=0&message=a%7Cb%7C%7Cc", "a|b||c", 500),
		failCase("errors/fail/empty_message", "", 0, "status=0&message=", "", 500),
		failCase("errors/fail/unicode_message", "", 0, "status=0&message=caf%C3%A9+%E2%98%95+%E6%97%A5%E6%9C%AC", "café ☕ 日本", 500),
		failCase("errors/fail/multiline_message", "", 0, "status=0&message=line+1%0Aline+2%0D%0A%09end", "line 1\nline 2\r\n\tend", 500),
		failCase("errors/fail/message_looks_like_a_tag", "the tag is ServerError; the message is everything after the first |",
			0, "status=0&message=Args%7Cnot+really", "Args|not really", 500),
	)
	cs = append(cs,
		&conformance.Case{Name: "errors/fail_cbor/status_503", Source: "hand-written", Note: notLeptosStatus, Leptos: ptr(false),
			Call:     &conformance.Call{Function: "fail_cbor", Args: raw(`{"status":503,"message":"down"}`)},
			Request:  postCBOR(failCBOR, "a2 66737461747573 1901f7 676d657373616765 64646f776e"),
			Response: failed(503, failCBOR, "ServerError|down"), Error: serverError(503, "down")},
		&conformance.Case{Name: "errors/fail_cbor/default_500", Source: "hand-written", Note: "a CBOR function's error is text too",
			Call:     &conformance.Call{Function: "fail_cbor", Args: raw(`{"status":0,"message":"boom"}`)},
			Request:  postCBOR(failCBOR, "a2 66737461747573 00 676d657373616765 64626f6f6d"),
			Response: failed(500, failCBOR, "ServerError|boom"), Error: serverError(500, "boom")},
		&conformance.Case{Name: "errors/fail_get/status_404", Source: "hand-written", Note: notLeptosStatus, Leptos: ptr(false),
			Call:     &conformance.Call{Function: "fail_get", Args: raw(`{"status":404,"message":"not found"}`)},
			Request:  getJSON(failGetPath, "status=404&message=not+found"),
			Response: failed(404, failGetPath, "ServerError|not found"), Error: serverError(404, "not found")},
		&conformance.Case{Name: "errors/fail_get/default_500", Source: "hand-written",
			Call:     &conformance.Call{Function: "fail_get", Args: raw(`{"status":0,"message":"boom"}`)},
			Request:  getJSON(failGetPath, "status=0&message=boom"),
			Response: failed(500, failGetPath, "ServerError|boom"), Error: serverError(500, "boom")},
		&conformance.Case{Name: "errors/panic_now", Source: "hand-written",
			Note:     "SPEC 5: a panic is 500 ServerError|internal error; nothing of the panic reaches the client (Leptos on axum drops the connection)",
			Leptos:   ptr(false),
			Call:     &conformance.Call{Function: "panic_now", Args: raw(`{}`)},
			Request:  postForm(panicPath, ""),
			Response: failed(500, panicPath, "ServerError|internal error"), Error: serverError(500, "internal error")},
		&conformance.Case{Name: "errors/panic_now/server_still_up", Source: "hand-written", Note: "the next call after a panic is served as usual",
			Request: getJSON("/api/ping", ""), Response: okJSON("null")},

		// Content-Type of error answers: SPEC 5's, which Leptos spells without charset.
		notLeptos(serverCase("errors/content_type/function_error", notLeptosCharset,
			postForm(failPath, "status=0&message=boom"),
			responseWith(failed(500, failPath, "ServerError|boom"), "Content-Type", ctText))),
		notLeptos(serverCase("errors/content_type/decode_error", notLeptosCharset,
			postForm("/api/add_todo", ""),
			responseWith(badArgs("/api/add_todo", "Args|missing field `title`"), "Content-Type", ctText))),
		notLeptos(serverCase("errors/content_type/cbor_function_error", notLeptosCharset,
			postCBOR(failCBOR, "a26673746174757300676d65737361676564626f6f6d"),
			responseWith(failed(500, failCBOR, "ServerError|boom"), "Content-Type", ctText))),
		notLeptos(serverCase("errors/content_type/not_found", notLeptosCharset+"; "+notLeptos404,
			postForm("/api/nope", ""), responseWith(notFound("/api/nope"), "Content-Type", ctText))),
		notLeptos(serverCase("errors/content_type/wrong_method", notLeptosCharset+"; "+notLeptos405,
			getJSON("/api/add_todo", ""), responseWith(wrongMethod("/api/add_todo", "POST", "GET"), "Content-Type", ctText))),
		notLeptos(serverCase("errors/content_type/panic", notLeptosCharset,
			postForm(panicPath, ""), responseWith(failed(500, panicPath, "ServerError|internal error"), "Content-Type", ctText))),

		// What clients make of answers sfn's server does not give but others may.
		&conformance.Case{Name: "errors/client/status_201_is_success", Source: "hand-written", Server: ptr(false),
			Note:     "SPEC 5: only 400..599 are errors; any 2xx carries the result",
			Call:     &conformance.Call{Function: "add_todo", Args: raw(`{"title":"x"}`)},
			Request:  postForm("/api/add_todo", "title=x"),
			Response: &conformance.Response{Status: 201, Headers: map[string]string{"Content-Type": ctJSON}, Body: text("1")},
			Result:   raw("1")},
		&conformance.Case{Name: "errors/client/leptos_text_plain", Source: "leptos add_todo/empty", Server: ptr(false),
			Note:     "Leptos's error answer, with Content-Type text/plain",
			Call:     &conformance.Call{Function: "add_todo", Args: raw(`{"title":" "}`)},
			Request:  postForm("/api/add_todo", "title=+"),
			Response: responseWith(failed(500, "/api/add_todo", "ServerError|title must not be empty"), "Content-Type", "text/plain"),
			Error:    serverError(500, "title must not be empty")},
		&conformance.Case{Name: "errors/client/args_tag", Source: "hand-written", Server: ptr(false),
			Note:     "the tag is whatever precedes the first |",
			Call:     &conformance.Call{Function: "add_todo", Args: raw(`{"title":"x"}`)},
			Request:  postForm("/api/add_todo", "title=x"),
			Response: responseWith(failed(500, "/api/add_todo", "Args|missing field `title`"), "Content-Type", ctText),
			Error:    &conformance.ErrorValue{Tag: "Args", Message: "missing field `title`", Status: 500}},
		&conformance.Case{Name: "errors/client/status_422", Source: "hand-written", Server: ptr(false),
			Call:     &conformance.Call{Function: "search", Args: raw(`{"q":"x","page":null,"tags":[]}`)},
			Request:  getJSON("/api/search", "q=x"),
			Response: responseWith(failed(422, "/api/search", "ServerError|bad|query"), "Content-Type", ctText),
			Error:    serverError(422, "bad|query")},
		&conformance.Case{Name: "errors/client/cbor_function", Source: "hand-written", Server: ptr(false),
			Note:     "a CBOR function's error is text, not CBOR",
			Call:     &conformance.Call{Function: "hashed_cbor", Args: raw(`{"title":"x"}`)},
			Request:  postCBOR(hashedCBORPath, "a1657469746c656178"),
			Response: responseWith(failed(503, hashedCBORPath, "ServerError|down"), "Content-Type", ctText),
			Error:    serverError(503, "down")},
	)
	cs = append(cs, foreignBodies()...)
	return cs
}

// Bytes that are not UTF-8 (invalidUTF8Hex), in bodies here and in typed-errors, and their
// text (invalidUTF8Text): one U+FFFD per maximal subpart of an ill-formed sequence, as the
// Unicode Standard recommends and WHATWG's TextDecoder and Rust's String::from_utf8_lossy
// give (ff fe: two; e2 82, a truncated 3-byte sequence: one; ed a0 80, a surrogate: three;
// f0 9f 98, a truncated 4-byte sequence: one; c0 af, an overlong: two; f4 90 80 80, beyond
// U+10FFFF: four).
const invalidUTF8Hex = "ff fe 41 e2 82 42 ed a0 80 f0 9f 98 43 c0 af f4 90 80 80"

var invalidUTF8Text = "\uFFFD\uFFFDA\uFFFDB" + strings.Repeat("\uFFFD", 4) + "C" + strings.Repeat("\uFFFD", 6)

// longBody is lead (white space), head, across, filler repeated and tail, padded with "x"
// before tail to 2,000 bytes; across is a character of several bytes whose first byte is
// within the first 1,024 bytes of the trimmed text and whose last is not. message is what a
// client makes of it: the text trimmed, cut to at most 1,024 bytes before across, then "…".
func longBody(lead, head, across, filler, tail string) (body, message string) {
	if n := len(head); n >= 1024 || n+len(across) <= 1024 {
		panic("longBody: the character does not cross byte 1,024")
	}
	body = lead + head + across
	for len(body)+len(filler)+len(tail) <= 2000 {
		body += filler
	}
	body += strings.Repeat("x", 2000-len(body)-len(tail)) + tail
	return body, head + "…"
}

// foreignBodies are answers that did not come from a server function (a proxy's page) as
// clients must report them: a Response error holding the body's text, made valid UTF-8,
// trimmed and cut to 1 KiB, as sfn's Go and TypeScript clients both give it.
func foreignBodies() []*conformance.Case {
	foreign := func(name, note string, status int, ct string, body conformance.Body, msg string) *conformance.Case {
		return &conformance.Case{Name: "errors/client/" + name, Source: "hand-written", Server: ptr(false), Note: note,
			Call:     &conformance.Call{Function: "add_todo", Args: raw(`{"title":"x"}`)},
			Request:  postForm(addTodoPath, "title=x"),
			Response: &conformance.Response{Status: status, Headers: map[string]string{"Content-Type": ct}, Body: body},
			Error:    &conformance.ErrorValue{Tag: "Response", Message: msg, Status: status}}
	}
	// "<p>" and 1,020 "a" are 1,023 bytes: the 3-byte € crosses byte 1,024.
	long, longMsg := longBody("  \n", "<p>"+strings.Repeat("a", 1020), "€", "😀", "</p>\n")
	cs := []*conformance.Case{
		foreign("foreign_body_cut", "a body that is not Tag|message (here a proxy's page of 2,000 bytes) is a Response error "+
			"holding its text, trimmed, and when over 1 KiB of UTF-8 cut to at most 1,024 bytes before the character "+
			"that crosses byte 1,024 (a 3-byte €), followed by … (U+2026)",
			502, "text/html", text(long), longMsg),
		foreign("foreign_body_invalid_utf8", "each maximal subpart of ill-formed UTF-8 is one U+FFFD, "+
			"as WHATWG's TextDecoder and Rust's String::from_utf8_lossy give",
			502, "text/html", hexBody("3c703e "+invalidUTF8Hex+" 3c2f703e"), "<p>"+invalidUTF8Text+"</p>"),
		{Name: "errors/client/tag_message_invalid_utf8", Source: "hand-written", Server: ptr(false),
			Note:     "the message of a Tag|message body is made valid UTF-8 the same way",
			Call:     &conformance.Call{Function: "add_todo", Args: raw(`{"title":"x"}`)},
			Request:  postForm(addTodoPath, "title=x"),
			Response: responseWith(failed(500, addTodoPath, ""), "Content-Type", ctText),
			Error:    serverError(500, invalidUTF8Text)},
	}
	c := cs[len(cs)-1]
	c.Response.Body = hexBody(hex.EncodeToString([]byte("ServerError|")) + invalidUTF8Hex)
	return cs
}
