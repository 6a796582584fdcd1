package conformance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// A File is one case file: the cases of one area.
type File struct {
	// Path is where the file was read from (not a JSON member).
	Path string `json:"-"`
	// Area names what the file checks (encodings, paths, errors...); every case name in the
	// file starts with it and a slash.
	Area string `json:"area"`
	// Description says what the file checks, in a sentence or two.
	Description string `json:"description"`
	// Cases are the file's cases in file order.
	Cases []*Case `json:"-"`
}

// A Case is one exchange: a call, the request it must produce, the response a server must give
// to that request, and what a client must make of the response. Only Name is required; which
// members are present decide whether it is a server case, a client case or both. The fields
// are in the order docs/conformance.md lists the members, which is the order casegen writes
// them in conformance/cases.
type Case struct {
	// File is the path of the file that holds the case (not a JSON member).
	File string `json:"-"`

	// Name is unique across all files and starts with the file's area and a slash.
	Name string `json:"name"`
	// Source says where the expected bytes come from.
	Source string `json:"source,omitempty"`
	// Note says why the case exists or why it differs from Leptos.
	Note string `json:"note,omitempty"`
	// Call is what a client is asked to call.
	Call *Call `json:"call,omitempty"`
	// Request is the exact request: what a client given Call must send, and what the server
	// runner sends.
	Request *Request `json:"request,omitempty"`
	// Response is the exact response: what a server must answer to Request, and what the
	// client runner answers a client.
	Response *Response `json:"response,omitempty"`
	// Websocket is, instead of Request and Response, a websocket exchange (SPEC 11): the
	// upgrade's target, the frames the client sends, the frames the server answers and the
	// close.
	Websocket *Websocket `json:"websocket,omitempty"`
	// Result is the value a client must return for Response, in sfn's JSON mapping; nil when
	// the member is absent, the JSON text null for ().
	Result json.RawMessage `json:"result,omitempty"`
	// Error is, instead of Result, the typed error a client must return.
	Error *ErrorValue `json:"error,omitempty"`
	// Items is, for a websocket case, what a client's output stream must yield, in order:
	// items and errors, the last of them the error that ended the stream when it did not
	// end with a close 1000.
	Items []*StreamItem `json:"items,omitempty"`
	// Redirect is, with Result, the location a client must report having been sent to.
	Redirect *string `json:"redirect,omitempty"`
	// Server is false for a case that only clients run.
	Server *bool `json:"server,omitempty"`
	// Requires lists the client features the case needs (see Features).
	Requires []string `json:"requires,omitempty"`
	// Leptos is false where sfn deliberately differs from Leptos; the server runner skips such
	// cases when it targets a Leptos server.
	Leptos *bool `json:"leptos,omitempty"`
}

// Call is what a client is asked to call: a function by its rpc name, with its arguments in
// sfn's JSON mapping.
type Call struct {
	Function string          `json:"function"`
	Args     json.RawMessage `json:"args,omitempty"`
	// Input is the input of a function that streams in: for a websocket function the
	// array of items to send (in the JSON mapping), for a text stream the text (a JSON
	// string), for an upload the array of parts (Part).
	Input json.RawMessage `json:"input,omitempty"`
}

