package rpc

import "io"

// Part is one part of a multipart/form-data upload (Leptos's MultipartFormData): a form
// field or a file. The server hands parts to an upload function one at a time, and the
// client sends the parts it is given, in order.
//
// Body streams the part's content. On the server it is valid only until the next part is
// asked for: whatever the function has not read of it then is skipped, so a file is never
// held in memory whole. On the client it is read once, while the request is sent.
type Part struct {
	// Field is the form field's name (the name attribute of the <input>).
	Field string
	// FileName is the name of an uploaded file as the browser sent it, or "" for a plain
	// field. It is the client's word: never use it as a path on the server.
	FileName string
	// ContentType is the part's Content-Type as sent ("image/png"), or "" when none was
	// (plain fields, which are text/plain by default).
	ContentType string
	// Body is the part's content.
	Body io.Reader
}
