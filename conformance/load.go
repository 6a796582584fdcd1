package conformance

import (
	"bytes"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

//go:embed cases/*.json
var builtin embed.FS

// A Suite is a set of case files, loaded and validated.
type Suite struct {
	// Files are in file name order.
	Files []*File
	// Cases are all the files' cases, in file order and then in order within each file.
	Cases []*Case
}

// Builtin returns the cases built into this package (conformance/cases/*.json).
func Builtin() (*Suite, error) {
	sub, err := fs.Sub(builtin, "cases")
	if err != nil {
		return nil, err
	}
	return load(sub, "conformance/cases")
}

// LoadDir reads and validates the case files (*.json) in dir.
func LoadDir(dir string) (*Suite, error) {
	return load(os.DirFS(dir), dir)
}

// LoadFS reads and validates the case files (*.json) at the root of fsys; display is the name
// that error messages give the directory.
func LoadFS(fsys fs.FS, display string) (*Suite, error) {
	return load(fsys, display)
}

func load(fsys fs.FS, display string) (*Suite, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no case files (*.json)", display)
	}
	slices.Sort(names)
	s := &Suite{}
	var errs []error
	seen := map[string]*Case{}
	for _, name := range names {
		p := filepath.Join(display, name)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, ferrs := parseFile(p, data)
		errs = append(errs, ferrs...)
		if f == nil {
			continue
		}
		s.Files = append(s.Files, f)
		for _, c := range f.Cases {
			if c.Name == "" {
				continue
			}
			if prev, ok := seen[c.Name]; ok {
				errs = append(errs, fmt.Errorf("%s: case %q: name already used in %s", c.File, c.Name, prev.File))
				continue
			}
			seen[c.Name] = c
			s.Cases = append(s.Cases, c)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// parseFile decodes and checks one case file, reporting every mistake it finds.
func parseFile(p string, data []byte) (*File, []error) {
	var top struct {
		Area        string            `json:"area"`
		Description string            `json:"description"`
		Cases       []json.RawMessage `json:"cases"`
	}
	if key, ok := duplicateMember(data, 1); ok {
		return nil, []error{fmt.Errorf("%s: member %q appears twice", p, key)}
	}
	if err := decodeStrict(data, &top); err != nil {
		return nil, []error{fmt.Errorf("%s: %v", p, err)}
	}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{p}, args...)...))
	}
	f := &File{Path: p, Area: top.Area, Description: top.Description}
	if f.Area == "" {
		fail("no area")
	}
	for i, raw := range top.Cases {
		var named struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(raw, &named) // for the error messages; the strict decode reports problems
		what := fmt.Sprintf("case %d", i+1)
		if named.Name != "" {
			what = fmt.Sprintf("case %q", named.Name)
		}
		if key, ok := duplicateMember(raw, -1); ok {
			fail("%s: member %q appears twice", what, key)
			continue
		}
		c := &Case{}
		if err := decodeStrict(raw, c); err != nil {
			fail("%s: %v", what, err)
			continue
		}
		c.File = p
		if c.Name == "" {
			fail("%s has no name", what)
			continue
		}
		for _, msg := range checkCase(f.Area, c) {
			fail("%s: %s", what, msg)
		}
		f.Cases = append(f.Cases, c)
	}
	return f, errs
}

// decodeStrict decodes one JSON value into v, refusing members v does not have and trailing data.
func decodeStrict(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// duplicateMember reports the path of the first object member that appears twice in its
// object, looking maxDepth objects deep (-1: all the way). encoding/json silently keeps the
// last one, which would hide a mistake in a case file.
func duplicateMember(data []byte, maxDepth int) (string, bool) {
	type frame struct {
		keys    map[string]bool // nil for an array
		wantKey bool
		path    string
		depth   int // objects from the top, this one included
	}
	d := json.NewDecoder(bytes.NewReader(data))
	var stack []*frame
	last := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	pending := "" // the path of the value about to be read
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false // syntax errors are the strict decoder's to report
		}
		top := last()
		if top != nil && top.keys != nil && top.wantKey {
			if k, ok := tok.(string); ok {
				pending = k
				if top.path != "" {
					pending = top.path + "." + k
				}
				if top.keys[k] && (maxDepth < 0 || top.depth <= maxDepth) {
					return pending, true
				}
				top.keys[k] = true
				top.wantKey = false
				continue
			}
		}
		if top != nil && top.keys == nil {
			pending = top.path
		}
		depth := 0
		if top != nil {
			depth = top.depth
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]bool{}, wantKey: true, path: pending, depth: depth + 1})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{path: pending, depth: depth})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return "", false
			}
		}
		if top := last(); top != nil && top.keys != nil {
			top.wantKey = true
		}
	}
}

