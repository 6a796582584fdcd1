package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// Plain HTML forms (SPEC section 6). A <form action="/api/add_todo" method="post"> works
// without JavaScript: the browser posts the form and, because it asks for a page
// (Accept: text/html), the server answers 302 back to the page the form was on, with the
// error, if any, in that page's query string for it to show:
//
//	302 Location: https://app.example/todos?x=1&__path=%2Fapi%2Fadd_todo&__err=U2VydmVy...
//
// __path names the function that failed and __err is the error body "Tag|message" in
// base64url with padding, as Leptos's ServerFnUrlError writes it. Pairs left over from an
// earlier failure are removed first (Leptos leaves them in place, so a page could show a
// stale error after a later success).

// Query keys of a plain form failure.
const (
	formPathKey = "__path"
	formErrKey  = "__err"
)

// acceptsHTML reports whether the request came from a plain form: Leptos's own test is a
// substring match on Accept, kept as is so both servers classify requests alike.
func acceptsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// formLocation is where a plain form post is sent back to: the Referer with stale error
// pairs removed and, on failure (errBody, the error's body), the new ones appended. The Referer's other query pairs
// are kept as they were sent, in order (empty ones from "&&" dropped), and so is the rest
// of it.
//
// Without a Referer the answer goes to "/" with no error pairs, as Leptos does (its URL
// parser cannot join the pairs to a bare path): there is no page to show them on.
func formLocation(referer, path string, errBody []byte) string {
	if referer == "" {
		return "/"
	}
	rest, frag := referer, ""
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, frag = rest[:i], rest[i:]
	}
	base, query, _ := strings.Cut(rest, "?")

	var q strings.Builder
	for pair := range strings.SplitSeq(query, "&") {
		if pair == "" || isErrorPair(pair) {
			continue
		}
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(pair)
	}
	if errBody != nil {
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(formPathKey + "=")
		q.WriteString(formEscape(path))
		q.WriteString("&" + formErrKey + "=")
		q.WriteString(formEscape(base64.URLEncoding.EncodeToString(errBody)))
	}
	if q.Len() == 0 {
		// No query left (or none to begin with): drop the "?" too.
		return base + frag
	}
	return base + "?" + q.String() + frag
}

// isErrorPair reports whether a raw query pair is an __path or __err pair, whichever way
// its key is escaped.
func isErrorPair(pair string) bool {
	key, _, _ := strings.Cut(pair, "=")
	if k, err := url.QueryUnescape(key); err == nil {
		key = k
	}
	return key == formPathKey || key == formErrKey
}

// formEscape escapes s as application/x-www-form-urlencoded does (the WHATWG URL
// standard, which Rust's url crate and so Leptos follow): ASCII letters, digits and
// "*-._" stay, space becomes "+", every other byte becomes %XX. url.QueryEscape differs
// on "*" and "~", which a function path may hold.
func formEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
