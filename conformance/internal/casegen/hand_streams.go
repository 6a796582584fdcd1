package casegen

import (
	"strings"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of streams and uploads (SPEC 11), on the functions of service Streams:
// websockets (echo, count), a text stream (upper) and an upload (sizes), with the reference
// server's limits (conformance/refserver: items and text streams up to 4 MiB, uploads of 10
// parts and 1 MiB per part, count up to 1,000).

const (
	echoPath   = "/api/streams/echo"
	countPath  = "/api/streams/count"
	upperPath  = "/api/streams/upper"
	sizesPath  = "/api/uploads/sizes"
	ctStream   = "application/octet-stream"
	boundary   = "sfn-conformance-boundary"
	ctMultiOne = "multipart/form-data; boundary=" + boundary

	notLeptosUpgrade = "SPEC 11 and docs/streams.md: sfn refuses a websocket upgrade from another origin (cross-site " +
		"websocket hijacking); Leptos has no such check"
	notLeptosEnd = "sfn's end-of-input frame (0x00 alone): Leptos has no end-of-input signal and hands it to the " +
		"function as a Deserialization error item, so a Leptos echo would send that error back and go on"
)

// Frames.
func item(json string) *conformance.Frame { return &conformance.Frame{Item: raw(json)} }
func errItem(text string) *conformance.Frame {
	return &conformance.Frame{Error: &text}
}

// errTag is an error item compared by its tag: the message is the implementation's own.
func errTag(text string) *conformance.Frame {
	return &conformance.Frame{Error: &text, Match: conformance.MatchTag}
}
func hexFrame(h string) *conformance.Frame { return &conformance.Frame{Hex: &h} }
func textFrame(s string) *conformance.Frame {
	return &conformance.Frame{Hex: ptr(hexOf(s)), Text: true}
}

var end = &conformance.Frame{End: true}

func frames(f ...*conformance.Frame) []*conformance.Frame {
	if f == nil {
		return []*conformance.Frame{}
	}
	return f
}

// ws is a websocket exchange at path ending with the server's close 1000.
func ws(path string, send, receive []*conformance.Frame) *conformance.Websocket {
	return &conformance.Websocket{Target: path, Send: send, Receive: frames(receive...), Close: &conformance.Close{Code: 1000}}
}

func wsCase(name, note string, w *conformance.Websocket) *conformance.Case {
	return &conformance.Case{Name: name, Source: "hand-written", Note: note, Websocket: w}
}

// Stream items a client yields.
func yieldItem(json string) *conformance.StreamItem { return &conformance.StreamItem{Item: raw(json)} }
func yieldError(tag, message string) *conformance.StreamItem {
	return &conformance.StreamItem{Error: &conformance.ItemError{Tag: tag, Message: message}}
}
func yieldAnyError(tag string) *conformance.StreamItem {
	return &conformance.StreamItem{Error: &conformance.ItemError{Tag: tag, MessageMatch: conformance.MatchAny}}
}

// wsClientCase is a client case: call function with input (or args), the mock server
// expects the frames send and answers receive and close; the client must yield items.
func wsClientCase(name, note, function, args, input string, w *conformance.Websocket, items []*conformance.StreamItem, requires ...string) *conformance.Case {
	c := &conformance.Case{Name: name, Source: "hand-written", Note: note, Call: &conformance.Call{Function: function},
		Websocket: w, Items: items, Server: ptr(false), Requires: append([]string{"websocket"}, requires...)}
	if args != "" {
		c.Call.Args = raw(args)
	}
	if input != "" {
		c.Call.Input = raw(input)
	}
	return c
}

// upgrade is a browser's websocket upgrade request for path, as a plain request.
func upgrade(path string, kv ...string) *conformance.Request {
	return requestWith(&conformance.Request{Method: "GET", Target: path, Headers: map[string]string{
		"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
		"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
	}}, kv...)
}

// postText is a StreamingText call: the text as the raw body.
func postText(path, body string) *conformance.Request {
	return &conformance.Request{Method: "POST", Target: path,
		Headers: map[string]string{"Content-Type": ctStream}, Body: text(body)}
}

// okText is a StreamingText answer.
func okText(body string) *conformance.Response {
	return &conformance.Response{Status: 200, Headers: map[string]string{"Content-Type": ctStream},
		AbsentHeaders: []string{"serverfnerror"}, Body: text(body)}
}

// part is one part of a multipart body with the suite's boundary.
func part(field, fileName, contentType, content string) string {
	h := `--` + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + `"`
	if fileName != "" {
		h += `; filename="` + fileName + `"`
	}
	h += "\r\n"
	if contentType != "" {
		h += "Content-Type: " + contentType + "\r\n"
	}
	return h + "\r\n" + content + "\r\n"
}

const multipartEnd = "--" + boundary + "--\r\n"

// postMultipart is a MultipartFormData call whose body is parts then the closing boundary.
func postMultipart(path string, parts ...string) *conformance.Request {
	return &conformance.Request{Method: "POST", Target: path,
		Headers: map[string]string{"Content-Type": ctMultiOne, "Accept": ctJSON},
		Body:    text(strings.Join(parts, "") + multipartEnd)}
}

func handStreams() []*conformance.Case {
	long := &conformance.Frame{Repeat: &conformance.Repeat{Prefix: "\x00{\"text\":\"", Repeat: "a", Count: 4 << 20}}
	sizesBody := []string{
		part("avatar", "me.png", "image/png", "PNG\r\n\x1a\n\x00"),
		part("name", "", "", "Ada"),
		part("notes", "notes.txt", "text/plain", "hello, world"),
		part("empty", "empty.bin", "application/octet-stream", ""),
	}
	sizesResult := `{"files":[{"field":"avatar","name":"me.png","size":8},{"field":"notes","name":"notes.txt","size":12},` +
		`{"field":"empty","name":"empty.bin","size":0}],"fields":{"name":"Ada"}}`
	var tooMany []string
	for range 11 {
		tooMany = append(tooMany, part("f", "", "", "x"))
	}
	return []*conformance.Case{
		// echo: items both ways.
		notLeptos(wsCase("streams/echo/items", notLeptosEnd,
			ws(echoPath, frames(item(`{"text":"a"}`), item(`{"text":"héllo ✓"}`), item(`{"text":""}`), end),
				frames(item(`{"text":"a"}`), item(`{"text":"héllo ✓"}`), item(`{"text":""}`))))),
		notLeptos(wsCase("streams/echo/no_items", notLeptosEnd, ws(echoPath, frames(end), nil))),
		notLeptos(wsCase("streams/echo/unknown_member", "an unknown member is ignored, as serde's default; "+notLeptosEnd,
			ws(echoPath, frames(item(`{"text":"a","extra":[1]}`), end), frames(item(`{"text":"a"}`))))),
		// Bad frames: each is an error item, and the stream goes on.
		notLeptos(wsCase("streams/echo/empty_frame", "an empty frame is a Deserialization error item (SPEC 11); "+notLeptosEnd,
			ws(echoPath, frames(hexFrame(""), item(`{"text":"after"}`), end),
				frames(errTag("Deserialization|an empty frame"), item(`{"text":"after"}`))))),
		notLeptos(wsCase("streams/echo/unknown_tag", "tag 0x07 is neither an item nor an error: a Deserialization error item; "+notLeptosEnd,
			ws(echoPath, frames(hexFrame("07"+hexOf(`{"text":"x"}`)), item(`{"text":"after"}`), end),
				frames(errTag("Deserialization|unknown tag"), item(`{"text":"after"}`))))),
		notLeptos(wsCase("streams/echo/bad_json", "an item whose JSON does not decode; "+notLeptosEnd,
			ws(echoPath, frames(hexFrame("00"+hexOf(`{"text":`)), item(`{"text":"after"}`), end),
				frames(errTag("Deserialization|bad JSON"), item(`{"text":"after"}`))))),
		notLeptos(wsCase("streams/echo/wrong_type", "an item of the wrong shape; "+notLeptosEnd,
			ws(echoPath, frames(item(`{"text":5}`), item(`[]`), end),
				frames(errTag("Deserialization|wrong type"), errTag("Deserialization|wrong type"))))),
		notLeptos(wsCase("streams/echo/client_error_item", "an error item the client sends reaches the function as an Err, "+
			"which echo sends back as it is; "+notLeptosEnd,
			ws(echoPath, frames(errItem("ServerError|from the client"), end), frames(errItem("ServerError|from the client"))))),
		notLeptos(wsCase("streams/echo/text_frame_item", "text frames are read as their bytes (SPEC 11): "+
			"a text frame holding 0x00 and JSON (NUL is valid UTF-8) is an item; "+notLeptosEnd,
			ws(echoPath, frames(textFrame("\x00{\"text\":\"t\"}"), end), frames(item(`{"text":"t"}`))))),
		notLeptos(wsCase("streams/echo/text_frame_json", "text frames are read as their bytes (SPEC 11): "+
			"JSON alone in a text frame starts with '{', tag 0x7b, unknown: a Deserialization error item; "+notLeptosEnd,
			ws(echoPath, frames(textFrame(`{"text":"t"}`), end), frames(errTag("Deserialization|unknown tag"))))),
		// Ends.
		wsCase("streams/echo/client_closes", "cancellation: the client closes without ending its input; "+
			"the server must answer the close and end the session",
			&conformance.Websocket{Target: echoPath, Send: frames(item(`{"text":"a"}`)), Receive: frames(item(`{"text":"a"}`)),
				Close: &conformance.Close{Code: 1000, By: conformance.CloseByClient}}),
		notLeptos(wsCase("streams/echo/item_over_limit", "an item over the reference server's 4 MiB item limit "+
			"(Limits.MaxBytes and the tag byte): the websocket is closed with 1009 (message too big)",
			&conformance.Websocket{Target: echoPath, Send: frames(long), Receive: frames(), Close: &conformance.Close{Code: 1009}})),
		notLeptos(serverCase("streams/echo/other_origin", notLeptosUpgrade,
			upgrade(echoPath, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"),
			failedTag(403, echoPath, "MiddlewareError|cross-origin request refused"))),
		notLeptos(serverCase("streams/echo/other_origin_without_sec_fetch", notLeptosUpgrade+"; an Origin of another host alone",
			upgrade(echoPath, "Origin", "https://evil.example"),
			failedTag(403, echoPath, "MiddlewareError|cross-origin request refused"))),

		// count: the arguments as the one input item.
		notLeptos(wsCase("streams/count/three", notLeptosEnd+"; count reads only its first item, so a Leptos count answers the same",
			ws(countPath, frames(item(`{"n":3}`), end), frames(item(`{"i":1}`), item(`{"i":2}`), item(`{"i":3}`))))),
		wsCase("streams/count/without_end", "the argument item alone, as a Leptos client sends it",
			ws(countPath, frames(item(`{"n":2}`)), frames(item(`{"i":1}`), item(`{"i":2}`)))),
		wsCase("streams/count/zero", "", ws(countPath, frames(item(`{"n":0}`)), nil)),
		wsCase("streams/count/over_limit", "n over 1,000 is answered with one error item, then the close",
			ws(countPath, frames(item(`{"n":1001}`)), frames(errItem("ServerError|n must be at most 1000")))),
		wsCase("streams/count/bad_args", "an argument item that does not decode: its error item, then the close",
			ws(countPath, frames(item(`{"n":"x"}`)), frames(errTag("Deserialization|wrong type")))),
		wsCase("streams/count/client_closes", "cancellation: the client closes after two of 1,000 items; "+
			"the server must stop and answer the close",
			&conformance.Websocket{Target: countPath, Send: frames(item(`{"n":1000}`)), Receive: frames(item(`{"i":1}`), item(`{"i":2}`)),
				Close: &conformance.Close{Code: 1000, By: conformance.CloseByClient}}),

		// upper: StreamingText both ways.
		serverCase("streams/upper/ascii", "", postText(upperPath, "hello, world"), okText("HELLO, WORLD")),
		serverCase("streams/upper/unicode", "characters whose upper case is one character", postText(upperPath, "é ω ж ǆ"), okText("É Ω Ж Ǆ")),
		serverCase("streams/upper/empty", "", postText(upperPath, ""), okText("")),
		notLeptos(serverCase("streams/upper/not_utf8", "text that is not UTF-8 fails the reader with 400 Deserialization before "+
			"anything is written (Leptos's TextStream fails the stream instead)",
			&conformance.Request{Method: "POST", Target: upperPath, Headers: map[string]string{"Content-Type": ctStream}, Body: hexBody("61ff62")},
			failedTag(400, upperPath, "Deserialization|not UTF-8"))),
		notLeptos(serverCase("streams/upper/over_limit", "a text stream over the reference server's 4 MiB stream limit: "+
			"413 Deserialization (its Content-Length is refused before the function runs)",
			&conformance.Request{Method: "POST", Target: upperPath, Headers: map[string]string{"Content-Type": ctStream},
				Body: conformance.Body{Repeat: &conformance.Repeat{Repeat: "a", Count: 4<<20 + 1}}},
			failedTag(413, upperPath, "Deserialization|too large"))),

		// sizes: MultipartFormData.
		serverCase("streams/sizes/files_and_fields", "", postMultipart(sizesPath, sizesBody...), okJSON(sizesResult)),
		serverCase("streams/sizes/no_parts", "", postMultipart(sizesPath), okJSON(`{"files":[],"fields":{}}`)),
		serverCase("streams/sizes/plain_form", "a plain <form enctype=\"multipart/form-data\"> without JavaScript: "+
			"302 back to the Referer (SPEC 6), the JSON result kept",
			requestWith(postMultipart(sizesPath, part("name", "", "", "Ada"), part("doc", "a.txt", "text/plain", "abc")),
				"Accept", acceptHTML, "Referer", "http://app.test/upload"),
			backTo("http://app.test/upload", `{"files":[{"field":"doc","name":"a.txt","size":3}],"fields":{"name":"Ada"}}`)),
		notLeptos(serverCase("streams/sizes/too_many_parts", "11 parts, over the reference server's 10: 413 Args",
			requestWith(postMultipart(sizesPath, tooMany...)),
			failedTag(413, sizesPath, "Args|too many parts"))),
		notLeptos(serverCase("streams/sizes/file_over_limit", "a part over the reference server's 1 MiB per part: 413 Args",
			&conformance.Request{Method: "POST", Target: sizesPath, Headers: map[string]string{"Content-Type": ctMultiOne, "Accept": ctJSON},
				Body: conformance.Body{Repeat: &conformance.Repeat{
					Prefix: part("big", "big.bin", "", "")[:len(part("big", "big.bin", "", ""))-2], Repeat: "a", Count: 1<<20 + 1}}},
			failedTag(413, sizesPath, "Args|too large"))),
		notLeptos(serverCase("streams/sizes/header_over_limit", "a part header over the reference server's 8 KiB: 413 Args",
			postMultipart(sizesPath, part(strings.Repeat("n", 9000), "", "", "x")),
			failedTag(413, sizesPath, "Args|header too large"))),
		notLeptos(serverCase("streams/sizes/body_over_limit", "a body over the reference server's 4 MiB in all, "+
			"refused by its Content-Length before it is read: 413 Args",
			&conformance.Request{Method: "POST", Target: sizesPath, Headers: map[string]string{"Content-Type": ctMultiOne, "Accept": ctJSON},
				Body: conformance.Body{Repeat: &conformance.Repeat{Prefix: part("a", "a.bin", "", ""), Repeat: "a", Count: 4 << 20}}},
			failedTag(413, sizesPath, "Args|too large"))),
		notLeptos(serverCase("streams/sizes/not_multipart", "a body that is not multipart: 400 Args",
			requestWith(postForm(sizesPath, "name=Ada")), failedTag(400, sizesPath, "Args|not multipart"))),
		notLeptos(serverCase("streams/sizes/other_origin", notLeptosCSRF,
			requestWith(postMultipart(sizesPath), "Sec-Fetch-Site", "cross-site"),
			failedTag(403, sizesPath, "MiddlewareError|cross-origin request refused"))),
	}
}

// handClientStreams are the client cases: the mock server plays the server's side, and
// the client must send the frames (or body) and yield what the case says.
func handClientStreams() []*conformance.Case {
	echoAB := frames(item(`{"text":"a"}`), item(`{"text":"b"}`), end)
	closing := func(w *conformance.Websocket, code int) *conformance.Websocket {
		w.Close = &conformance.Close{Code: code}
		return w
	}
	clientCase := func(name, note, function, input string, req *conformance.Request, res *conformance.Response, result string, e *conformance.ErrorValue, requires string) *conformance.Case {
		c := &conformance.Case{Name: name, Source: "hand-written", Note: note, Call: &conformance.Call{Function: function, Input: raw(input)},
			Request: req, Response: res, Error: e, Server: ptr(false), Requires: []string{requires}}
		if result != "" {
			c.Result = raw(result)
		}
		return c
	}
	uploadReq := postMultipart(sizesPath,
		part("avatar", "me.png", "image/png", "PNG"),
		part("name", "", "", "Ada"))
	uploadReq.Match = conformance.MatchMultipart
	delete(uploadReq.Headers, "Accept")
	upperReq := postText(upperPath, "hello, wörld")
	return []*conformance.Case{
		wsClientCase("streams/client/echo/items", "each input item, then the end-of-input frame; each output item yielded",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(item(`{"text":"a"}`), item(`{"text":"b"}`))),
			[]*conformance.StreamItem{yieldItem(`{"text":"a"}`), yieldItem(`{"text":"b"}`)}),
		wsClientCase("streams/client/echo/no_input", "no input items: the end-of-input frame alone",
			"echo", "", `[]`, ws(echoPath, frames(end), frames(item(`{"text":"z"}`))),
			[]*conformance.StreamItem{yieldItem(`{"text":"z"}`)}),
		wsClientCase("streams/client/echo/error_item_last", "an error item is yielded as the error it holds",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(item(`{"text":"a"}`), errItem("ServerError|boom"))),
			[]*conformance.StreamItem{yieldItem(`{"text":"a"}`), yieldError("ServerError", "boom")}),
		wsClientCase("streams/client/echo/items_after_error", "the stream goes on after an error item, as Leptos's stream of Results",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(errItem("ServerError|boom"), item(`{"text":"a"}`), errItem("Deserialization|bad"), item(`{"text":"b"}`))),
			[]*conformance.StreamItem{yieldError("ServerError", "boom"), yieldItem(`{"text":"a"}`), yieldError("Deserialization", "bad"), yieldItem(`{"text":"b"}`)},
			"items-after-error"),
		wsClientCase("streams/client/echo/undecodable_item", "an item that does not decode is a Deserialization error",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(hexFrame("00"+hexOf("nope")))),
			[]*conformance.StreamItem{yieldAnyError("Deserialization")}),
		wsClientCase("streams/client/echo/unknown_tag", "a frame with an unknown tag is a Deserialization error",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(hexFrame("07"+hexOf(`{"text":"a"}`)))),
			[]*conformance.StreamItem{yieldAnyError("Deserialization")}),
		wsClientCase("streams/client/echo/empty_frame", "an empty frame is a Deserialization error",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			ws(echoPath, echoAB, frames(hexFrame(""))),
			[]*conformance.StreamItem{yieldAnyError("Deserialization")}),
		wsClientCase("streams/client/echo/abnormal_close", "a close other than 1000 ends the stream with a Response error",
			"echo", "", `[{"text":"a"},{"text":"b"}]`,
			closing(ws(echoPath, echoAB, frames(item(`{"text":"a"}`))), 1011),
			[]*conformance.StreamItem{yieldItem(`{"text":"a"}`), yieldAnyError("Response")}),
		wsClientCase("streams/client/count/items", "the arguments as the one input item, then the end-of-input frame",
			"count", `{"n":3}`, "",
			ws(countPath, frames(item(`{"n":3}`), end), frames(item(`{"i":1}`), item(`{"i":2}`), item(`{"i":3}`))),
			[]*conformance.StreamItem{yieldItem(`{"i":1}`), yieldItem(`{"i":2}`), yieldItem(`{"i":3}`)}),
		wsClientCase("streams/client/count/error_item", "",
			"count", `{"n":1001}`, "",
			ws(countPath, frames(item(`{"n":1001}`), end), frames(errItem("ServerError|n must be at most 1000"))),
			[]*conformance.StreamItem{yieldError("ServerError", "n must be at most 1000")}),

		clientCase("streams/client/upper/text", "the text as the raw body, the answer's body as the result",
			"upper", `"hello, wörld"`, upperReq, okText("HELLO, WÖRLD"), `"HELLO, WÖRLD"`, nil, "text-stream"),
		clientCase("streams/client/upper/failed", "a failure before the stream is answered as any function's",
			"upper", `"hello, wörld"`, upperReq, responseWith(failed(500, upperPath, "ServerError|boom"), "Content-Type", ctText),
			"", serverError(500, "boom"), "text-stream"),
		clientCase("streams/client/sizes/parts", "a file (its name and type) and a field, as multipart/form-data; "+
			"the boundary is the client's",
			"sizes", `[{"field":"avatar","file_name":"me.png","content_type":"image/png","text":"PNG"},{"field":"name","text":"Ada"}]`,
			uploadReq, okJSON(`{"files":[{"field":"avatar","name":"me.png","size":3}],"fields":{"name":"Ada"}}`),
			`{"files":[{"field":"avatar","name":"me.png","size":3}],"fields":{"name":"Ada"}}`, nil, "upload"),
		clientCase("streams/client/sizes/refused", "a refusal (a limit) is answered as any function's failure",
			"sizes", `[{"field":"name","text":"Ada"}]`,
			func() *conformance.Request {
				r := postMultipart(sizesPath, part("name", "", "", "Ada"))
				r.Match = conformance.MatchMultipart
				delete(r.Headers, "Accept")
				return r
			}(),
			responseWith(failed(413, sizesPath, "Args|too many parts"), "Content-Type", ctText),
			"", &conformance.ErrorValue{Tag: "Args", Message: "too many parts", Status: 413}, "upload"),
	}
}