var (
	tokenRE  = regexp.MustCompile(`^[!#$%&'*+\-.^_` + "`" + `|~0-9A-Za-z]+$`)
	methodRE = regexp.MustCompile(`^[A-Z]+$`)
)

// checkCase returns the case's mistakes, each as a message without the file and case name.
func checkCase(area string, c *Case) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if area != "" && !strings.HasPrefix(c.Name, area+"/") {
		fail("name must start with the file's area %q and a slash", area+"/")
	}
	if c.Websocket != nil {
		return append(errs, checkWebsocketCase(c)...)
	}
	if c.Items != nil {
		fail("has items but no websocket")
	}
	if c.Call != nil && c.Call.Input != nil && !json.Valid(c.Call.Input) {
		fail("call input is not JSON")
	}
	switch {
	case c.Request == nil && c.Response == nil && c.Call == nil:
		fail("neither a server case nor a client case: it needs a request and a response")
	case c.Request == nil && c.Response != nil:
		fail("has a response but no request")
	case c.Request != nil && c.Response == nil:
		fail("has a request but no response")
	}
	if c.Call != nil {
		if c.Request == nil || c.Response == nil {
			fail("has a call, so it needs a request and a response")
		}
		if c.Result == nil && c.Error == nil {
			fail("has a call but neither a result nor an error")
		}
		if c.Call.Function == "" {
			fail("call has no function")
		}
		if c.Call.Args != nil && !isJSONObject(c.Call.Args) {
			fail("call args must be a JSON object (the arguments message), not %s", clip(string(c.Call.Args), 40))
		}
	} else {
		for _, m := range []struct {
			name    string
			present bool
		}{{"result", c.Result != nil}, {"error", c.Error != nil}, {"redirect", c.Redirect != nil}, {"requires", c.Requires != nil}} {
			if m.present {
				fail("has %s but no call", m.name)
			}
		}
		if c.Server != nil && !*c.Server {
			fail(`is marked "server": false but is not a client case`)
		}
	}
	if c.Result != nil && c.Error != nil {
		fail("has both a result and an error")
	}
	if c.Redirect != nil && c.Result == nil {
		fail("has a redirect but no result")
	}
	for _, r := range c.Requires {
		if !slices.Contains(Features, r) {
			fail("requires unknown feature %q (known: %s)", r, strings.Join(Features, ", "))
		}
	}
	if e := c.Error; e != nil && e.Typed != nil {
		if e.Tag != "" || e.Message != "" || e.MessageMatch != "" {
			fail("a typed error has a status and typed only, no tag, message or message_match")
		}
		if !isVariant(e.Typed) {
			fail(`error typed must be an object of one member, the variant: {"NotFound": {...}}, not %s`, clip(string(e.Typed), 40))
		}
		if e.Status < 400 || e.Status > 599 {
			fail("error status %d is not 400-599", e.Status)
		} else if c.Response != nil && e.Status != c.Response.Status {
			fail("error status %d differs from the response status %d", e.Status, c.Response.Status)
		}
	} else if e != nil {
		if e.Tag == "" || strings.Contains(e.Tag, "|") {
			fail("error tag %q is not a tag", e.Tag)
		}
		if e.MessageMatch != "" && e.MessageMatch != MatchExact && e.MessageMatch != MatchAny {
			fail("error message_match %q is not %s or %s", e.MessageMatch, MatchExact, MatchAny)
		}
		if (e.Status < 400 || e.Status > 599) && !(e.Tag == "Deserialization" && e.Status >= 200 && e.Status <= 299) {
			// A success status comes with an error only when the client could not read the answer.
			fail("error status %d is not 400-599 (only a Deserialization error may have a 2xx status)", e.Status)
		} else if c.Response != nil && e.Status != c.Response.Status {
			fail("error status %d differs from the response status %d", e.Status, c.Response.Status)
		}
	}
	if r := c.Request; r != nil {
		if !methodRE.MatchString(r.Method) {
			fail("request method %q is not an HTTP method", r.Method)
		}
		if !strings.HasPrefix(r.Target, "/") || strings.ContainsAny(r.Target, " \t\r\n") {
			fail("request target %q must start with / and hold no white space", r.Target)
		}
		errs = append(errs, checkHeaders("request", r.Headers, nil)...)
		errs = append(errs, checkBody("request", &r.Body, false)...)
		if r.Match == MatchMultipart {
			if _, err := multipartParts(headerValue(r.Headers, "Content-Type"), r.Bytes()); err != nil {
				fail("request body_match multipart: %v", err)
			}
		}
	}
	if r := c.Response; r != nil {
		if r.Status < 100 || r.Status > 599 {
			fail("response status %d is not 100-599", r.Status)
		}
		errs = append(errs, checkHeaders("response", r.Headers, r.AbsentHeaders)...)
		errs = append(errs, checkBody("response", &r.Body, true)...)
	}
	return errs
}

