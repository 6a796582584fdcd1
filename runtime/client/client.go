// Package client is the runtime of sfn's generated Go clients: it calls server functions
// over HTTP with Leptos server_fn 0.8's wire protocol (SPEC sections 3, 5 and 8), so a Go
// program can call an sfn server or a Leptos one.
//
// It sits beside runtime/server at the end of the runtime: generated code describes each
// function once with an rpc.Func, and each method of a generated client is one call of Do
// with the function's generated codecs (runtime/wire's FormWriter, JSONWriter, CBORWriter,
// JSONReader and CBORReader, driven by code generated for its types). Invoke, Call and
// CallNoResult call a function through runtime/wire's plan-driven codecs instead, for
// callers that have only the descriptors.
//
// The call logic (this file) does not import net/http: it talks to a Transport over plain
// Request and Response values, so that a GOOS=js build can send requests with the
// browser's fetch without linking net/http. The net/http transport, the default
// elsewhere, is in transport_http.go.
//
// Errors: an answer with a status in 400..599 gives a *rpc.Error with the tag, message and
// status the server sent. A call that got no answer (network failure, cancellation) gives
// a *RequestError, which holds a *rpc.Error tagged Request and unwraps to its cause, so
// both errors.As(err, &wireErr) and errors.Is(err, context.Canceled) work.
package client

