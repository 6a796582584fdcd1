package conformance

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// caseFile wraps case objects in a file of area "a".
func caseFile(cases ...string) string {
	return `{"area": "a", "description": "d", "cases": [` + strings.Join(cases, ",") + `]}`
}

const (
	okServer = `{"name": "a/s", "request": {"method": "GET", "target": "/x?"}, "response": {"status": 200, "body_text": "null"}}`
	okClient = `{"name": "a/c", "call": {"function": "f", "args": {"n": 9007199254740993}}, "request": {"method": "POST", "target": "/x", "headers": {"Content-Type": "application/json"}, "body_text": "{\"n\":9007199254740993}", "body_match": "json"}, "response": {"status": 200, "body_hex": "00"}, "result": 1, "requires": ["int64"]}`
)

func TestLoad(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"b.json":     {Data: []byte(`{"area": "b", "description": "", "cases": [{"name": "b/only", "request": {"method": "GET", "target": "/b?"}, "response": {"status": 404}, "leptos": false}]}`)},
		"a.json":     {Data: []byte(caseFile(okServer, okClient))},
		"empty.json": {Data: []byte(`{"area": "empty", "description": "filled in later", "cases": null}`)},
		"notes.txt":  {Data: []byte("not a case file")},
	}
	s, err := LoadFS(fsys, "dir")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range s.Cases {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"a/s", "a/c", "b/only"}, names); diff != "" {
		t.Errorf("cases (-want +got):\n%s", diff)
	}
	if len(s.Files) != 3 || s.Files[0].Path != "dir/a.json" || s.Cases[2].File != "dir/b.json" {
		t.Errorf("files %+v", s.Files)
	}
	c := s.Cases[1]
	if !c.IsClientCase() || !c.IsServerCase() || c.DiffersFromLeptos() || string(c.Call.Args) != `{"n": 9007199254740993}` || string(c.Result) != "1" {
		t.Errorf("client case %+v", c)
	}
	if b := s.Cases[2]; b.IsClientCase() || !b.IsServerCase() || !b.DiffersFromLeptos() || b.Response.Bytes() != nil {
		t.Errorf("server case %+v", b)
	}
	if got := Select(s.Cases, regexp.MustCompile(`^a/`)); len(got) != 2 {
		t.Errorf("Select ^a/: %d cases", len(got))
	}
	if got := Select(s.Cases, nil); len(got) != 3 {
		t.Errorf("Select nil: %d cases", len(got))
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string // the error's lines
	}{
		{"no files", map[string]string{}, []string{"dir: no case files (*.json)"}},
		{"not JSON", map[string]string{"a.json": `{"area": `}, []string{"dir/a.json: unexpected EOF"}},
		{"unknown file member", map[string]string{"a.json": `{"area": "a", "description": "", "cases": [], "extra": 1}`},
			[]string{`dir/a.json: json: unknown field "extra"`}},
		{"trailing data", map[string]string{"a.json": caseFile() + "{}"}, []string{"dir/a.json: data after the JSON value"}},
		{"no area", map[string]string{"a.json": `{"description": "", "cases": []}`}, []string{"dir/a.json: no area"}},
		{"duplicate file member", map[string]string{"a.json": `{"area": "a", "area": "b", "cases": []}`},
			[]string{`dir/a.json: member "area" appears twice`}},
		{"unknown case member", map[string]string{"a.json": caseFile(strings.Replace(okServer, `"name"`, `"reslut": 1, "name"`, 1))},
			[]string{`dir/a.json: case "a/s": json: unknown field "reslut"`}},
		{"unknown nested member", map[string]string{"a.json": caseFile(strings.Replace(okServer, `"status"`, `"body_json": 1, "status"`, 1))},
			[]string{`dir/a.json: case "a/s": json: unknown field "body_json"`}},
		{"duplicate case member", map[string]string{"a.json": caseFile(strings.Replace(okServer, `"status": 200`, `"status": 200, "status": 500`, 1))},
			[]string{`dir/a.json: case "a/s": member "response.status" appears twice`}},
		{"no name", map[string]string{"a.json": caseFile(strings.Replace(okServer, `"name": "a/s", `, "", 1))},
			[]string{"dir/a.json: case 1 has no name"}},
		{"wrong area", map[string]string{"a.json": caseFile(strings.Replace(okServer, `a/s`, `b/s`, 1))},
			[]string{`dir/a.json: case "b/s": name must start with the file's area "a/" and a slash`}},
		{"duplicate names", map[string]string{"a.json": caseFile(okServer), "b.json": strings.Replace(caseFile(okServer), `"area": "a"`, `"area": "b"`, 1)},
			[]string{`dir/b.json: case "a/s": name must start with the file's area "b/" and a slash`, `dir/b.json: case "a/s": name already used in dir/a.json`}},
		{"nothing", map[string]string{"a.json": caseFile(`{"name": "a/n"}`)},
			[]string{`dir/a.json: case "a/n": neither a server case nor a client case: it needs a request and a response`}},
		{"request only", map[string]string{"a.json": caseFile(`{"name": "a/r", "request": {"method": "GET", "target": "/"}}`)},
			[]string{`dir/a.json: case "a/r": has a request but no response`}},
		{"client case without result", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"result": 1, `, "", 1))},
			[]string{`dir/a.json: case "a/c": has a call but neither a result nor an error`}},
		{"result and error", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"result": 1`, `"result": 1, "error": {"tag": "ServerError", "message": "m", "status": 200}`, 1))},
			[]string{`dir/a.json: case "a/c": has both a result and an error`, `dir/a.json: case "a/c": error status 200 is not 400-599 (only a Deserialization error may have a 2xx status)`}},
		{"error status differs", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"result": 1`, `"error": {"tag": "", "message": "m", "status": 500}`, 1))},
			[]string{`dir/a.json: case "a/c": error tag "" is not a tag`, `dir/a.json: case "a/c": error status 500 differs from the response status 200`}},
		{"message_match", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"result": 1`, `"error": {"tag": "Args", "message": "", "status": 200, "message_match": "some"}`, 1))},
			[]string{`dir/a.json: case "a/c": error message_match "some" is not exact or any`, `dir/a.json: case "a/c": error status 200 is not 400-599 (only a Deserialization error may have a 2xx status)`}},
		{"result without call", map[string]string{"a.json": caseFile(strings.Replace(okServer, `"name": "a/s"`, `"name": "a/s", "result": null, "redirect": "/", "server": false`, 1))},
			[]string{`dir/a.json: case "a/s": has result but no call`, `dir/a.json: case "a/s": has redirect but no call`, `dir/a.json: case "a/s": is marked "server": false but is not a client case`}},
		{"redirect without result", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"result": 1`, `"redirect": "/", "error": {"tag": "T", "message": "", "status": 200}`, 1))},
			[]string{`dir/a.json: case "a/c": has a redirect but no result`, `dir/a.json: case "a/c": error status 200 is not 400-599 (only a Deserialization error may have a 2xx status)`}},
		{"unknown feature", map[string]string{"a.json": caseFile(strings.Replace(okClient, `["int64"]`, `["int64", "int128"]`, 1))},
			[]string{`dir/a.json: case "a/c": requires unknown feature "int128" (known: int64, empty-query, websocket, items-after-error, text-stream, upload)`}},
		{"bad call", map[string]string{"a.json": caseFile(strings.Replace(okClient, `"function": "f", "args": {"n": 9007199254740993}`, `"function": "", "args": [1]`, 1))},
			[]string{`dir/a.json: case "a/c": call has no function`, `dir/a.json: case "a/c": call args must be a JSON object (the arguments message), not [1]`}},
		{"bad request", map[string]string{"a.json": caseFile(`{"name": "a/r", "request": {"method": "get", "target": "x y", "headers": {"Bad Name": "v", "A": "line\nbreak", "a": "again"}}, "response": {"status": 200}}`)},
			[]string{
				`dir/a.json: case "a/r": request method "get" is not an HTTP method`,
				`dir/a.json: case "a/r": request target "x y" must start with / and hold no white space`,
				`dir/a.json: case "a/r": request header A: value holds a line break or NUL`,
				`dir/a.json: case "a/r": request header name "Bad Name" is not a token`,
				`dir/a.json: case "a/r": request headers "A" and "a" are the same header`,
			}},
		{"bad response", map[string]string{"a.json": caseFile(`{"name": "a/r", "request": {"method": "GET", "target": "/", "body_match": "tag"}, "response": {"status": 99, "headers": {"X": "1"}, "absent_headers": ["x"], "body_text": "a", "body_hex": "0g", "body_match": "regexp"}}`)},
			[]string{
				`dir/a.json: case "a/r": request body_match tag is only for responses`,
				`dir/a.json: case "a/r": response status 99 is not 100-599`,
				`dir/a.json: case "a/r": response header "X" is both required and absent`,
				`dir/a.json: case "a/r": response has more than one of body_text, body_hex and body_repeat`,
				`dir/a.json: case "a/r": response body_hex: encoding/hex: invalid byte: U+0067 'g'`,
				`dir/a.json: case "a/r": response body_match "regexp" is not exact, json, multipart, tag or error_tag`,
			}},
		{"websocket", map[string]string{"a.json": caseFile(
			`{"name": "a/w", "websocket": {"target": "/ws", "send": [{"item": {"a": 1}}, {"end": true}], "receive": [{"error": "Args|x", "match": "tag"}], "close": {"code": 1000, "by": "client"}}}`,
			`{"name": "a/x", "request": {"method": "GET", "target": "/"}, "websocket": {"target": "ws", "send": [{"item": 1, "hex": "00"}, {"hex": "0g"}, {"end": true, "match": "json"}], "receive": [{"error": "x", "match": "tag", "text_frame": true}], "close": {"code": 1005, "by": "them"}}}`,
			`{"name": "a/y", "call": {"function": "f", "input": {"a": 1}}, "websocket": {"target": "/ws", "receive": [], "close": {"code": 1000, "by": "client"}}, "items": [{"item": 1, "error": {"tag": "T", "message": ""}}, {"error": {"tag": "", "message": ""}}]}`,
			`{"name": "a/z", "call": {"function": "f"}, "websocket": {"target": "/ws", "receive": []}}`,
		)},
			[]string{
				`dir/a.json: case "a/x": a websocket case has no request or response`,
				`dir/a.json: case "a/x": websocket target "ws" must start with / and hold no white space`,
				`dir/a.json: case "a/x": websocket send[0] needs exactly one of item, error, hex, repeat and end`,
				`dir/a.json: case "a/x": websocket send[1] hex: encoding/hex: invalid byte: U+0067 'g'`,
				`dir/a.json: case "a/x": websocket send[2] match json is for items`,
				`dir/a.json: case "a/x": websocket receive[0] text_frame is for the frames a client sends`,
				`dir/a.json: case "a/x": websocket receive[0] match tag needs an error holding a '|'`,
				`dir/a.json: case "a/x": websocket close code 1005 is not one a close frame can carry`,
				`dir/a.json: case "a/y": call input of a websocket function must be a JSON array of items`,
				`dir/a.json: case "a/y": a client case cannot have "by": "client": the client under test decides when it closes`,
				`dir/a.json: case "a/y": items[0] needs exactly one of item and error`,
				`dir/a.json: case "a/y": items[1] error tag "" is not a tag`,
				`dir/a.json: case "a/z": has a call but no items`,
				`dir/a.json: case "a/z": websocket has no close`,
			}},
		{"multipart", map[string]string{"a.json": caseFile(`{"name": "a/m", "request": {"method": "POST", "target": "/", "headers": {"Content-Type": "text/plain"}, "body_text": "x", "body_match": "multipart"}, "response": {"status": 200, "body_match": "multipart"}}`)},
			[]string{
				`dir/a.json: case "a/m": request body_match multipart: Content-Type "text/plain" is not multipart/form-data with a boundary`,
				`dir/a.json: case "a/m": response body_match multipart is only for requests`,
			}},
		{"typed error", map[string]string{"a.json": caseFile(
			strings.Replace(okClient, `"result": 1`, `"error": {"tag": "Args", "message": "m", "status": 404, "typed": {"NotFound": {"id": 7}, "Gone": {}}}`, 1),
			strings.Replace(strings.Replace(okClient, `"a/c"`, `"a/d"`, 1), `"result": 1`, `"error": {"status": 200, "typed": 1}`, 1),
		)},
			[]string{
				`dir/a.json: case "a/c": a typed error has a status and typed only, no tag, message or message_match`,
				`dir/a.json: case "a/c": error typed must be an object of one member, the variant: {"NotFound": {...}}, not {"NotFound": {"id": 7}, "Gone": {}}`,
				`dir/a.json: case "a/c": error status 404 differs from the response status 200`,
				`dir/a.json: case "a/d": error typed must be an object of one member, the variant: {"NotFound": {...}}, not 1`,
				`dir/a.json: case "a/d": error status 200 is not 400-599`,
			}},
		{"error_tag", map[string]string{"a.json": caseFile(
			`{"name": "a/1", "request": {"method": "GET", "target": "/", "body_match": "error_tag"}, "response": {"status": 400, "body_text": "{\"A\":{\"Args\":1}}", "body_match": "error_tag"}}`,
			`{"name": "a/2", "request": {"method": "GET", "target": "/"}, "response": {"status": 400, "body_hex": "a1614aa161426163", "body_match": "error_tag"}}`,
			`{"name": "a/3", "request": {"method": "GET", "target": "/"}, "response": {"status": 400, "body_hex": "a1614aa16142616300", "body_match": "error_tag"}}`,
		)},
			[]string{
				`dir/a.json: case "a/1": request body_match error_tag is only for responses`,
				`dir/a.json: case "a/1": response body_match error_tag needs a body_text or body_hex holding {"Variant":{"Tag":"message"}} in JSON or CBOR`,
				`dir/a.json: case "a/3": response body_match error_tag needs a body_text or body_hex holding {"Variant":{"Tag":"message"}} in JSON or CBOR`,
			}},
		{"bad bodies", map[string]string{"a.json": caseFile(
			`{"name": "a/1", "request": {"method": "GET", "target": "/", "body_hex": "abc"}, "response": {"status": 400, "body_text": "no bar", "body_match": "tag"}}`,
			`{"name": "a/2", "request": {"method": "GET", "target": "/", "body_text": "{", "body_match": "json"}, "response": {"status": 200, "body_repeat": {"prefix": "", "repeat": "", "count": 3}}}`,
			`{"name": "a/3", "request": {"method": "GET", "target": "/", "body_repeat": {"prefix": "", "repeat": "ab", "count": 99999999}}, "response": {"status": 200, "body_repeat": {"prefix": "", "repeat": "a", "count": -1}}}`,
		)},
			[]string{
				`dir/a.json: case "a/1": request body_hex: encoding/hex: odd length hex string`,
				`dir/a.json: case "a/1": response body_match tag needs a body_text holding a '|'`,
				`dir/a.json: case "a/2": request body_match is json but the body is not JSON`,
				`dir/a.json: case "a/2": response body_repeat has a count but nothing to repeat`,
				`dir/a.json: case "a/3": request body_repeat is over 67108864 bytes`,
				`dir/a.json: case "a/3": response body_repeat count -1 is negative`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, err := LoadFS(fsys, "dir")
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadDirTestdata(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"server", "client"} {
		s := loadTestdata(t, dir)
		if len(s.Cases) < 10 {
			t.Errorf("testdata/%s: %d cases", dir, len(s.Cases))
		}
	}
}

func TestBody(t *testing.T) {
	t.Parallel()
	text, hexs := "a|b", "00ff"
	for _, tt := range []struct {
		body Body
		want string
	}{
		{Body{}, ""},
		{Body{Text: &text}, "a|b"},
		{Body{Hex: &hexs}, "\x00\xff"},
		{Body{Repeat: &Repeat{Prefix: "t=", Repeat: "ab", Count: 3}}, "t=ababab"},
	} {
		if got := string(tt.body.Bytes()); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.body, got, tt.want)
		}
	}
	if (&Body{}).MatchMode() != MatchExact || (&Body{Match: MatchTag}).MatchMode() != MatchTag {
		t.Error("MatchMode")
	}
}

func TestDuplicateMember(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		json  string
		depth int
		want  string
	}{
		{`{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}`, -1, ""},
		{`{"a": {"b": [1, {"c": 1, "c": 2}]}}`, -1, "a.b.c"},
		{`{"a": {"b": [1, {"c": 1, "c": 2}]}}`, 1, ""},
		{`{"a": [], "b": {}, "a": 1}`, 1, "a"},
		{`{"x": {"y": 1}, "z": {"y": 2, "w": 3, "w": 4}}`, -1, "z.w"},
		{`[{"a": 1}, {"a": 1, "a": 2}]`, -1, "a"},
	} {
		got, _ := duplicateMember([]byte(tt.json), tt.depth)
		if got != tt.want {
			t.Errorf("duplicateMember(%s, %d) = %q, want %q", tt.json, tt.depth, got, tt.want)
		}
	}
}