func checkHeaders(what string, headers map[string]string, absent []string) []string {
	var errs []string
	names := make([]string, 0, len(headers))
	for name := range headers {
		names = append(names, name)
	}
	slices.Sort(names)
	seen := map[string]string{}
	for _, name := range names {
		if !tokenRE.MatchString(name) {
			errs = append(errs, fmt.Sprintf("%s header name %q is not a token", what, name))
		}
		if strings.ContainsAny(headers[name], "\r\n\x00") {
			errs = append(errs, fmt.Sprintf("%s header %s: value holds a line break or NUL", what, name))
		}
		if prev, ok := seen[strings.ToLower(name)]; ok {
			errs = append(errs, fmt.Sprintf("%s headers %q and %q are the same header", what, prev, name))
		}
		seen[strings.ToLower(name)] = name
	}
	for _, name := range absent {
		if !tokenRE.MatchString(name) {
			errs = append(errs, fmt.Sprintf("%s absent header name %q is not a token", what, name))
		}
		if prev, ok := seen[strings.ToLower(name)]; ok {
			errs = append(errs, fmt.Sprintf("%s header %q is both required and absent", what, prev))
		}
	}
	return errs
}

// maxBody bounds body_repeat, so that a typo in a count cannot exhaust memory.
const maxBody = 64 << 20

func checkBody(what string, b *Body, response bool) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(what+" "+format, args...)) }
	n := 0
	for _, present := range []bool{b.Text != nil, b.Hex != nil, b.Repeat != nil} {
		if present {
			n++
		}
	}
	if n > 1 {
		fail("has more than one of body_text, body_hex and body_repeat")
	}
	if b.Hex != nil {
		if _, err := hex.DecodeString(*b.Hex); err != nil {
			fail("body_hex: %v", err)
		}
	}
	if r := b.Repeat; r != nil {
		switch {
		case r.Count < 0:
			fail("body_repeat count %d is negative", r.Count)
		case r.Count > 0 && r.Repeat == "":
			fail("body_repeat has a count but nothing to repeat")
		case r.Repeat != "" && r.Count > (maxBody-len(r.Prefix))/len(r.Repeat):
			fail("body_repeat is over %d bytes", maxBody)
		}
	}
	switch b.Match {
	case "", MatchExact:
	case MatchJSON:
		if n <= 1 && !json.Valid(b.Bytes()) {
			fail("body_match is json but the body is not JSON")
		}
	case MatchTag:
		if !response {
			fail("body_match tag is only for responses")
		} else if b.Text == nil || !strings.Contains(*b.Text, "|") {
			fail("body_match tag needs a body_text holding a '|'")
		}
	case MatchMultipart:
		if response {
			fail("body_match multipart is only for requests")
		}
	case MatchErrorTag:
		if !response {
			fail("body_match error_tag is only for responses")
		} else if _, _, _, ok := frameworkTag(b.Bytes()); !ok || b.Repeat != nil {
			fail(`body_match error_tag needs a body_text or body_hex holding {"Variant":{"Tag":"message"}} in JSON or CBOR`)
		}
	default:
		fail("body_match %q is not exact, json, multipart, tag or error_tag", b.Match)
	}
	return errs
}

// isVariant reports whether raw is a JSON object of exactly one member: an error type's
// value, its variant externally tagged.
func isVariant(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && len(m) == 1
}

func isJSONObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}

