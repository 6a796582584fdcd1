package casegen

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
	"github.com/sfn-dev/sfn/internal/leptoscorpus"
)

// The Leptos corpus (shared/leptos/corpus.json): exchanges recorded from a real Leptos
// server_fn 0.8 server serving shared/leptos/echo.sfn, which is conformance.sfn's Echo
// service at the same paths.

// routingDifferences are SPEC section 9's deliberate differences in routing.
var routingDifferences = map[string]struct {
	note string
	res  *conformance.Response
}{
	"routing/unknown_fn": {"SPEC 9: an unknown path is 404 with a Registration error, not Leptos's 400 page",
		byTag(&conformance.Response{Status: 404, Body: text("Registration|no server function at /api/nope")})},
	"routing/outside_prefix": {"Leptos's router answers an empty 404 outside its prefix; sfn's handler answers every unknown path 404 with a Registration error",
		byTag(&conformance.Response{Status: 404, Body: text("Registration|no server function at /other")})},
	"routing/wrong_method_get_on_post_fn": {"SPEC 9: a known path called with the wrong method is 405 with Allow, not Leptos's 400 page",
		responseWith(failedTag(405, "/api/echo_url", "Registration|/api/echo_url takes POST, not GET"), "Allow", "POST")},
}

// byTag returns r with its body compared by tag only.
func byTag(r *conformance.Response) *conformance.Response {
	out := *r
	out.Match = "tag"
	return &out
}

// leptosCases turns every recorded exchange into a server case, with sfn's answer where
// it deliberately differs. Exchanges whose answer SPEC leaves open are left out and
// returned by name.
func leptosCases(corpus []*leptoscorpus.Exchange, vf *vectorFile) (cases []*conformance.Case, open []string) {
	encodes := map[string]*encodeVector{}
	for _, v := range vf.Encode {
		encodes[v.Name] = v
	}
	decodes := map[string]*decodeVector{}
	var minimal json.RawMessage
	for _, v := range vf.Decode {
		decodes[v.Name] = v
		if v.Name == "everything_minimal_ok" {
			minimal = v.OK
		}
	}
	fns := map[string]fn{}
	for _, typ := range []string{"Everything", "AddTodo", "Search", "Empty"} {
		for _, f := range fnsOf(typ) {
			fns[f.name] = f
		}
	}
	for _, e := range corpus {
		c := &conformance.Case{
			Name:     "leptos/" + e.Name,
			Source:   "leptos " + e.Name,
			Request:  leptosRequest(e),
			Response: leptosResponse(e),
		}
		if c.Response.Status == 500 && c.Response.Text != nil {
			if tag, _, _ := strings.Cut(*c.Response.Text, "|"); tag == "Args" || tag == "Deserialization" {
				// SPEC 5: 400 for arguments that do not decode; markBadArgs notes it.
				c.Response.Status = 400
			}
		}
		// What sfn's own derivation says of the same vector and function.
		var derived *conformance.Case
		parts := strings.Split(e.Name, "/")
		if len(parts) == 4 && parts[1] == "serde-reference" {
			f, ok := fns[parts[3]]
			if !ok {
				panic("exchange " + e.Name + ": unknown function")
			}
			switch parts[0] {
			case "encode":
				derived = encodeCase(encodes[parts[2]], f)
				if derived.Server != nil && !*derived.Server {
					open = append(open, e.Name)
					continue
				}
			case "decode":
				derived, _ = decodeCase(decodes[parts[2]], f, minimal)
				if derived == nil {
					open = append(open, e.Name)
					continue
				}
			}
		}
		switch {
		case derived != nil && derived.Leptos != nil:
			c.Leptos = ptr(false)
			c.Note = derived.Note
			c.Response = derived.Response
		case routingDifferences[e.Name].res != nil:
			d := routingDifferences[e.Name]
			c.Leptos = ptr(false)
			c.Note = d.note
			c.Response = d.res
		case derived != nil && derived.Response.Status != c.Response.Status:
			panic(fmt.Sprintf("exchange %s: Leptos answered %d, the vectors say %d", e.Name, c.Response.Status, derived.Response.Status))
		}
		cases = append(cases, c)
	}
	return cases, open
}

// leptosRequest is the recorded request as a case sends it, its body written as recorded.
func leptosRequest(e *leptoscorpus.Exchange) *conformance.Request {
	r := &conformance.Request{Method: e.Request.Method, Target: e.Request.Path, Headers: e.Request.Headers}
	switch rec := e.Request; {
	case rec.BodyText != nil:
		r.Text = rec.BodyText
	case rec.BodyHex != nil:
		r.Hex = rec.BodyHex
	case rec.BodyPattern != nil:
		p := rec.BodyPattern
		r.Repeat = &conformance.Repeat{Prefix: p.PrefixText, Repeat: p.RepeatText, Count: p.RepeatCount}
	}
	return r
}

// leptosResponse is the recorded answer as a case expects it: the headers SPEC names (but
// not an error's Content-Type, which is text/plain here and text/plain; charset=utf-8 in
// sfn), those of them Leptos did not send as absent, JSON compared by value, a decoder's
// error by its tag.
func leptosResponse(e *leptoscorpus.Exchange) *conformance.Response {
	rec := e.Response
	r := &conformance.Response{Status: rec.Status, Headers: map[string]string{}}
	for _, h := range [][2]string{{"serverfnerror", "serverfnerror"}, {"location", "Location"}, {"serverfnredirect", "serverfnredirect"}} {
		if v, ok := rec.Headers[h[0]]; ok {
			r.Headers[h[1]] = v
		} else if rec.Status != 404 && rec.Status != 400 {
			r.AbsentHeaders = append(r.AbsentHeaders, h[1])
		}
	}
	ct := rec.Headers["content-type"]
	switch {
	case rec.BodyHex == "":
	case ct == ctJSON:
		r.Headers["Content-Type"] = ct
		r.Body = text(*rec.BodyText)
		r.Match = "json"
	case ct == ctCBOR:
		r.Headers["Content-Type"] = ct
		r.Body = hexBody(rec.BodyHex)
	case rec.BodyText != nil:
		r.Body = text(*rec.BodyText)
		if tag, _, ok := strings.Cut(*rec.BodyText, "|"); ok && tag != "ServerError" {
			r.Match = "tag"
		}
	default:
		r.Body = hexBody(rec.BodyHex)
	}
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	return r
}