// Part is one part of an upload's input: a file when FileName is set, else a field.
type Part struct {
	Field       string `json:"field"`
	FileName    string `json:"file_name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Text        string `json:"text"`
}

// Websocket is a websocket exchange (SPEC 11): GET Target upgraded, the client's frames
// (Send, all of them written before the server's are read), the server's frames (Receive),
// and how the exchange ends (Close).
type Websocket struct {
	// Target is the upgrade's request-target, a path.
	Target string `json:"target"`
	// Headers are extra headers of the upgrade request (an Origin, say), sent by the server
	// runner; the client runner does not compare them.
	Headers map[string]string `json:"headers,omitempty"`
	// Send are the frames the client sends, in order.
	Send []*Frame `json:"send,omitempty"`
	// Receive are the frames the server sends, in order.
	Receive []*Frame `json:"receive"`
	// Close is how the exchange ends.
	Close *Close `json:"close"`
}

// Frame is one websocket message, given by exactly one of Item, Error, Hex, Repeat and End.
type Frame struct {
	// Item is a 0x00 frame: the tag then this JSON value, written compactly; a received one
	// is compared as a JSON value (MatchJSON) unless Match says exact.
	Item json.RawMessage `json:"item,omitempty"`
	// Error is a 0x01 frame: the tag then this text ("Tag|message"); a received one is
	// compared exactly, or by its tag with Match tag.
	Error *string `json:"error,omitempty"`
	// Hex is the whole frame, tag byte included, as hex ("" is an empty frame).
	Hex *string `json:"hex,omitempty"`
	// Repeat is the whole frame too large to write out (Prefix may hold the tag as \u0000).
	Repeat *Repeat `json:"repeat,omitempty"`
	// End is sfn's end-of-input frame, the single byte 0x00.
	End bool `json:"end,omitempty"`
	// Text sends the frame as a text message instead of a binary one (client frames only;
	// SPEC 11 reads text frames as their bytes).
	Text bool `json:"text_frame,omitempty"`
	// Match is how a received frame is compared: exact (bytes), json (an item's payload as
	// a JSON value) or tag (an error's "Tag|" only).
	Match string `json:"match,omitempty"`
}

// Close is how a websocket exchange ends. By "server" (the default): after its frames the
// server closes with Code. By "client": after reading the Receive frames the client closes
// with Code (it wants no more output, or goes away), and the server must answer the close and
// end the connection within the case's timeout, whatever it sent meanwhile.
type Close struct {
	Code int    `json:"code"`
	By   string `json:"by,omitempty"`
}

// The ends of a websocket exchange that may close it.
const (
	CloseByServer = "server"
	CloseByClient = "client"
)

// StreamItem is one thing a client's output stream yielded: an item in the JSON mapping, or
// an error.
type StreamItem struct {
	Item  json.RawMessage `json:"item,omitempty"`
	Error *ItemError      `json:"error,omitempty"`
}

// ItemError is an error a stream yielded: an error item's tag and message (an item has no
// status), or the failure that ended the stream.
type ItemError struct {
	Tag     string `json:"tag"`
	Message string `json:"message"`
	// MessageMatch, in a case only, is MatchExact (the default) or MatchAny.
	MessageMatch string `json:"message_match,omitempty"`
}

// Bytes returns the frame's bytes. It assumes the frame is valid (Load checks that).
func (f *Frame) Bytes() []byte {
	switch {
	case f.End:
		return []byte{0}
	case f.Item != nil:
		var b bytes.Buffer
		json.Compact(&b, f.Item)
		return append([]byte{0}, b.Bytes()...)
	case f.Error != nil:
		return append([]byte{1}, *f.Error...)
	case f.Hex != nil:
		p, _ := hex.DecodeString(*f.Hex)
		return p
	case f.Repeat != nil:
		return []byte(f.Repeat.Prefix + strings.Repeat(f.Repeat.Repeat, f.Repeat.Count))
	}
	return nil
}

// MatchMode returns how a received frame is compared: MatchJSON for an item, else
// MatchExact, unless the frame says.
func (f *Frame) MatchMode() string {
	switch {
	case f.Match != "":
		return f.Match
	case f.Item != nil:
		return MatchJSON
	}
	return MatchExact
}

// CloseBy returns who closes: CloseByServer unless the case says CloseByClient.
func (c *Close) CloseBy() string {
	if c.By == "" {
		return CloseByServer
	}
	return c.By
}

// Request is an exact HTTP request.
type Request struct {
	Method string `json:"method"`
	// Target is the request-target exactly: the path and, for the GET encodings, "?" and the
	// query.
	Target string `json:"target"`
	// Headers lists the headers that matter, each with its exact value.
	Headers map[string]string `json:"headers,omitempty"`
	Body
}

// Response is an exact HTTP response.
type Response struct {
	Status int `json:"status"`
	// Headers must be present with exactly these values.
	Headers map[string]string `json:"headers,omitempty"`
	// AbsentHeaders must not be present.
	AbsentHeaders []string `json:"absent_headers,omitempty"`
	Body
}

// Body is the body of a request or response, given by at most one of Text, Hex and Repeat (none
// is an empty body), and how a received body is compared with it.
type Body struct {
	Text   *string `json:"body_text,omitempty"`
	Hex    *string `json:"body_hex,omitempty"`
	Repeat *Repeat `json:"body_repeat,omitempty"`
	// Match is MatchExact (the default when empty), MatchJSON or, for responses, MatchTag.
	Match string `json:"body_match,omitempty"`
}

// Repeat is a body too large to write out: Prefix, then Repeat written Count times.
type Repeat struct {
	Prefix string `json:"prefix"`
	Repeat string `json:"repeat"`
	Count  int    `json:"count"`
}

// The ways of comparing a received body with the expected one.
const (
	// MatchExact compares byte for byte.
	MatchExact = "exact"
	// MatchJSON compares JSON values: member order and number spelling do not matter,
	// integers are compared exactly.
	MatchJSON = "json"
	// MatchTag requires the received body to start with the expected text up to and
	// including its first '|' (a decoder error's tag).
	MatchTag = "tag"
	// MatchErrorTag is MatchTag for a typed error's framework variant (SPEC 5.1): the
	// expected body is {"Variant":{"Tag":"message"}} in JSON (body_text) or CBOR
	// (body_hex), and the received one must be the same variant holding the same tag, in
	// the same format, with any message.
	MatchErrorTag = "error_tag"
	// MatchMultipart compares multipart/form-data bodies by their parts (each part's
	// headers and content, in order), each body split by the boundary of its own
	// Content-Type, whose media type alone is compared (requests only: a client picks its
	// boundary).
	MatchMultipart = "multipart"
)

// ErrorValue is the error a client returns for a failed call: a tag, a message and a
// status (SPEC 5), or, for a function with an error type (SPEC 5.1), Typed and a status.
type ErrorValue struct {
	Tag     string `json:"tag"`
	Message string `json:"message"`
	Status  int    `json:"status"`
	// MessageMatch, in a case only (never in an answer line), is MatchExact (the default) or
	// MatchAny: any message will do, for errors whose text is the client's own, such as a
	// decoder's report of a result it could not read.
	MessageMatch string `json:"message_match,omitempty"`
	// Typed is a value of the function's error type that the client decoded from the
	// answer, in the JSON mapping: its variant externally tagged, as the wire's JSON writes
	// it ({"NotFound":{"id":7}}; the framework variant as {"ServerFnError":{"Args":"..."}}).
	// An error with Typed has no Tag or Message (they are written without them).
	Typed json.RawMessage `json:"typed,omitempty"`
}

// MarshalJSON writes a typed error as its status and value alone, and any other error as
// its tag, message and status (plus message_match in a case), with HTML characters
// unescaped.
func (e ErrorValue) MarshalJSON() ([]byte, error) {
	var v any
	if e.Typed != nil {
		v = struct {
			Status int             `json:"status"`
			Typed  json.RawMessage `json:"typed"`
		}{e.Status, e.Typed}
	} else {
		type plain ErrorValue // without the method
		p := plain(e)
		p.Typed = nil
		v = p
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// MatchAny is the ErrorValue.MessageMatch that accepts any message.
const MatchAny = "any"

// Features are the client features that a case may require and a client may lack.
var Features = []string{
	// int64: integers beyond ±2^53, which a JavaScript number cannot hold.
	"int64",
	// empty-query: a GET's request target ending in a "?" with nothing after it, as SPEC 3
	// asks; Node's fetch drops such a "?" (browsers and Go's net/http send it).
	"empty-query",
	// websocket: calling websocket functions (Node 20 has no global WebSocket without
	// --experimental-websocket).
	"websocket",
	// items-after-error: reading a websocket's items after an error item; a JavaScript
	// AsyncIterable ends at the first error it throws.
	"items-after-error",
	// text-stream: sending and reading StreamingText bodies.
	"text-stream",
	// upload: sending MultipartFormData uploads.
	"upload",
}

// Bytes returns the body's bytes. It assumes the body is valid (Load checks that).
func (b *Body) Bytes() []byte {
	switch {
	case b.Text != nil:
		return []byte(*b.Text)
	case b.Hex != nil:
		p, _ := hex.DecodeString(*b.Hex)
		return p
	case b.Repeat != nil:
		return []byte(b.Repeat.Prefix + strings.Repeat(b.Repeat.Repeat, b.Repeat.Count))
	}
	return nil
}

// MatchMode returns how bodies are compared, MatchExact when the case says nothing.
func (b *Body) MatchMode() string {
	if b.Match == "" {
		return MatchExact
	}
	return b.Match
}

// IsServerCase reports whether the server runner runs the case: it has a request and a
// response and is not marked "server": false.
func (c *Case) IsServerCase() bool {
	return (c.Websocket != nil || c.Request != nil && c.Response != nil) && (c.Server == nil || *c.Server)
}

// IsClientCase reports whether the client runner runs the case: it has a call, a request, a
// response and a result or an error.
func (c *Case) IsClientCase() bool {
	if c.Websocket != nil {
		return c.Call != nil && c.Items != nil
	}
	return c.Call != nil && c.Request != nil && c.Response != nil && (c.Result != nil || c.Error != nil)
}

// DiffersFromLeptos reports whether the case is marked "leptos": false.
func (c *Case) DiffersFromLeptos() bool { return c.Leptos != nil && !*c.Leptos }