// Select returns the cases whose names re matches (all of them when re is nil).
func Select(cases []*Case, re *regexp.Regexp) []*Case {
	if re == nil {
		return cases
	}
	var out []*Case
	for _, c := range cases {
		if re.MatchString(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// checkWebsocketCase returns the mistakes of a case with a websocket exchange.
func checkWebsocketCase(c *Case) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	w := c.Websocket
	if c.Request != nil || c.Response != nil {
		fail("a websocket case has no request or response")
	}
	if c.Result != nil || c.Error != nil || c.Redirect != nil {
		fail("a websocket case has items, not a result, an error or a redirect")
	}
	if c.Call != nil {
		if c.Call.Function == "" {
			fail("call has no function")
		}
		if c.Call.Args != nil && !isJSONObject(c.Call.Args) {
			fail("call args must be a JSON object (the arguments message), not %s", clip(string(c.Call.Args), 40))
		}
		if c.Call.Input != nil && !isJSONArray(c.Call.Input) {
			fail("call input of a websocket function must be a JSON array of items")
		}
		if c.Items == nil {
			fail("has a call but no items")
		}
		if w.Close != nil && w.Close.CloseBy() == CloseByClient {
			fail(`a client case cannot have "by": "client": the client under test decides when it closes`)
		}
	} else {
		if c.Items != nil {
			fail("has items but no call")
		}
		if c.Requires != nil {
			fail("has requires but no call")
		}
		if c.Server != nil && !*c.Server {
			fail(`is marked "server": false but is not a client case`)
		}
	}
	for _, r := range c.Requires {
		if !slices.Contains(Features, r) {
			fail("requires unknown feature %q (known: %s)", r, strings.Join(Features, ", "))
		}
	}
	for i, it := range c.Items {
		switch {
		case it == nil || (it.Item == nil) == (it.Error == nil):
			fail("items[%d] needs exactly one of item and error", i)
		case it.Error != nil:
			if it.Error.Tag == "" || strings.Contains(it.Error.Tag, "|") {
				fail("items[%d] error tag %q is not a tag", i, it.Error.Tag)
			}
			if m := it.Error.MessageMatch; m != "" && m != MatchExact && m != MatchAny {
				fail("items[%d] error message_match %q is not %s or %s", i, m, MatchExact, MatchAny)
			}
		}
	}
	if !strings.HasPrefix(w.Target, "/") || strings.ContainsAny(w.Target, " \t\r\n") {
		fail("websocket target %q must start with / and hold no white space", w.Target)
	}
	errs = append(errs, checkHeaders("websocket", w.Headers, nil)...)
	for i, f := range w.Send {
		errs = append(errs, checkFrame(fmt.Sprintf("websocket send[%d]", i), f, true)...)
	}
	for i, f := range w.Receive {
		errs = append(errs, checkFrame(fmt.Sprintf("websocket receive[%d]", i), f, false)...)
	}
	switch {
	case w.Close == nil:
		fail("websocket has no close")
	case w.Close.Code < 1000 || w.Close.Code > 4999 || w.Close.Code == 1005 || w.Close.Code == 1006:
		fail("websocket close code %d is not one a close frame can carry", w.Close.Code)
	case w.Close.By != "" && w.Close.By != CloseByServer && w.Close.By != CloseByClient:
		fail("websocket close by %q is not %s or %s", w.Close.By, CloseByServer, CloseByClient)
	}
	return errs
}

func checkFrame(what string, f *Frame, send bool) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(what+" "+format, args...)) }
	if f == nil {
		return []string{what + " is null"}
	}
	n := 0
	for _, present := range []bool{f.Item != nil, f.Error != nil, f.Hex != nil, f.Repeat != nil, f.End} {
		if present {
			n++
		}
	}
	if n != 1 {
		fail("needs exactly one of item, error, hex, repeat and end")
	}
	if f.Item != nil && !json.Valid(f.Item) {
		fail("item is not JSON")
	}
	if f.Hex != nil {
		if _, err := hex.DecodeString(*f.Hex); err != nil {
			fail("hex: %v", err)
		}
	}
	if r := f.Repeat; r != nil {
		switch {
		case r.Count < 0:
			fail("repeat count %d is negative", r.Count)
		case r.Count > 0 && r.Repeat == "":
			fail("repeat has a count but nothing to repeat")
		case r.Repeat != "" && r.Count > (maxBody-len(r.Prefix))/len(r.Repeat):
			fail("repeat is over %d bytes", maxBody)
		}
	}
	if f.Text && !send {
		fail("text_frame is for the frames a client sends")
	}
	switch f.Match {
	case "":
	case MatchExact:
	case MatchJSON:
		if f.Item == nil {
			fail("match json is for items")
		}
	case MatchTag:
		if f.Error == nil || !strings.Contains(*f.Error, "|") {
			fail("match tag needs an error holding a '|'")
		}
	default:
		fail("match %q is not exact, json or tag", f.Match)
	}
	return errs
}

func isJSONArray(raw json.RawMessage) bool {
	var a []json.RawMessage
	return json.Unmarshal(raw, &a) == nil && a != nil
}

// headerValue returns the value of the header name (any spelling) in headers, or "".
func headerValue(headers map[string]string, name string) string {
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
