package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Byte and text streams (Leptos's Streaming and StreamingText, SPEC section 11), the
// mirror of runtime/server's BytesOut, BytesIn and BytesBoth: same Go shapes, so one
// interface serves the server's implementation and the client alike. A stream travels as
// a raw body, Content-Type application/octet-stream; the other side of the call keeps the
// function's encoding.
//
// Natively (net/http) both directions stream: a stream in is sent chunked as it is read,
// and a stream out is written to the caller's io.Writer as it arrives. Under GOOS=js the
// answer streams through fetch's ReadableStream, but a stream in is read into memory
// first (at most BufferedStreamLimit bytes) and sent as one body: fetch can stream a
// request only with duplex: "half", which Chromium allows over HTTP/2 and HTTP/3 alone
// (over HTTP/1.1 the fetch fails) and Firefox and Safari not at all. Other transports
// (WithTransport, WithHandler) get whole bodies too, within the same limit.

// ContentTypeStream is the Content-Type of byte and text streams, both ways.
const ContentTypeStream = "application/octet-stream"

// BufferedStreamLimit bounds a stream in (or an upload) that has to be held in memory
// before it is sent: under GOOS=js, and with a transport that does not stream.
const BufferedStreamLimit = 64 << 20

// BytesOut calls f, a function whose result is a byte stream, with the arguments args
// (encoded by f's encoding, as for Do), and writes the answer to w as it arrives. It
// returns nil once the whole stream was written. A failure before the stream began is a
// *rpc.Error (or the function's typed error), as for Call; a stream the server broke off,
// or that ctx ended, is a *RequestError tagged Response (Request for ctx) whose cause is
// the transport's error, so a broken stream is never taken for a short one. An error
// from w is returned as it is, and ends the call.
func BytesOut(ctx context.Context, c *Client, f *rpc.Func, args Args, w io.Writer) error {
	return c.bytesOut(ctx, f, args, w, false)
}

// TextOut is BytesOut for a text stream (StreamingText): the answer must be UTF-8, else
// the call fails with a Deserialization error once the bad bytes arrive (what came
// before them has been written to w).
func TextOut(ctx context.Context, c *Client, f *rpc.Func, args Args, w io.Writer) error {
	return c.bytesOut(ctx, f, args, w, true)
}

func (c *Client) bytesOut(ctx context.Context, f *rpc.Func, args Args, w io.Writer, text bool) error {
	req, rerr := c.newRequest(f, args)
	if rerr != nil {
		return rerr
	}
	req.Header.Set("Accept", ContentTypeStream)
	sreq := &streamRequest{Method: req.Method, URL: req.URL, Header: req.Header}
	if req.Body != nil {
		sreq.Body = bytes.NewReader(req.Body)
	}
	return c.stream(ctx, f, sreq, nil, w, text)
}

// BytesIn calls f, a function whose argument is a byte stream, sending what r holds as
// the request body, and decodes the result with result, as Do does. An error reading r
// ends the call with a *RequestError whose cause is that error.
func BytesIn(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, result Result) error {
	return c.stream(ctx, f, c.streamIn(f, r, f.Encoding.ResultContentType(), false), result, nil, false)
}

// TextIn is BytesIn for a text stream: r must hold UTF-8, else the call fails with a
// *RequestError tagged Serialization.
func TextIn(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, result Result) error {
	return c.stream(ctx, f, c.streamIn(f, r, f.Encoding.ResultContentType(), true), result, nil, false)
}

// BytesBoth calls f, a function whose argument and result are byte streams: it sends r
// and writes the answer to w as it arrives, with BytesIn's and BytesOut's errors.
func BytesBoth(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, w io.Writer) error {
	return c.stream(ctx, f, c.streamIn(f, r, ContentTypeStream, false), nil, w, false)
}

// TextBoth is BytesBoth for text streams, checked as TextIn and TextOut check them.
func TextBoth(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, w io.Writer) error {
	return c.stream(ctx, f, c.streamIn(f, r, ContentTypeStream, true), nil, w, true)
}

// TextInBytesOut is BytesBoth with a text stream in, checked as TextIn checks it, and a
// byte stream out.
func TextInBytesOut(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, w io.Writer) error {
	return c.stream(ctx, f, c.streamIn(f, r, ContentTypeStream, true), nil, w, false)
}

// BytesInTextOut is BytesBoth with a byte stream in and a text stream out, checked as
// TextOut checks it.
func BytesInTextOut(ctx context.Context, c *Client, f *rpc.Func, r io.Reader, w io.Writer) error {
	return c.stream(ctx, f, c.streamIn(f, r, ContentTypeStream, false), nil, w, true)
}

// streamRequest is a request whose body is a stream.
type streamRequest struct {
	Method, URL string
	Header      Header
	// Body is nil for none.
	Body io.Reader
	// text, when set, is the checker Body runs through: its failure is the caller's.
	text *textReader
}

// streamResponse is an answer whose body is read as it arrives.
type streamResponse struct {
	Status int
	Header Header
	Body   io.ReadCloser
}

// streamTransport is a Transport that can stream bodies: the net/http one and the fetch
// one implement it.
type streamTransport interface {
	roundTripStream(ctx context.Context, req *streamRequest) (*streamResponse, error)
}

// streamIn builds the POST of a stream in.
func (c *Client) streamIn(f *rpc.Func, r io.Reader, accept string, text bool) *streamRequest {
	hdr := c.headers()
	hdr.Set("Accept", accept)
	hdr.Set("Content-Type", ContentTypeStream)
	req := &streamRequest{Method: "POST", URL: c.base + f.Path, Header: hdr, Body: r}
	if text {
		req.text = &textReader{r: r}
		req.Body = req.text
	}
	return req
}

// headers is a copy of the headers sent with every call.
func (c *Client) headers() Header {
	hdr := make(Header, len(c.header)+2)
	for k, vs := range c.header {
		hdr[k] = append([]string(nil), vs...)
	}
	return hdr
}

// stream sends req and reads the answer: into w as a stream when w is set and the call
// succeeded, else whole, for result or the error.
func (c *Client) stream(ctx context.Context, f *rpc.Func, req *streamRequest, result Result, w io.Writer, textOut bool) error {
	if err := ctx.Err(); err != nil {
		return requestError(rpc.TagRequest, err)
	}
	res, err := c.roundTripStream(ctx, req)
	if err != nil {
		if req.text != nil && req.text.err != nil {
			return requestError(rpc.TagSerialization, req.text.err)
		}
		return requestError(rpc.TagRequest, err)
	}
	defer res.Body.Close()
	if w != nil && res.Status >= 200 && res.Status <= 299 {
		if err := c.copyStream(ctx, w, res.Body, textOut); err != nil {
			return err
		}
		if res.Header.Has("serverfnredirect") && c.onRedirect != nil {
			c.onRedirect(res.Header.Get("Location"))
		}
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, int64(c.maxBytes())+1))
	if err != nil {
		return requestError(rpc.TagResponse, err)
	}
	if result == nil {
		// A stream out that did not begin: readResponse reads the error, or the status
		// that is not a server function's answer.
		result = func([]byte, *wire.Limits) error { return nil }
	}
	return c.readResponse(f, &Response{Status: res.Status, Header: res.Header, Body: body}, result, nil)
}

