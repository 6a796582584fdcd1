package casegen

import "github.com/sfn-dev/sfn/conformance"

// Hand-written cases of plain HTML form posts (SPEC section 6): a request whose Accept
// contains text/html is answered 302, back to the Referer (or /) with __path and __err
// (base64url with padding of "Tag|message", form-escaped) on failure. The 302 keeps the
// body and headers the answer would have had.

const (
	addTodoPath = "/api/add_todo"
	// errEmptyTitle is __err for "ServerError|title must not be empty", form-escaped.
	errEmptyTitle  = "U2VydmVyRXJyb3J8dGl0bGUgbXVzdCBub3QgYmUgZW1wdHk%3D"
	notLeptosStale = "SPEC 6: __path/__err pairs from an earlier failure are removed (Leptos leaves them)"
)

// formPost is a browser's plain form post, with a Referer unless referer is "".
func formPost(path, body, referer string) *conformance.Request {
	return requestWith(postForm(path, body), "Accept", acceptHTML, "Referer", referer)
}

// formGet is a browser's plain GET form.
func formGet(path, query, referer string) *conformance.Request {
	return requestWith(getJSON(path, query), "Accept", acceptHTML, "Referer", referer)
}

// backTo is the 302 of a successful plain form post with a JSON result.
func backTo(location, jsonBody string) *conformance.Response {
	r := responseWith(okJSON(jsonBody), "Location", location)
	r.Status = 302
	r.AbsentHeaders = []string{"serverfnerror", "serverfnredirect"}
	return r
}

// backWithError is the 302 of a failed plain form post.
func backWithError(location, path, body string) *conformance.Response {
	r := responseWith(failed(302, path, body), "Location", location)
	r.AbsentHeaders = []string{"serverfnredirect"}
	return r
}

func handForms() []*conformance.Case {
	const app = "http://app.test/todos"
	fail := func(name, note string, req *conformance.Request, location string) *conformance.Case {
		return serverCase(name, note, req, backWithError(location, addTodoPath, "ServerError|title must not be empty"))
	}
	ok := func(name, note string, req *conformance.Request, location string) *conformance.Case {
		return serverCase(name, note, req, backTo(location, "8"))
	}
	return []*conformance.Case{
		ok("forms/success/no_referer", "no page to go back to: /", formPost(addTodoPath, "title=buy+milk", ""), "/"),
		ok("forms/success/referer", "", formPost(addTodoPath, "title=buy+milk", app), app),
		ok("forms/success/referer_query_kept", "", formPost(addTodoPath, "title=buy+milk", app+"?x=1&y=a+b"), app+"?x=1&y=a+b"),
		notLeptos(ok("forms/success/stale_pairs_removed", notLeptosStale,
			formPost(addTodoPath, "title=buy+milk", app+"?x=1&__path=%2Fapi%2Fadd_todo&__err="+errEmptyTitle), app+"?x=1")),
		notLeptos(ok("forms/success/only_stale_pairs", notLeptosStale+"; with no query left the ? goes too",
			formPost(addTodoPath, "title=buy+milk", app+"?__path=%2Fapi%2Fadd_todo&__err=abc"), app)),

		fail("forms/failure/no_referer", "no page to show the error on: / without it, as Leptos",
			formPost(addTodoPath, "title=", ""), "/"),
		fail("forms/failure/referer", "", formPost(addTodoPath, "title=", app),
			app+"?__path=%2Fapi%2Fadd_todo&__err="+errEmptyTitle),
		fail("forms/failure/referer_query", "", formPost(addTodoPath, "title=", app+"?x=1"),
			app+"?x=1&__path=%2Fapi%2Fadd_todo&__err="+errEmptyTitle),
		notLeptos(fail("forms/failure/stale_pairs_replaced", notLeptosStale,
			formPost(addTodoPath, "title=+", app+"?__path=%2Fold&__err=b2xk&x=1"),
			app+"?x=1&__path=%2Fapi%2Fadd_todo&__err="+errEmptyTitle)),
		fail("forms/failure/fragment_kept", "the query goes before the fragment",
			formPost(addTodoPath, "title=", app+"?x=1#list"),
			app+"?x=1&__path=%2Fapi%2Fadd_todo&__err="+errEmptyTitle+"#list"),
		serverCase("forms/failure/chosen_status", "a plain form post is answered 302 whatever status the function chose",
			formPost(failPath, "status=404&message=nope", "http://app.test/p"),
			backWithError("http://app.test/p?__path=%2Fapi%2Fbehaviour%2Ffail&__err=U2VydmVyRXJyb3J8bm9wZQ%3D%3D", failPath, "ServerError|nope")),
		serverCase("forms/failure/base64url_dash", "base64url (- and _ for + and /), with padding",
			formPost(failPath, "status=0&message=%3E%3E%3E%3F", "http://app.test/p"),
			backWithError("http://app.test/p?__path=%2Fapi%2Fbehaviour%2Ffail&__err=U2VydmVyRXJyb3J8Pj4-Pw%3D%3D", failPath, "ServerError|>>>?")),
		serverCase("forms/failure/base64url_underscore", "base64url (- and _ for + and /), with padding",
			formPost(failPath, "status=0&message=%3F%3F%3F", "http://app.test/p"),
			backWithError("http://app.test/p?__path=%2Fapi%2Fbehaviour%2Ffail&__err=U2VydmVyRXJyb3J8Pz8_", failPath, "ServerError|???")),
		notLeptos(serverCase("forms/failure/panic", "a panic's error (SPEC 5) goes back like any other",
			formPost(panicPath, "", "http://app.test/p"),
			backWithError("http://app.test/p?__path=%2Fapi%2Fbehaviour%2Fpanic_now&__err=U2VydmVyRXJyb3J8aW50ZXJuYWwgZXJyb3I%3D", panicPath, "ServerError|internal error"))),

		serverCase("forms/accept/text_html_anywhere", "Accept containing text/html anywhere marks a plain form, as Leptos tests it",
			requestWith(postForm(addTodoPath, "title=buy+milk"), "Accept", "application/json, text/html;q=0.5", "Referer", app), backTo(app, "8")),
		serverCase("forms/accept/json_is_not_a_form", "",
			requestWith(postForm(addTodoPath, "title=buy+milk"), "Referer", app),
			withAbsent(okJSON("8"), "serverfnerror", "Location")),
		serverCase("forms/get/search", "a GET form is answered 302 too",
			formGet("/api/search", "q=a&tags[0]=t", "http://app.test/s"),
			backTo("http://app.test/s", `"q=\"a\" page=None tags=[\"t\"]"`)),
		serverCase("forms/get/failure", "",
			formGet(failGetPath, "status=0&message=boom", "http://app.test/s?q=1"),
			backWithError("http://app.test/s?q=1&__path=%2Fapi%2Fbehaviour%2Ffail_get&__err=U2VydmVyRXJyb3J8Ym9vbQ%3D%3D", failGetPath, "ServerError|boom")),
		serverCase("forms/cbor_function", "whatever the encoding, text/html in Accept means a plain form",
			requestWith(postCBOR("/api/nothing_cbor", "a0"), "Accept", acceptHTML),
			func() *conformance.Response {
				r := responseWith(okCBOR("f6"), "Location", "/")
				r.Status = 302
				return r
			}()),
	}
}
