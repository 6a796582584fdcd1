package server

import (
	"context"
	"errors"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strconv"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Uploads (Leptos's MultipartFormData, SPEC section 11): a POST whose body is
// multipart/form-data, as fetch sends a FormData and a browser a
// <form method="post" enctype="multipart/form-data">. The parts reach the function one at
// a time, each part's content streamed from the connection (mime/multipart's
// Reader.NextPart; never Request.ParseMultipartForm, which keeps files in memory or on
// disk), so memory stays bounded whatever the size of the files.

// UploadLimits bound one upload. A zero field takes DefaultUploadLimits' value.
type UploadLimits struct {
	// MaxParts bounds the parts (fields and files) of one upload.
	MaxParts int
	// MaxHeaderBytes bounds the header of one part (its Content-Disposition, with the
	// field and file names, and Content-Type), counted as the names and values hold.
	MaxHeaderBytes int
	// MaxBytes bounds the whole request body, boundaries and headers included.
	MaxBytes int64
	// MaxFileBytes bounds the content of one part, a file or a field.
	MaxFileBytes int64
}

// DefaultUploadLimits are the limits of uploads unless WithUploadLimits says otherwise:
// 100 parts, 8 KiB of header per part, 64 MiB in all, 32 MiB per file.
var DefaultUploadLimits = UploadLimits{
	MaxParts:       100,
	MaxHeaderBytes: 8 << 10,
	MaxBytes:       64 << 20,
	MaxFileBytes:   32 << 20,
}

// WithUploadLimits sets the limits of the handler's uploads; zero fields keep
// DefaultUploadLimits'. A large upload also needs a read deadline to match: see
// WithFuncTimeouts.
func WithUploadLimits(l UploadLimits) Option {
	return func(c *config) { c.streams.upload = l }
}

func (c *config) uploadLimits() UploadLimits {
	l, d := c.streams.upload, DefaultUploadLimits
	if l.MaxParts <= 0 {
		l.MaxParts = d.MaxParts
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	return l
}

// Upload is a function that takes a multipart/form-data upload (Leptos: #[server(input =
// MultipartFormData)] taking MultipartData) and returns a result in f's encoding (Json,
// Cbor; Url answers JSON): func(ctx, iter.Seq2[*rpc.Part, error]) (*Out, error). f.Args is
// rpc.NoArgs.
//
// The function ranges over the parts in the order sent; each part's Body is valid until
// the next iteration, and what it leaves unread is skipped. A part past a limit, or a
// body that is not multipart, ends the iteration with an Args error (413 for a limit, 400
// otherwise), which is the call's answer whatever the function returns: a function that
// returns early (break) without such an error succeeds. The parts can be ranged over once.
// Interceptors see the iterator as Call.Args, and may wrap it.
//
// A plain HTML form post is answered 302 back to the form, with __err on failure (see
// "Plain HTML forms" in the package documentation).
func Upload[Out any](f *rpc.Func, fn func(ctx context.Context, parts iter.Seq2[*rpc.Part, error]) (*Out, error)) Route {
	return Route{
		fn:      f,
		newArgs: newUnit,
		invoke: func(ctx context.Context, c *Call) (any, error) {
			out, err := fn(ctx, c.Args.(iter.Seq2[*rpc.Part, error]))
			return result(f, out, err)
		},
		argsType:   unitType,
		resultType: reflect.TypeFor[Out](),
		serveBody:  serveUpload,
	}
}

// serveUpload is Upload's serveBody.
func serveUpload(rt *route, w http.ResponseWriter, r *http.Request, st *callState, plain bool) {
	lim := rt.cfg.uploadLimits()
	if r.ContentLength > lim.MaxBytes {
		w.Header().Set("Connection", "close")
		rt.refuse(w, st, plain, tooLarge(rpc.TagArgs, lim.MaxBytes), nil)
		return
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		rt.refuse(w, st, plain, &rpc.Error{Tag: rpc.TagArgs, Status: http.StatusBadRequest,
			Message: "an upload takes a multipart/form-data body with a boundary"}, nil)
		return
	}
	u := &upload{lim: lim}
	u.meter.r = http.MaxBytesReader(w, r.Body, lim.MaxBytes)
	u.meter.budget = -1
	u.mr = multipart.NewReader(&u.meter, params["boundary"])
	// The boundary line before each header, and the read-ahead of mime/multipart's 4 KiB
	// buffer, on top of the header itself.
	u.headerBudget = int64(lim.MaxHeaderBytes) + int64(len(params["boundary"])) + 8 + 4096

	ctx := withCall(r.Context(), st)
	st.call = Call{Func: rt.fn, Args: iter.Seq2[*rpc.Part, error](u.parts)}
	buf := getBuf()
	defer putBuf(buf)
	res, we, cause, panicked := callFunc(ctx, rt, st, (*buf)[:0])
	if u.failure != nil {
		we, cause, panicked = u.failure, nil, false
		if we.Status == http.StatusRequestEntityTooLarge {
			// Do not read the rest: net/http would drain up to 256 KiB first.
			w.Header().Set("Connection", "close")
		}
	}
	if we == nil {
		*buf = res
	}
	rt.answer(ctx, w, st, plain, res, we, cause, panicked)
}

// upload is one upload's state.
type upload struct {
	lim          UploadLimits
	meter        meter
	mr           *multipart.Reader
	headerBudget int64
	count        int
	current      *partBody
	ranged       bool
	// failure is the first failure of the upload, the call's answer.
	failure *rpc.Error
}

// parts is the iterator the function ranges over.
func (u *upload) parts(yield func(*rpc.Part, error) bool) {
	if u.ranged {
		yield(nil, errors.New("server: the parts of an upload can be ranged over once"))
		return
	}
	u.ranged = true
	for {
		p, err := u.next()
		if err == io.EOF {
			return
		}
		if err != nil {
			yield(nil, err)
			return
		}
		if !yield(p, nil) {
			return
		}
	}
}

// next skips what is left of the current part and returns the next one, io.EOF after
// the last, or the upload's failure.
func (u *upload) next() (*rpc.Part, error) {
	if u.failure != nil {
		return nil, u.failure
	}
	if u.current != nil {
		if _, err := io.Copy(io.Discard, u.current); err != nil {
			return nil, err
		}
		u.current = nil
	}
	u.meter.budget = u.headerBudget
	p, err := u.mr.NextPart()
	over := u.meter.budget == 0
	u.meter.budget = -1
	switch {
	case err == io.EOF:
		return nil, io.EOF
	case err != nil && over:
		return nil, u.fail(http.StatusRequestEntityTooLarge,
			"a part's header exceeds the limit of "+strconv.Itoa(u.lim.MaxHeaderBytes)+" bytes")
	case err != nil:
		return nil, u.readFailure(err)
	}
	if u.count++; u.count > u.lim.MaxParts {
		return nil, u.fail(http.StatusRequestEntityTooLarge,
			"the upload has more than "+strconv.Itoa(u.lim.MaxParts)+" parts")
	}
	size := 0
	for k, vs := range p.Header {
		for _, v := range vs {
			size += len(k) + len(v) + 4 // ": " and CRLF
		}
	}
	if size > u.lim.MaxHeaderBytes {
		return nil, u.fail(http.StatusRequestEntityTooLarge,
			"a part's header exceeds the limit of "+strconv.Itoa(u.lim.MaxHeaderBytes)+" bytes")
	}
	u.current = &partBody{u: u, p: p, left: u.lim.MaxFileBytes}
	return &rpc.Part{
		Field:       p.FormName(),
		FileName:    p.FileName(),
		ContentType: p.Header.Get("Content-Type"),
		Body:        u.current,
	}, nil
}

func (u *upload) fail(status int, msg string) *rpc.Error {
	if u.failure == nil {
		u.failure = &rpc.Error{Tag: rpc.TagArgs, Status: status, Message: msg}
	}
	return u.failure
}

// readFailure turns an error reading the body into the upload's failure.
func (u *upload) readFailure(err error) *rpc.Error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return u.fail(http.StatusRequestEntityTooLarge,
			"the upload exceeds the limit of "+strconv.FormatInt(u.lim.MaxBytes, 10)+" bytes")
	}
	return u.fail(http.StatusBadRequest, "could not read the upload: "+err.Error())
}

