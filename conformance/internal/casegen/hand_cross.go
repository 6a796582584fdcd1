package casegen

import "github.com/sfn-dev/sfn/conformance"

// Hand-written cases of cross-origin protection (SPEC section 7), by net/http's
// CrossOriginProtection rules: a POST whose Sec-Fetch-Site is cross-site or same-site is
// refused 403 MiddlewareError; without Sec-Fetch-Site, one whose Origin's host is not the
// request's Host is refused; requests with neither header pass, and so do GETs. Leptos has
// no such check, so refusals are marked as differences. (A same-host Origin cannot be
// written here: the Host is the server's address, unknown to the case.)

const notLeptosCSRF = "SPEC 7: cross-origin POSTs are refused (Leptos has no such check)"

func handCrossOrigin() []*conformance.Case {
	post := func(kv ...string) *conformance.Request { return requestWith(postForm(addTodoPath, "title=abc"), kv...) }
	refused := func(path string) *conformance.Response {
		r := failedTag(403, path, "MiddlewareError|cross-origin request refused")
		r.AbsentHeaders = []string{"Location"}
		return r
	}
	allowed := okJSON("3")
	return []*conformance.Case{
		notLeptos(serverCase("cross-origin/sec_fetch_site/cross_site", notLeptosCSRF,
			post("Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), refused(addTodoPath))),
		notLeptos(serverCase("cross-origin/sec_fetch_site/cross_site_without_origin", notLeptosCSRF,
			post("Sec-Fetch-Site", "cross-site"), refused(addTodoPath))),
		notLeptos(serverCase("cross-origin/sec_fetch_site/same_site", notLeptosCSRF+"; a sibling subdomain is another origin",
			post("Sec-Fetch-Site", "same-site", "Origin", "https://other.app.test"), refused(addTodoPath))),
		serverCase("cross-origin/sec_fetch_site/same_origin", "", post("Sec-Fetch-Site", "same-origin"), allowed),
		serverCase("cross-origin/sec_fetch_site/none", "a user-initiated request (typed URL, bookmark)", post("Sec-Fetch-Site", "none"), allowed),
		serverCase("cross-origin/sec_fetch_site/wins_over_origin", "Sec-Fetch-Site decides when present",
			post("Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example"), allowed),
		notLeptos(serverCase("cross-origin/origin/other_host", notLeptosCSRF+"; an old browser without Sec-Fetch-Site",
			post("Origin", "https://evil.example"), refused(addTodoPath))),
		notLeptos(serverCase("cross-origin/origin/other_port", notLeptosCSRF,
			post("Origin", "http://127.0.0.1:1"), refused(addTodoPath))),
		notLeptos(serverCase("cross-origin/origin/null", notLeptosCSRF+"; an opaque origin (sandboxed frame, file:)",
			post("Origin", "null"), refused(addTodoPath))),
		serverCase("cross-origin/no_headers", "neither header: not a browser (curl, a server-side client)", post(), allowed),
		serverCase("cross-origin/get_is_never_refused", "GET functions are never refused: they must not change anything",
			requestWith(getJSON("/api/search", "q=a&tags[0]=t"), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"),
			okJSON(`"q=\"a\" page=None tags=[\"t\"]"`)),
		serverCase("cross-origin/get_cbor_is_never_refused", "",
			requestWith(getCBOR("/api/nothing_get_cbor", ""), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"),
			okCBOR("f6")),
		notLeptos(serverCase("cross-origin/plain_form_not_redirected",
			notLeptosCSRF+"; a refused plain form post is not sent back to the (attacker's) Referer",
			post("Accept", acceptHTML, "Referer", "https://evil.example/page", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"),
			refused(addTodoPath))),
		notLeptos(serverCase("cross-origin/cbor", notLeptosCSRF,
			requestWith(postCBOR("/api/nothing_cbor", "a0"), "Sec-Fetch-Site", "cross-site"), refused("/api/nothing_cbor"))),
		notLeptos(serverCase("cross-origin/json", notLeptosCSRF,
			requestWith(postJSON("/api/nothing_json", "{}"), "Sec-Fetch-Site", "cross-site"), refused("/api/nothing_json"))),
		notLeptos(serverCase("cross-origin/function_not_called", notLeptosCSRF+"; the function does not run: no panic",
			requestWith(postForm(panicPath, ""), "Sec-Fetch-Site", "cross-site"), refused(panicPath))),
		notLeptos(serverCase("cross-origin/unknown_path", notLeptos404,
			requestWith(postForm("/api/nope", ""), "Sec-Fetch-Site", "cross-site"), notFound("/api/nope"))),
	}
}