// copyStream writes the stream to w as it arrives.
func (c *Client) copyStream(ctx context.Context, w io.Writer, body io.Reader, text bool) error {
	var check *wire.TextChecker
	if text {
		check = &wire.TextChecker{}
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if check != nil {
			if terr := check.Check(buf[:n], err == io.EOF); terr != nil {
				return &rpc.Error{Tag: rpc.TagDeserialization, Status: 200,
					Message: "the text stream is not UTF-8: " + terr.Error()}
			}
		}
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return requestError(rpc.TagRequest, cerr)
			}
			return &RequestError{Err: &rpc.Error{Tag: rpc.TagResponse,
				Message: "the stream broke off: " + err.Error()}, Cause: err}
		}
	}
}

// roundTripStream sends req with a transport that streams, or whole with any other.
func (c *Client) roundTripStream(ctx context.Context, req *streamRequest) (*streamResponse, error) {
	if st, ok := c.transport.(streamTransport); ok {
		return st.roundTripStream(ctx, req)
	}
	whole := &Request{Method: req.Method, URL: req.URL, Header: req.Header}
	if req.Body != nil {
		data, err := readLimited(req.Body, BufferedStreamLimit)
		if err != nil {
			return nil, err
		}
		whole.Body = data
	}
	res, err := c.transport.RoundTrip(ctx, whole)
	if err != nil {
		return nil, err
	}
	return &streamResponse{Status: res.Status, Header: res.Header, Body: io.NopCloser(bytes.NewReader(res.Body))}, nil
}

// readLimited reads r whole, failing past limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errors.New("client: a stream sent whole exceeds the limit of " + strconv.FormatInt(limit, 10) + " bytes")
	}
	return data, nil
}
