package rpc

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrorTag names the kind of a server function error, the part of an error body before the
// first "|" (SPEC section 5). The names are Leptos's ServerFnError variants.
type ErrorTag string

// The tags Leptos server_fn 0.8 writes and reads: its ServerFnError variants and ServerFnErrorErr's.
const (
	// TagServerError: the function ran and failed.
	TagServerError ErrorTag = "ServerError"
	// TagArgs: form-encoded arguments did not decode.
	TagArgs ErrorTag = "Args"
	// TagDeserialization: JSON or CBOR arguments (or, on a client, a result) did not decode.
	TagDeserialization ErrorTag = "Deserialization"
	// TagSerialization: a value could not be encoded.
	TagSerialization ErrorTag = "Serialization"
	// TagRequest: the request could not be made or sent; clients use it for network failures.
	TagRequest ErrorTag = "Request"
	// TagResponse: the response could not be read, or was not a server function's answer.
	TagResponse ErrorTag = "Response"
	// TagMiddlewareError: something around the function (an interceptor) failed.
	TagMiddlewareError ErrorTag = "MiddlewareError"
	// TagRegistration: the function is not registered.
	TagRegistration ErrorTag = "Registration"
	// TagMissingArg: a required argument was absent.
	TagMissingArg ErrorTag = "MissingArg"
	// TagWrappedServerFn: an application-defined error type, carried as text.
	TagWrappedServerFn ErrorTag = "WrappedServerFn"
	// TagUnsupportedRequestMethod: a client could not build a request with the method.
	TagUnsupportedRequestMethod ErrorTag = "UnsupportedRequestMethod"
)

// Known reports whether t is one of the tags above.
func (t ErrorTag) Known() bool {
	switch t {
	case TagServerError, TagArgs, TagDeserialization, TagSerialization, TagRequest,
		TagResponse, TagMiddlewareError, TagRegistration, TagMissingArg, TagWrappedServerFn,
		TagUnsupportedRequestMethod:
		return true
	}
	return false
}

// Error is a server function error as the caller sees it: its tag, message and HTTP status.
// It is the one error type of sfn's Go runtime: a function returns it (NewError, or
// server.Errorf) to choose what its caller is told, the server answers with it, and the
// native and WebAssembly clients return it, so application code checks any of them with
//
//	var e *rpc.Error
//	if errors.As(err, &e) && e.Status == 404 { ... }
//
// Servers write it with Body; clients read it with ParseErrorBody.
type Error struct {
	Tag     ErrorTag
	Message string
	// Status is the HTTP status the error came with (0 when it never reached HTTP, as
	// for a Request error raised by a client before any answer).
	Status int
}

// NewError returns a function error (tag ServerError) with message msg, which the server
// answers with the given HTTP status, a 4xx or 5xx; any other status becomes 500. A
// function returns it to say, for example, that its arguments were fine but wrong:
// rpc.NewError(400, "title must not be empty"). Its message reaches the caller as is, so it
// must say nothing the caller may not know. server.Errorf formats the message; this
// package does not, so that a WebAssembly client does not link fmt.
func NewError(status int, msg string) *Error {
	if status < 400 || status > 599 {
		status = 500
	}
	return &Error{Tag: TagServerError, Message: msg, Status: status}
}

// Error returns "Tag: message".
func (e *Error) Error() string { return string(e.Tag) + ": " + e.Message }

// Body returns the error's wire body, "Tag|message". The message is sent as is; it may
// itself contain "|", since readers split at the first one.
func (e *Error) Body() []byte {
	b := make([]byte, 0, len(e.Tag)+1+len(e.Message))
	b = append(b, e.Tag...)
	b = append(b, '|')
	return append(b, e.Message...)
}

// maxForeignBody caps how much of a body that is not a server function error ends up in
// an Error's message: such bodies come from proxies and can be whole HTML pages.
const maxForeignBody = 1024

// ParseErrorBody reads an error answer's body. A body of the form "Tag|message" with one
// of the known tags gives that tag and message. Anything else (a proxy's page, a plain-text
// 404, an empty body) did not come from a server function, so it gives TagResponse with the
// body's text, made valid UTF-8, trimmed and cut to 1 KiB, as the message; an empty body
// gives a message naming the status instead. The result is never nil.
func ParseErrorBody(status int, body []byte) *Error {
	if i := bytes.IndexByte(body, '|'); i >= 0 {
		if tag := ErrorTag(body[:i]); tag.Known() {
			return &Error{Tag: tag, Message: validUTF8(body[i+1:]), Status: status}
		}
	}
	return &Error{Tag: TagResponse, Message: foreignText(status, body), Status: status}
}

// foreignText is a body that is not a server function error as a message: valid UTF-8,
// trimmed and cut to 1 KiB, or a note of the status when empty.
func foreignText(status int, body []byte) string {
	msg := strings.TrimSpace(validUTF8(body))
	if len(msg) > maxForeignBody {
		cut := maxForeignBody
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	if msg == "" {
		msg = "status " + strconv.Itoa(status) + " with an empty body"
	}
	return msg
}

// validUTF8 is b as text, each maximal subpart of an ill-formed sequence replaced by one
// U+FFFD, as the Unicode Standard recommends ("U+FFFD substitution of maximal subparts")
// and as WHATWG's TextDecoder (sfn's TypeScript client) and Rust's String::from_utf8_lossy
// (Leptos) do: a truncated start of a valid sequence is one U+FFFD, and so is each byte that
// can neither start nor continue one (ff fe 41 is "\uFFFD\uFFFDA", e2 82 41 "\uFFFDA").
// strings.ToValidUTF8 would make one U+FFFD of a whole run, so clients would differ.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			out = append(out, b[i:i+n]...)
		} else {
			n = subpart(b[i:])
			out = append(out, "\uFFFD"...)
		}
		i += n
	}
	return string(out)
}

// subpart is the length of the maximal subpart at the start of b, which does not start
// with a valid sequence: its first byte and the bytes after it that continue a valid
// prefix (Unicode's Table 3-7 of well-formed byte sequences).
func subpart(b []byte) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 2
	case c == 0xE0:
		need, lo = 3, 0xA0
	case c == 0xED:
		need, hi = 3, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 3
	case c == 0xF0:
		need, lo = 4, 0x90
	case c == 0xF4:
		need, hi = 4, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 4
	}
	n := 1
	for n < need && n < len(b) && b[n] >= lo && b[n] <= hi {
		n, lo, hi = n+1, 0x80, 0xBF
	}
	return n
}
