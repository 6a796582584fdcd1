package casegen

import "github.com/sfn-dev/sfn/conformance"

// Hand-written cases of where functions are served (SPEC section 2) and how other paths
// and methods are answered (SPEC sections 7 and 9).

const (
	// The hashed default paths: xxh64("conformance.v1:conformance::v1", seed 0) is
	// 1942854594425574928 (checked against the reference xxh64 values when written).
	hashedURLPath  = "/api/hashed_url1942854594425574928"
	hashedCBORPath = "/v2/hashed_cbor1942854594425574928"

	notLeptos404 = "SPEC 9: an unknown path is 404 with a Registration error (Leptos answers 400)"
	notLeptos405 = "SPEC 9: a known path called with the wrong method is 405 with Allow (Leptos answers 400)"
)

// notFound is the answer to a path no function is served at.
func notFound(path string) *conformance.Response {
	return byTag(&conformance.Response{Status: 404, Body: text("Registration|no server function at " + path)})
}

// wrongMethod is the answer to a known path called with another method.
func wrongMethod(path, allow, method string) *conformance.Response {
	return responseWith(failedTag(405, path, "Registration|"+path+" takes "+allow+", not "+method), "Allow", allow)
}

// serverCase is a case for servers only.
func serverCase(name, note string, req *conformance.Request, res *conformance.Response) *conformance.Case {
	return &conformance.Case{Name: name, Source: "hand-written", Note: note, Request: req, Response: res}
}

// notLeptos marks c as a deliberate difference from Leptos.
func notLeptos(c *conformance.Case) *conformance.Case {
	c.Leptos = ptr(false)
	return c
}

func handPaths() []*conformance.Case {
	bare := func(method, target string) *conformance.Request {
		r := &conformance.Request{Method: method, Target: target, Headers: map[string]string{"Accept": ctJSON}}
		if method != "GET" {
			r.Headers["Content-Type"] = ctForm
			r.Body = text("")
		}
		return r
	}
	return []*conformance.Case{
		{
			Name: "paths/ping/with_question_mark", Source: "leptos ping/with_question_mark",
			Call:     &conformance.Call{Function: "ping", Args: raw(`{}`)},
			Request:  &conformance.Request{Method: "GET", Target: "/api/ping?", Headers: map[string]string{"Accept": ctJSON}},
			Response: &conformance.Response{Status: 200, Headers: map[string]string{"Content-Type": ctJSON}, Body: text("null")},
			Result:   raw("null"),
		},
		serverCase("paths/ping/without_question_mark", "a GET function's query may be absent altogether, as Leptos accepts",
			&conformance.Request{Method: "GET", Target: "/api/ping", Headers: map[string]string{"Accept": ctJSON}}, okJSON("null")),
		serverCase("paths/ping/unknown_query_keys", "keys that match no field are ignored (SPEC 4.1)",
			getJSON("/api/ping", "x=1&y[z]=2"), okJSON("null")),
		serverCase("paths/nothing_get_cbor/without_question_mark", "",
			&conformance.Request{Method: "GET", Target: "/api/nothing_get_cbor", Headers: map[string]string{"Accept": ctCBOR}}, okCBOR("f6")),
		{
			Name: "paths/hashed_url/abc", Source: "hand-written",
			Note:     "no endpoint: prefix + fn name + xxh64(\"conformance.v1:conformance::v1\") (SPEC 2)",
			Call:     &conformance.Call{Function: "hashed_url", Args: raw(`{"title":"abc"}`)},
			Request:  postForm(hashedURLPath, "title=abc"),
			Response: okJSON("3"), Result: raw("3"),
		},
		{
			Name: "paths/hashed_cbor/abc", Source: "hand-written",
			Note:     "no endpoint, the function's own prefix /v2 (SPEC 2)",
			Call:     &conformance.Call{Function: "hashed_cbor", Args: raw(`{"title":"abc"}`)},
			Request:  postCBOR(hashedCBORPath, "a1 65 7469746c65 63 616263"),
			Response: okCBOR("03"), Result: raw("3"),
		},
		notLeptos(serverCase("paths/hashed_url/without_hash", notLeptos404, postForm("/api/hashed_url", "title=abc"), notFound("/api/hashed_url"))),
		notLeptos(serverCase("paths/hashed_cbor/under_api_prefix", notLeptos404,
			postCBOR("/api/hashed_cbor1942854594425574928", "a1657469746c6563616263"), notFound("/api/hashed_cbor1942854594425574928"))),
		notLeptos(serverCase("paths/types/without_service_prefix", notLeptos404,
			postForm("/api/scalars_url", "s32=1"), notFound("/api/scalars_url"))),
		notLeptos(serverCase("paths/case_sensitive", notLeptos404, bare("GET", "/api/PING?"), notFound("/api/PING"))),
		notLeptos(serverCase("paths/trailing_slash", notLeptos404, bare("GET", "/api/ping/?"), notFound("/api/ping/"))),
		notLeptos(serverCase("paths/double_slash", notLeptos404, bare("GET", "//api/ping?"), notFound("//api/ping"))),
		notLeptos(serverCase("paths/unknown_under_v2", notLeptos404, bare("POST", "/v2/nope"), notFound("/v2/nope"))),
		notLeptos(serverCase("paths/wrong_method/get_on_post_function", notLeptos405,
			bare("GET", "/api/add_todo?title=x"), wrongMethod("/api/add_todo", "POST", "GET"))),
		notLeptos(serverCase("paths/wrong_method/post_on_get_function", notLeptos405,
			bare("POST", "/api/ping"), wrongMethod("/api/ping", "GET", "POST"))),
		notLeptos(serverCase("paths/wrong_method/put", notLeptos405,
			bare("PUT", "/api/add_todo"), wrongMethod("/api/add_todo", "POST", "PUT"))),
		notLeptos(serverCase("paths/wrong_method/options",
			notLeptos405+"; a CORS preflight is a CORS middleware's to answer",
			&conformance.Request{Method: "OPTIONS", Target: "/api/add_todo", Headers: map[string]string{"Access-Control-Request-Method": "POST"}},
			wrongMethod("/api/add_todo", "POST", "OPTIONS"))),
		serverCase("paths/post_ignores_query", "a POST function's arguments are its body; a query on its path is not read",
			postForm("/api/add_todo?title=zzzz", "title=ab"), okJSON("2")),
	}
}