// partBody is a part's Body: its content within MaxFileBytes.
type partBody struct {
	u    *upload
	p    *multipart.Part
	left int64
}

func (b *partBody) Read(p []byte) (int, error) {
	if b.u.failure != nil {
		return 0, b.u.failure
	}
	if b.u.current != b {
		return 0, errors.New("server: read of an upload part after the next part was asked for")
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.p.Read(p)
	if b.left -= int64(n); b.left < 0 {
		return 0, b.u.fail(http.StatusRequestEntityTooLarge,
			"a part exceeds the limit of "+strconv.FormatInt(b.u.lim.MaxFileBytes, 10)+" bytes")
	}
	if err != nil && err != io.EOF {
		return n, b.u.readFailure(err)
	}
	return n, err
}

// meter passes reads through, at most budget bytes of them while budget >= 0, so that a
// part's header cannot make mime/multipart read without end.
type meter struct {
	r      io.Reader
	budget int64
}

func (m *meter) Read(p []byte) (int, error) {
	if m.budget == 0 {
		return 0, errHeaderBudget
	}
	if m.budget > 0 && int64(len(p)) > m.budget {
		p = p[:m.budget]
	}
	n, err := m.r.Read(p)
	if m.budget > 0 {
		m.budget -= int64(n)
	}
	return n, err
}

var errHeaderBudget = errors.New("part header too large")
