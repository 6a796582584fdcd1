package casegen

import "github.com/sfn-dev/sfn/conformance"

// Hand-written cases of redirects asked for inside a function (SPEC section 6, Leptos's
// server_fn redirect): for clients the answer keeps its status and body and gains
// Location and an empty serverfnredirect header, which clients follow after returning
// the result; a plain form post is answered 302 to the location instead of the Referer.

const (
	redirectPath     = "/api/behaviour/redirect"
	redirectJSONPath = "/api/behaviour/redirect_json"
)

// redirected is the answer to a client whose function asked for a redirect to location.
func redirected(location string) *conformance.Response {
	r := responseWith(okJSON("null"), "Location", location, "serverfnredirect", "")
	return r
}

func handRedirects() []*conformance.Case {
	redirect := func(name, function string, req *conformance.Request, location string) *conformance.Case {
		return &conformance.Case{Name: name, Source: "hand-written",
			Call:    &conformance.Call{Function: function, Args: raw(`{"location":` + jsonString(location) + `}`)},
			Request: req, Response: redirected(location), Result: raw("null"), Redirect: ptr(location)}
	}
	plain := func(location string) *conformance.Response {
		r := responseWith(okJSON("null"), "Location", location)
		r.Status = 302
		r.AbsentHeaders = []string{"serverfnerror", "serverfnredirect"}
		return r
	}
	return []*conformance.Case{
		redirect("redirects/redirect/relative", "redirect", postForm(redirectPath, "location=%2Fdone"), "/done"),
		redirect("redirects/redirect/absolute", "redirect",
			postForm(redirectPath, "location=https%3A%2F%2Fexample.com%2Fx%3Fa%3D1"), "https://example.com/x?a=1"),
		redirect("redirects/redirect/query_and_fragment", "redirect",
			postForm(redirectPath, "location=%2Fsearch%3Fq%3Da%2520b%26p%3D2%23top"), "/search?q=a%20b&p=2#top"),
		redirect("redirects/redirect_json/relative", "redirect_json", postJSON(redirectJSONPath, `{"location":"/next"}`), "/next"),
		serverCase("redirects/plain_form/redirect", "the function's location replaces the Referer",
			formPost(redirectPath, "location=%2Fdone", "http://app.test/p"), plain("/done")),
		serverCase("redirects/plain_form/no_referer", "", formPost(redirectPath, "location=%2Fdone", ""), plain("/done")),
		serverCase("redirects/plain_form/redirect_json", "",
			requestWith(postJSON(redirectJSONPath, `{"location":"/next"}`), "Accept", acceptHTML, "Referer", "http://app.test/p"), plain("/next")),
	}
}
