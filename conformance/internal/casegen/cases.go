package casegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// A File is a case file as Build makes it: the area, description and cases that Marshal
// writes, and whether Build can make it without ../shared. The cases are package
// conformance's own types, so the files say exactly what the runners load.
type File struct {
	conformance.File
	// Derived says the file holds cases built from ../shared, so it can only be built
	// when that directory is present.
	Derived bool
}

// Marshal returns the file as JSON laid out for reading and diffing: one line per member
// of each case, in conformance.Case's field order, each member's value on its line in
// compact form, HTML characters unescaped, and a final newline.
func (f *File) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("{\n  \"area\": " + jsonString(f.Area) + ",\n  \"description\": " + jsonString(f.Description) + ",\n  \"cases\": [")
	for i, c := range f.Cases {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    {")
		b, err := compactJSON(c)
		if err != nil {
			return nil, fmt.Errorf("case %s: %v", c.Name, err)
		}
		// The case's members in order, each with its compact value.
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if _, err := d.Token(); err != nil {
			return nil, err
		}
		for j := 0; d.More(); j++ {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			var v json.RawMessage
			if err := d.Decode(&v); err != nil {
				return nil, err
			}
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString("\n      " + jsonString(k.(string)) + ": ")
			buf.Write(v)
		}
		buf.WriteString("\n    }")
	}
	buf.WriteString("\n  ]\n}\n")
	return buf.Bytes(), nil
}

// compactJSON is v as compact JSON with HTML characters unescaped.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Content types and Accept values.
const (
	ctForm = "application/x-www-form-urlencoded"
	ctJSON = "application/json"
	ctCBOR = "application/cbor"
	ctText = "text/plain; charset=utf-8"
	// acceptHTML is what a browser sends when it posts a plain form.
	acceptHTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
)

func ptr[T any](v T) *T { return &v }

// Requests, as sfn's clients send them (SPEC section 3).

// postForm is a Url call: a form body.
func postForm(path, body string) *conformance.Request {
	return &conformance.Request{Method: "POST", Target: path,
		Headers: map[string]string{"Content-Type": ctForm, "Accept": ctJSON}, Body: text(body)}
}

// getJSON is a GetJson call: the form in the query, "?" always present.
func getJSON(path, query string) *conformance.Request {
	return &conformance.Request{Method: "GET", Target: path + "?" + query, Headers: map[string]string{"Accept": ctJSON}}
}

// getCBOR is a GetCbor call.
func getCBOR(path, query string) *conformance.Request {
	return &conformance.Request{Method: "GET", Target: path + "?" + query, Headers: map[string]string{"Accept": ctCBOR}}
}

// postCBOR is a Cbor call, its body given in hex.
func postCBOR(path, bodyHex string) *conformance.Request {
	return &conformance.Request{Method: "POST", Target: path,
		Headers: map[string]string{"Content-Type": ctCBOR, "Accept": ctCBOR}, Body: hexBody(bodyHex)}
}

// postJSON is a Json call. A body that is JSON is compared as a JSON value (SPEC 4.2),
// so that a client may write its members in another order or spell numbers otherwise.
func postJSON(path, body string) *conformance.Request {
	b := text(body)
	if json.Valid([]byte(body)) {
		b.Match = "json"
	}
	return &conformance.Request{Method: "POST", Target: path,
		Headers: map[string]string{"Content-Type": ctJSON, "Accept": ctJSON}, Body: b}
}

// requestWith returns r with more headers (a "" value removes one).
func requestWith(r *conformance.Request, kv ...string) *conformance.Request {
	h := map[string]string{}
	for k, v := range r.Headers {
		h[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(h, kv[i])
		} else {
			h[kv[i]] = kv[i+1]
		}
	}
	out := *r
	out.Headers = h
	return &out
}

// Responses.

// okJSON is a successful JSON answer, compared as a JSON value.
func okJSON(body string) *conformance.Response {
	if !json.Valid([]byte(body)) {
		panic("okJSON: not JSON: " + body)
	}
	b := text(body)
	b.Match = "json"
	return &conformance.Response{Status: 200, Headers: map[string]string{"Content-Type": ctJSON},
		AbsentHeaders: []string{"serverfnerror"}, Body: b}
}

// okCBOR is a successful CBOR answer, compared byte for byte.
func okCBOR(bodyHex string) *conformance.Response {
	return &conformance.Response{Status: 200, Headers: map[string]string{"Content-Type": ctCBOR},
		AbsentHeaders: []string{"serverfnerror"}, Body: hexBody(bodyHex)}
}

// failed is an error answer of the function at path, with the exact body. Content-Type is
// left out: Leptos sends text/plain, sfn text/plain; charset=utf-8 (SPEC 5), and the
// cases in errors.json that check it are marked as differing from Leptos.
func failed(status int, path, body string) *conformance.Response {
	return &conformance.Response{Status: status, Headers: map[string]string{"serverfnerror": path}, Body: text(body)}
}

// failedTag is an error answer whose message is the implementation's own wording (a
// decoder's): only the tag of body is compared.
func failedTag(status int, path, body string) *conformance.Response {
	r := failed(status, path, body)
	r.Match = "tag"
	return r
}

// responseWith returns r with more headers.
func responseWith(r *conformance.Response, kv ...string) *conformance.Response {
	h := map[string]string{}
	for k, v := range r.Headers {
		h[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}
	out := *r
	out.Headers = h
	return &out
}

// withAbsent returns r with these headers required to be absent (replacing the list).
func withAbsent(r *conformance.Response, names ...string) *conformance.Response {
	out := *r
	out.AbsentHeaders = names
	return &out
}

func text(s string) conformance.Body { return conformance.Body{Text: &s} }
func hexBody(h string) conformance.Body {
	h = strings.ReplaceAll(h, " ", "")
	return conformance.Body{Hex: &h}
}
func raw(s string) json.RawMessage {
	if !json.Valid([]byte(s)) {
		panic("not JSON: " + s)
	}
	return json.RawMessage(s)
}

// serverError is the client-side error for a ServerError answer.
func serverError(status int, msg string) *conformance.ErrorValue {
	return &conformance.ErrorValue{Tag: "ServerError", Message: msg, Status: status}
}

// jsonString is s as a JSON string, HTML characters unescaped.
func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// check reports mistakes a case file must not have: duplicate names, names outside the
// area, bodies given twice.
func check(files []*File) error {
	seen := map[string]bool{}
	for _, f := range files {
		for _, c := range f.Cases {
			switch {
			case seen[c.Name]:
				return fmt.Errorf("case %q: name used twice", c.Name)
			case !strings.HasPrefix(c.Name, f.Area+"/"):
				return fmt.Errorf("case %q: not in area %q", c.Name, f.Area)
			case c.Call != nil && c.Result == nil && c.Error == nil && c.Items == nil:
				return fmt.Errorf("case %q: a call without a result or an error", c.Name)
			case c.Error != nil && c.Response != nil && c.Error.Status != c.Response.Status:
				return fmt.Errorf("case %q: error status %d, response %d", c.Name, c.Error.Status, c.Response.Status)
			}
			seen[c.Name] = true
		}
	}
	return nil
}
