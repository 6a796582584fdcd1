package conformance

// Streams and uploads (SPEC 11): comparing multipart bodies and websocket frames, and the
// server runner's websocket exchange.

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"slices"
	"strings"
)

// mpart is one part of a multipart body as compared: its headers and content.
type mpart struct {
	header map[string]string // canonical name: values joined with ", "
	body   []byte
}

// multipartParts splits a multipart/form-data body by the boundary of contentType.
func multipartParts(contentType string, body []byte) ([]mpart, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("Content-Type %q: %v", contentType, err)
	}
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, fmt.Errorf("Content-Type %q is not multipart/form-data with a boundary", contentType)
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var out []mpart
	for {
		// NextRawPart: the headers as sent (NextPart would drop Content-Transfer-Encoding
		// handling into the body).
		p, err := r.NextRawPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("part %d: %v", len(out)+1, err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("part %d: %v", len(out)+1, err)
		}
		h := map[string]string{}
		for k, v := range p.Header {
			h[k] = strings.Join(v, ", ")
		}
		out = append(out, mpart{h, b})
	}
}

// compareMultipart compares a received multipart request with the expected one: the
// Content-Type's media type, then each part's headers (after normalizing the Content-
// Disposition's parameters, whose order and quoting do not matter) and content.
func (p *problems) compareMultipart(want *Request, got *received) {
	wantType := headerValue(want.Headers, "Content-Type")
	gotValues, _ := headerValues(got.header, "Content-Type")
	gotType := strings.Join(gotValues, ", ")
	if mt, _, _ := mime.ParseMediaType(gotType); mt != "multipart/form-data" {
		p.add("request header Content-Type: want multipart/form-data; boundary=..., got %q", gotType)
		return
	}
	wp, err := multipartParts(wantType, want.Bytes())
	if err != nil {
		p.add("the case's multipart body: %v", err)
		return
	}
	gp, err := multipartParts(gotType, got.body)
	if err != nil {
		p.add("request body (multipart): %v\n    got  %s", err, showBody(got.body, 0))
		return
	}
	if len(wp) != len(gp) {
		p.add("request body (multipart): want %d parts, got %d", len(wp), len(gp))
	}
	for i := range min(len(wp), len(gp)) {
		w, g := wp[i], gp[i]
		names := slices.Sorted(maps.Keys(w.header))
		for _, k := range slices.Sorted(maps.Keys(g.header)) {
			if _, ok := w.header[k]; !ok {
				names = append(names, k)
			}
		}
		for _, k := range names {
			wv, wok := w.header[k]
			gv, gok := g.header[k]
			if k == "Content-Disposition" {
				wv, gv = normalDisposition(wv), normalDisposition(gv)
			}
			switch {
			case !wok:
				p.add("request part %d header %s: want none, got %q", i+1, k, gv)
			case !gok:
				p.add("request part %d header %s: want %q, got none", i+1, k, wv)
			case wv != gv:
				p.add("request part %d header %s: want %q, got %q", i+1, k, wv, gv)
			}
		}
		if !bytes.Equal(w.body, g.body) {
			at := firstDifference(w.body, g.body)
			p.add("request part %d content differs at byte %d\n    want %s\n    got  %s", i+1, at, showBody(w.body, at), showBody(g.body, at))
		}
	}
}

// normalDisposition writes a Content-Disposition with its parameters in name order.
func normalDisposition(v string) string {
	d, params, err := mime.ParseMediaType(v)
	if err != nil {
		return v
	}
	return mime.FormatMediaType(d, params)
}

// compareFrame compares a received websocket message with the expected frame.
func (p *problems) compareFrame(what string, want *Frame, text bool, got []byte) {
	if text {
		p.add("%s: want a binary frame, got a text frame %s", what, showBody(got, 0))
	}
	w := want.Bytes()
	switch want.MatchMode() {
	case MatchJSON:
		if len(got) == 0 || got[0] != 0 {
			p.add("%s: want an item (0x00 + JSON), got %s", what, showFrame(got))
			return
		}
		if eq, err := EqualJSON(w[1:], got[1:]); err != nil || !eq {
			p.add("%s (json): want item %s, got %s", what, showBody(w[1:], 0), showFrame(got))
		}
	case MatchTag:
		prefix := w[:bytes.IndexByte(w, '|')+1]
		if !bytes.HasPrefix(got, prefix) {
			p.add("%s (tag): want an error item starting %s, got %s", what, showFrame(prefix), showFrame(got))
		}
	default:
		if !bytes.Equal(w, got) {
			p.add("%s (exact): want %s, got %s", what, showFrame(w), showFrame(got))
		}
	}
}

// showFrame renders a frame as its tag and its payload.
func showFrame(b []byte) string {
	switch {
	case len(b) == 0:
		return "an empty frame"
	case b[0] == 0 && len(b) == 1:
		return "the end-of-input frame 0x00"
	case b[0] == 0:
		return "0x00 + " + showBody(b[1:], 0)
	case b[0] == 1:
		return "0x01 + " + showBody(b[1:], 0)
	}
	return fmt.Sprintf("tag 0x%02x + %s", b[0], showBody(b[1:], 0))
}