import (
	"context"
	"reflect"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Header holds HTTP header fields. Keys are lower case, as HTTP/2 and the browser's fetch
// spell them; the methods lower-case the keys they are given.
type Header map[string][]string

// Get returns the first value of key, or "".
func (h Header) Get(key string) string {
	if vs := h[lowerKey(key)]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Has reports whether key is present, even with an empty value.
func (h Header) Has(key string) bool {
	_, ok := h[lowerKey(key)]
	return ok
}

// Set replaces the values of key with value.
func (h Header) Set(key, value string) { h[lowerKey(key)] = []string{value} }

// Add appends value to the values of key.
func (h Header) Add(key, value string) {
	k := lowerKey(key)
	h[k] = append(h[k], value)
}

// lowerKey lower-cases a header name. Names are ASCII tokens (RFC 9110), and both
// transports refuse any other, so only ASCII letters change; strings.ToLower would also
// link Unicode's case tables into a WebAssembly client for nothing.
func lowerKey(key string) string {
	for i := 0; i < len(key); i++ {
		if c := key[i]; 'A' <= c && c <= 'Z' {
			b := []byte(key)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return key
}

// Request is one HTTP request, as the call logic hands it to a Transport.
type Request struct {
	Method string
	// URL is absolute, or relative to the page for a browser transport.
	URL    string
	Header Header
	// Body is nil for GET requests.
	Body []byte
	// MaxResponseBytes is the most response body bytes the caller will accept. A
	// transport may stop reading after MaxResponseBytes+1 bytes and return what it has;
	// the caller reports a body over the limit. Zero means no limit.
	MaxResponseBytes int
}

// Response is one HTTP response, as a Transport returns it.
type Response struct {
	Status int
	Header Header
	Body   []byte
}

// Transport sends one request and returns its response, whatever the status. It returns
// an error only when no response came (the connection failed, ctx ended); it should wrap
// ctx.Err() when that is why, so callers can tell cancellation from failure.
type Transport interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// RequestError is a call that got no answer: the request could not be encoded or sent, or
// ctx ended first. Err is tagged Request (Serialization when the arguments did not
// encode) with Status 0; Cause is why, and is what Unwrap exposes besides Err.
type RequestError struct {
	Err   *rpc.Error
	Cause error

	_ [0]func() // compared by pointer only: no equality function linked
}

// Error returns Err's text.
func (e *RequestError) Error() string { return e.Err.Error() }

// Unwrap returns Err and Cause, so errors.As finds the *rpc.Error and errors.Is finds
// context.Canceled or context.DeadlineExceeded.
func (e *RequestError) Unwrap() []error { return []error{e.Err, e.Cause} }

func requestError(tag rpc.ErrorTag, cause error) *RequestError {
	return &RequestError{Err: &rpc.Error{Tag: tag, Message: cause.Error()}, Cause: cause}
}

// Client calls the server functions of one server. It is safe for concurrent use.
type Client struct {
	base       string
	transport  Transport
	header     Header
	onRedirect func(location string)
	limits     wire.Limits
}

// New returns a client for the server at baseURL, such as "https://api.example.com"
// (paths are absolute, so any path part of baseURL is a mount prefix; a trailing "/" is
// dropped). An empty baseURL sends paths alone, for a browser transport calling its own
// origin.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{base: strings.TrimRight(baseURL, "/"), header: Header{}, limits: wire.DefaultLimits()}
	for _, o := range opts {
		o(c)
	}
	if c.transport == nil {
		c.transport = defaultTransport()
	}
	return c
}

// Call calls f with the arguments in (a pointer to f's argument struct, or nil for a
// function without arguments) and returns its result. Generated clients call it for every
// function that returns a value.
func Call[Out any](ctx context.Context, c *Client, f *rpc.Func, in any) (*Out, error) {
	out := new(Out)
	if err := c.Invoke(ctx, f, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CallNoResult calls f, a function whose result is unit (google.protobuf.Empty), with the
// arguments in (a pointer, or nil for none).
func CallNoResult(ctx context.Context, c *Client, f *rpc.Func, in any) error {
	return c.Invoke(ctx, f, in, new(struct{}))
}

// Invoke calls f with the arguments in (a pointer to a value of f.Args's Go type, or nil
// for no arguments) and decodes the result into out (a pointer to a value of f.Result's Go
// type; *struct{} for a unit result), with runtime/wire's plan-driven codecs. Call and
// CallNoResult are the typed forms; Invoke serves callers that only know the descriptors,
// such as a command-line caller. Generated clients call Do instead.
func (c *Client) Invoke(ctx context.Context, f *rpc.Func, in, out any) error {
	if in == nil {
		// The descriptor for no arguments is rpc.NoArgs, whose Go type is struct{}.
		in = new(struct{})
	}
	args := func(dst []byte) ([]byte, error) { return f.AppendArgs(dst, in) }
	result := func(body []byte, lim *wire.Limits) error { return f.DecodeResult(body, out, lim) }
	return c.do(ctx, f, args, result, planErrorBody(f))
}

// planErrorBody reads f's typed errors with the plan-driven codecs into a new value of the
// error type's Go type, for callers without generated codecs; nil without an error type or
// Go types (a command-line caller then gets the body as text).
func planErrorBody(f *rpc.Func) ErrorBody {
	if f.Error == nil || f.Error.Message.GoType == nil {
		return nil
	}
	return func(body []byte, lim *wire.Limits) error {
		v := reflect.New(f.Error.Message.GoType).Interface()
		if err := f.Error.DecodeError(body, v, lim); err != nil {
			return err
		}
		te, _ := v.(rpc.TypedError)
		return te
	}
}

// Args appends a call's arguments to dst in the function's argument format. Generated
// clients make one with FormArgs, JSONArgs or CBORArgs from their generated encoders.
type Args func(dst []byte) ([]byte, error)

// Result decodes a successful answer's body in the function's result format, within lim.
// Generated clients make one with JSONResult or CBORResult from their generated decoders.
type Result func(body []byte, lim *wire.Limits) error

// FormArgs returns the Args that enc writes as a form; a nil enc writes no arguments.
func FormArgs(enc func(*wire.FormWriter)) Args {
	return func(dst []byte) ([]byte, error) { return wire.EncodeForm(dst, enc) }
}

// JSONArgs returns the Args that enc writes as JSON.
func JSONArgs(enc func(*wire.JSONWriter)) Args {
	return func(dst []byte) ([]byte, error) { return wire.EncodeJSON(dst, enc) }
}

// CBORArgs returns the Args that enc writes as CBOR.
func CBORArgs(enc func(*wire.CBORWriter)) Args {
	return func(dst []byte) ([]byte, error) { return wire.EncodeCBOR(dst, enc) }
}

// JSONResult returns the Result that dec reads from JSON.
func JSONResult(dec func(*wire.JSONReader)) Result {
	return func(body []byte, lim *wire.Limits) error { return wire.DecodeJSON(body, lim, dec) }
}

// CBORResult returns the Result that dec reads from CBOR.
func CBORResult(dec func(*wire.CBORReader)) Result {
	return func(body []byte, lim *wire.Limits) error { return wire.DecodeCBOR(body, lim, dec) }
}

// ErrorBody decodes the body of a typed error (SPEC 5.1) and returns the error: a value of
// the function's error type, which implements rpc.TypedError. Generated code needs none:
// its error types' descriptors carry their generated readers (rpc.ErrorType.ReadJSON,
// ReadCBOR). PlanCodec's is one for callers without generated code.
type ErrorBody func(body []byte, lim *wire.Limits) error

// Do calls f, encoding its arguments with args and decoding a successful answer with
// result; f gives the path and the encoding. Each method of a generated client is one call
// of Do with the generated codecs of its argument and result types, so a program links the
// code of the formats and types its functions use and nothing else. A failure is as for
// Call: a *RequestError when no answer came (tagged Serialization when args failed), else a
// *rpc.Error.
//
// For a function with an error type (f.Error), an error answer in that type's encoding is
// read with the type's generated reader into its Go type, which carries the answer's
// status (SetHTTPStatus, and its framework variant's Status); a body that does not decode
// is a *rpc.Error tagged Deserialization holding the body's text. An answer in
// "Tag|message" text (a proxy, or a server that does not know the error type) is read as
// any other.
func (c *Client) Do(ctx context.Context, f *rpc.Func, args Args, result Result) error {
	return c.do(ctx, f, args, result, nil)
}

// do is Do with errBody, the plan-driven reader of typed errors for Invoke, used when the
// error type has no generated reader.
func (c *Client) do(ctx context.Context, f *rpc.Func, args Args, result Result, errBody ErrorBody) error {
	req, rerr := c.newRequest(f, args)
	if rerr != nil {
		return rerr
	}
	// A transport may not look at ctx before doing work; an ended context must not
	// send a request.
	if err := ctx.Err(); err != nil {
		return requestError(rpc.TagRequest, err)
	}
	res, err := c.transport.RoundTrip(ctx, req)
	if err != nil {
		return requestError(rpc.TagRequest, err)
	}
	return c.readResponse(f, res, result, errBody)
}

// newRequest builds the request for a call (SPEC section 3): GET with the form-encoded
// arguments after "?" (always present, as Leptos sends it), or POST with the encoded body
// and its Content-Type; Accept names the result's content type.
func (c *Client) newRequest(f *rpc.Func, args Args) (*Request, *RequestError) {
	enc := f.Encoding
	hdr := make(Header, len(c.header)+2)
	for k, vs := range c.header {
		hdr[k] = append([]string(nil), vs...)
	}
	hdr.Set("Accept", enc.ResultContentType())
	url := c.base + f.Path
	var body []byte
	if enc.ArgsInQuery() {
		q, err := args([]byte(url + "?"))
		if err != nil {
			return nil, requestError(rpc.TagSerialization, err)
		}
		url = string(q)
	} else {
		var err error
		if body, err = args(nil); err != nil {
			return nil, requestError(rpc.TagSerialization, err)
		}
		hdr.Set("Content-Type", enc.ArgsContentType())
	}
	return &Request{Method: enc.Method(), URL: url, Header: hdr, Body: body, MaxResponseBytes: c.maxBytes()}, nil
}

// readResponse interprets an answer as Leptos's client does: 400..599 is an error body;
// any 2xx is the encoded result, after which a serverfnredirect header calls the redirect
// handler. Any other status (1xx, or a 3xx the transport did not follow) is not a server
// function's answer and gives a Response error.
func (c *Client) readResponse(f *rpc.Func, res *Response, result Result, errBody ErrorBody) error {
	if len(res.Body) > c.maxBytes() {
		return &rpc.Error{Tag: rpc.TagResponse, Status: res.Status,
			Message: "response body exceeds the limit of " + strconv.Itoa(c.maxBytes()) + " bytes"}
	}
	switch {
	case res.Status >= 400 && res.Status <= 599:
		if f.Error != nil && rpc.MediaType(res.Header.Get("Content-Type")) == f.Error.ContentType() {
			if err := typedError(f, res, errBody, &c.limits); err != nil {
				return err
			}
		}
		return rpc.ParseErrorBody(res.Status, res.Body)
	case res.Status < 200 || res.Status > 299:
		msg := "unexpected status " + strconv.Itoa(res.Status)
		if loc := res.Header.Get("Location"); loc != "" {
			msg += " redirecting to " + loc
		}
		return &rpc.Error{Tag: rpc.TagResponse, Message: msg, Status: res.Status}
	}
	if err := result(res.Body, &c.limits); err != nil {
		we, ok := err.(*rpc.Error)
		if !ok {
			we = &rpc.Error{Tag: rpc.TagDeserialization, Message: err.Error()}
		}
		we.Status = res.Status
		return we
	}
	if res.Header.Has("serverfnredirect") && c.onRedirect != nil {
		c.onRedirect(res.Header.Get("Location"))
	}
	return nil
}

// typedError reads a typed error answer: with the error type's generated reader, else with
// errBody; nil when there is neither (the body is then read as text).
func typedError(f *rpc.Func, res *Response, errBody ErrorBody, lim *wire.Limits) error {
	err, ok := f.Error.Read(res.Status, res.Body, lim)
	switch {
	case ok:
	case errBody != nil:
		err = errBody(res.Body, lim)
	default:
		return nil
	}
	te, ok := err.(rpc.TypedError)
	if !ok || te == nil {
		return rpc.UndecodableError(res.Status, res.Body)
	}
	// The status the answer came with, not the variant's in the schema: a Leptos 0.8
	// server answers every error 500, and the TypeScript client reports the answer's too.
	te.SetHTTPStatus(res.Status)
	if fe := te.FrameworkError(); fe != nil {
		fe.Status = res.Status
	}
	return te
}

func (c *Client) maxBytes() int {
	if c.limits.MaxBytes > 0 {
		return c.limits.MaxBytes
	}
	return wire.DefaultMaxBytes
}
