package rpc

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorBody(t *testing.T) {
	t.Parallel()
	if got := string((&Error{Tag: TagArgs, Message: "missing field `s`"}).Body()); got != "Args|missing field `s`" {
		t.Errorf("Body = %q", got)
	}
	long := strings.Repeat("é", 600) // 1200 bytes
	cases := []struct {
		name   string
		status int
		body   string
		want   *Error
	}{
		{"server error", 500, "ServerError|title must not be empty", &Error{TagServerError, "title must not be empty", 500}},
		{"split at the first bar", 400, "Args|a|b", &Error{TagArgs, "a|b", 400}},
		{"serde_json position kept", 500, "Deserialization|missing field `s` at line 1 column 2", &Error{TagDeserialization, "missing field `s` at line 1 column 2", 500}},
		{"every tag", 500, "WrappedServerFn|x", &Error{TagWrappedServerFn, "x", 500}},
		{"empty message", 500, "MissingArg|", &Error{TagMissingArg, "", 500}},
		{"unknown tag", 502, "Oops|bad gateway", &Error{TagResponse, "Oops|bad gateway", 502}},
		{"no tag", 404, "  not found\n", &Error{TagResponse, "not found", 404}},
		{"empty body", 503, "", &Error{TagResponse, "status 503 with an empty body", 503}},
		{"not UTF-8", 500, "Args|a\xffb", &Error{TagArgs, "a\uFFFDb", 500}},
		{"long foreign body cut", 502, long, &Error{TagResponse, strings.Repeat("é", 512) + "…", 502}},
		{"long foreign body cut on a character", 502, "a" + long, &Error{TagResponse, "a" + strings.Repeat("é", 511) + "…", 502}},
		{"foreign body not UTF-8", 502, " \xff\xfeA\xe2\x82 ", &Error{TagResponse, "\uFFFD\uFFFDA\uFFFD", 502}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ParseErrorBody(tc.status, []byte(tc.body))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseErrorBody(%d, %q) (-want +got):\n%s", tc.status, tc.body, diff)
			}
		})
	}
	e := NewError(404, "boom")
	if e.Error() != "ServerError: boom" || string(e.Body()) != "ServerError|boom" || e.Status != 404 {
		t.Errorf("Error() = %q, Body() = %q, Status = %d", e.Error(), e.Body(), e.Status)
	}
	for _, status := range []int{0, 200, 302, 399, 600} {
		if got := NewError(status, "x").Status; got != 500 {
			t.Errorf("NewError(%d).Status = %d, want 500", status, got)
		}
	}
	for _, tag := range []ErrorTag{TagServerError, TagArgs, TagDeserialization, TagSerialization, TagRequest, TagUnsupportedRequestMethod,
		TagResponse, TagMiddlewareError, TagRegistration, TagMissingArg, TagWrappedServerFn} {
		if !tag.Known() {
			t.Errorf("%s is not Known", tag)
		}
		if got := ParseErrorBody(500, e.Body()); got.Tag != TagServerError {
			t.Errorf("round trip of %q gives %v", e.Body(), got)
		}
	}
	if ErrorTag("serverError").Known() {
		t.Errorf("tags are case-sensitive")
	}
}

// TestValidUTF8 holds validUTF8 to what WHATWG's TextDecoder (sfn's TypeScript client)
// gives for the same bytes, new TextDecoder().decode(Uint8Array.from([...])) in Node: one
// U+FFFD per maximal subpart of an ill-formed sequence, as Rust's from_utf8_lossy.
func TestValidUTF8(t *testing.T) {
	t.Parallel()
	cases := []struct{ hex, want string }{
		{"ff fe 41", "\uFFFD\uFFFDA"}, // two bytes that start nothing: one each
		{"e2 82 41", "\uFFFDA"},       // a truncated 3-byte sequence: one
		{"e2 82", "\uFFFD"},           // truncated at the end
		{"c3", "\uFFFD"},              // a truncated 2-byte sequence
		{"f0 9f 98", "\uFFFD"},        // a truncated 4-byte sequence
		{"f0 9f 98 41", "\uFFFDA"},
		{"f0 9f", "\uFFFD"},
		{"e0 80 41", "\uFFFD\uFFFDA"},      // overlong: E0 takes A0..BF, so 80 starts nothing
		{"e0 a0", "\uFFFD"},                // a truncated E0 sequence
		{"ed a0 80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate: ED takes 80..9F
		{"ed bf", "\uFFFD\uFFFD"},
		{"ed 9f bf", "\uD7FF"},                      // U+D7FF, valid
		{"f4 90 80 80", "\uFFFD\uFFFD\uFFFD\uFFFD"}, // beyond U+10FFFF: F4 takes 80..8F
		{"f4 8f bf bf", "\U0010FFFF"},               // U+10FFFF, valid
		{"f0 80 80 80", "\uFFFD\uFFFD\uFFFD\uFFFD"}, // overlong 4-byte
		{"c0 af", "\uFFFD\uFFFD"},                   // C0 and C1 start nothing
		{"c1 bf", "\uFFFD\uFFFD"},
		{"80 bf 41", "\uFFFD\uFFFDA"},                        // lone continuation bytes
		{"f5 80", "\uFFFD\uFFFD"},                            // F5 starts nothing
		{"f8 88 80 80 80", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"}, // a 5-byte form
		{"61 e2 28 a1", "a\uFFFD(\uFFFD"},
		{"ef bf bd", "\uFFFD"},                                      // U+FFFD itself, valid
		{"e1 80 e2 f0 91 92 f1 bf 41", "\uFFFD\uFFFD\uFFFD\uFFFDA"}, // truncated 3-, 3-, 4-, 4-byte sequences in a row
		{"c3 a9 ff c3 a9", "\u00E9\uFFFD\u00E9"},                    // valid around
		{"", ""},
		{"41 42", "AB"},
	}
	for _, tc := range cases {
		b, err := hex.DecodeString(strings.ReplaceAll(tc.hex, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		if got := validUTF8(b); got != tc.want {
			t.Errorf("validUTF8(% x) = %+q, want %+q", b, got, tc.want)
		}
	}
}
