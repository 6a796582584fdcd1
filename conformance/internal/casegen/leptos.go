package casegen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The Leptos corpus (shared/leptos/corpus.json): exchanges recorded from a real Leptos
// server_fn 0.8 server serving shared/leptos/echo.sfn, which is conformance.sfn's Echo
// service at the same paths.

type exchange struct {
	Name    string `json:"name"`
	Request struct {
		Method   string            `json:"method"`
		Path     string            `json:"path"`
		Headers  map[string]string `json:"headers"`
		BodyText *string           `json:"body_text"`
		BodyHex  *string           `json:"body_hex"`
	} `json:"request"`
	Response struct {
		Status   int               `json:"status"`
		Headers  map[string]string `json:"headers"`
		BodyHex  string            `json:"body_hex"`
		BodyText *string           `json:"body_text"`
	} `json:"response"`
}

func loadCorpus(shared string) ([]*exchange, error) {
	data, err := os.ReadFile(filepath.Join(shared, "leptos", "corpus.json"))
	if err != nil {
		return nil, err
	}
	var c struct {
		Exchanges []*exchange `json:"exchanges"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("corpus.json: %v", err)
	}
	return c.Exchanges, nil
}

// routingDifferences are SPEC section 9's deliberate differences in routing.
var routingDifferences = map[string]struct {
	note string
	res  *Response
}{
	"routing/unknown_fn": {"SPEC 9: an unknown path is 404 with a Registration error, not Leptos's 400 page",
		(&Response{Status: 404, Body: text("Registration|no server function at /api/nope")}).tag()},
	"routing/outside_prefix": {"Leptos's router answers an empty 404 outside its prefix; sfn's handler answers every unknown path 404 with a Registration error",
		(&Response{Status: 404, Body: text("Registration|no server function at /other")}).tag()},
	"routing/wrong_method_get_on_post_fn": {"SPEC 9: a known path called with the wrong method is 405 with Allow, not Leptos's 400 page",
		failedTag(405, "/api/echo_url", "Registration|/api/echo_url takes POST, not GET").withHeaders("Allow", "POST")},
}

// tag returns r with its body compared by tag only.
func (r *Response) tag() *Response {
	out := *r
	out.Match = "tag"
	return &out
}

// leptosCases turns every recorded exchange into a server case, with sfn's answer where
// it deliberately differs. Exchanges whose answer SPEC leaves open are left out and
// returned by name.
func leptosCases(corpus []*exchange, vf *vectorFile) (cases []*Case, open []string) {
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
		c := &Case{
			Name:     "leptos/" + e.Name,
			Source:   "leptos " + e.Name,
			Request:  e.request(),
			Response: e.response(),
		}
		// What sfn's own derivation says of the same vector and function.
		var derived *Case
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

func (e *exchange) request() *Request {
	r := &Request{Method: e.Request.Method, Target: e.Request.Path, Headers: e.Request.Headers}
	switch {
	case e.Request.BodyText != nil:
		r.Text = e.Request.BodyText
	case e.Request.BodyHex != nil:
		r.Hex = e.Request.BodyHex
	}
	return r
}

// response is the recorded answer as a case expects it: the headers SPEC names (but not
// an error's Content-Type, which is text/plain here and text/plain; charset=utf-8 in
// sfn), those of them Leptos did not send as absent, JSON compared by value, a decoder's
// error by its tag.
func (e *exchange) response() *Response {
	rec := e.Response
	r := &Response{Status: rec.Status, Headers: map[string]string{}}
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
