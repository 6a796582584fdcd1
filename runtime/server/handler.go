package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Handler serves a set of server functions, each at its path. It is an http.Handler: mount
// it on an http.ServeMux (see Mount) or any router, or use it as a whole server. It routes
// on the exact (method, path) pair and needs no prefix stripping: paths are absolute.
type Handler struct {
	routes map[string]*route
	paths  []string
	// logger reports requests that match no route; routes log through their own config.
	logger *slog.Logger
}

// route is a Route registered with the options of its NewHandler call.
type route struct {
	Route
	cfg *config
	// call is the interceptor chain around the function.
	call Next
}

// NewHandler returns a Handler serving routes with the given options; generated code
// calls it from New<Service>Handler. It panics, as http.ServeMux.Handle does, on a mistake
// in the program: two routes with one path, a route whose Go types do not match its
// descriptor, a malformed trusted origin.
//
// For each request NewHandler's handler, in order: finds the function by path (404) and
// method (405); applies the deadlines of WithTimeouts; refuses cross-origin POSTs (403);
// runs the gates (WithGate); reads the arguments from the query (GET) or the body (POST,
// at most Limits.MaxBytes, 413 beyond), whatever the Content-Type, and decodes them by the
// function's encoding; runs the interceptors and the function, with the request and the
// response settings in its context (Request, SetStatus, Redirect...); and answers 200
// with the encoded result, or an error body (see "Errors and statuses" in the package
// documentation).
//
// A request whose Accept contains text/html is a plain HTML form post, answered 302 (see
// "Plain HTML forms" in the package documentation).
func NewHandler(routes []Route, opts ...Option) *Handler {
	cfg := newConfig(opts)
	h := &Handler{routes: make(map[string]*route, len(routes)), logger: cfg.logger}
	for _, r := range routes {
		if err := r.check(); err != nil {
			panic("server: NewHandler: " + err.Error())
		}
		h.add(&route{Route: r, cfg: cfg, call: chain(cfg.interceptors, r.invoke)})
	}
	return h
}

// Join returns one Handler serving the functions of all hs, each with the options of the
// NewHandler call that registered it, so services with different limits or interceptors
// can share one mount point. Requests that match no function are logged with the first
// handler's logger. Join panics if two handlers serve the same path.
//
//	api := server.Join(todov1.NewTodosHandler(todos), userv1.NewUsersHandler(users, server.WithGate(auth)))
//	http.ListenAndServe(":8080", api)
//
// Join takes http.Handler because generated constructors return one; each must be a
// *Handler (what they return), or Join panics.
func Join(hs ...http.Handler) *Handler {
	j := &Handler{routes: map[string]*route{}, logger: slog.Default()}
	for i, hh := range hs {
		h, ok := hh.(*Handler)
		if !ok {
			panic(fmt.Sprintf("server: Join: %T is not a *server.Handler", hh))
		}
		if i == 0 {
			j.logger = h.logger
		}
		for _, p := range h.paths {
			j.add(h.routes[p])
		}
	}
	return j
}

func (h *Handler) add(rt *route) {
	p := rt.fn.Path
	if old, ok := h.routes[p]; ok {
		panic("server: path " + strconv.Quote(p) + " of " + rt.fn.Service + "." + rt.fn.Name +
			" is already served by " + old.fn.Service + "." + old.fn.Name)
	}
	h.routes[p] = rt
	i, _ := slices.BinarySearch(h.paths, p)
	h.paths = slices.Insert(h.paths, i, p)
}

// Paths returns the paths h serves, sorted.
func (h *Handler) Paths() []string { return slices.Clone(h.paths) }

// Funcs returns the descriptors of the functions h serves, sorted by path.
func (h *Handler) Funcs() []*rpc.Func {
	fs := make([]*rpc.Func, len(h.paths))
	for i, p := range h.paths {
		fs[i] = h.routes[p].fn
	}
	return fs
}

// Mux is what Mount registers on: *http.ServeMux, and most routers.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Mount registers h on m at each of its paths, with no method in the pattern, so that h
// answers a wrong method itself (405 with Allow). Several handlers can be mounted on one
// mux, next to the application's pages:
//
//	mux := http.NewServeMux()
//	server.Mount(mux, todov1.NewTodosHandler(todos))
//	mux.Handle("/", pages)
func (h *Handler) Mount(m Mux) {
	for _, p := range h.paths {
		pattern := p
		if strings.HasSuffix(p, "/") {
			// Without {$} a ServeMux pattern ending in "/" matches a whole subtree.
			pattern += "{$}"
		}
		m.Handle(pattern, h)
	}
}

// Mount registers h on m at each of h's paths; h is usually what a generated
// New<Service>Handler returned. It panics if h is not a *Handler.
func Mount(m Mux, h http.Handler) {
	sh, ok := h.(*Handler)
	if !ok {
		panic(fmt.Sprintf("server: Mount: %T is not a *server.Handler", h))
	}
	sh.Mount(m)
}

// ServeHTTP routes the request to its function.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := h.lookup(r)
	if rt == nil {
		h.logger.LogAttrs(r.Context(), slog.LevelDebug, "no server function at path",
			slog.String("method", r.Method), slog.String("path", r.URL.Path))
		writeError(w, "", &rpc.Error{Tag: rpc.TagRegistration,
			Message: "no server function at " + r.URL.Path, Status: http.StatusNotFound})
		return
	}
	if m := rt.fn.Method(); r.Method != m {
		rt.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "server function called with the wrong method",
			funcAttrs(rt.fn, slog.String("method", r.Method))...)
		w.Header().Set("Allow", m)
		writeError(w, rt.fn.Path, &rpc.Error{Tag: rpc.TagRegistration,
			Message: rt.fn.Path + " takes " + m + ", not " + r.Method, Status: http.StatusMethodNotAllowed})
		return
	}
	rt.serve(w, r)
}

// lookup finds the route by the decoded path, then by the path as sent, so that a path
// holding percent escapes is found whichever way the descriptor spells it.
func (h *Handler) lookup(r *http.Request) *route {
	if rt, ok := h.routes[r.URL.Path]; ok {
		return rt
	}
	if ep := r.URL.EscapedPath(); ep != r.URL.Path {
		return h.routes[ep]
	}
	return nil
}

// serve runs one call of rt's function.
func (rt *route) serve(w http.ResponseWriter, r *http.Request) {
	rt.setDeadlines(w)
	if we := rt.checkOrigin(r); we != nil {
		writeError(w, rt.fn.Path, we)
		return
	}
	plain := acceptsHTML(r)
	st := &callState{req: r, fn: rt.fn}
	if we := rt.admit(r); we != nil {
		rt.refuse(w, st, plain, we)
		return
	}
	args, we := rt.readArgs(w, r)
	if we != nil {
		rt.refuse(w, st, plain, we)
		return
	}
	ctx := withCall(r.Context(), st)
	st.call = Call{Func: rt.fn, Args: args}
	buf := getBuf()
	defer putBuf(buf)
	body, we, panicked := callFunc(ctx, rt, &st.call, (*buf)[:0])
	if we != nil {
		status := statusOf(we, st.status, http.StatusInternalServerError)
		if !panicked {
			logFailure(ctx, rt, we, status, false)
		}
		rt.respond(w, st, plain, status, nil, we)
		return
	}
	*buf = body
	status := http.StatusOK
	if st.status >= 200 && st.status <= 599 {
		status = st.status
	}
	rt.respond(w, st, plain, status, body, nil)
}

// refuse logs and answers a call refused before the function ran: the client's affair.
func (rt *route) refuse(w http.ResponseWriter, st *callState, plain bool, we *rpc.Error) {
	logFailure(st.req.Context(), rt, we, we.Status, true)
	rt.respond(w, st, plain, we.Status, nil, we)
}

// respond writes the answer: the function's result (failure nil) or an error, with the
// response settings the function made, and for plain form posts the 302 back.
func (rt *route) respond(w http.ResponseWriter, st *callState, plain bool, status int, body []byte, failure *rpc.Error) {
	h := w.Header()
	for k, vs := range st.header {
		h[k] = append(h[k], vs...)
	}
	ct := rt.fn.Encoding.ResultContentType()
	if failure != nil {
		h.Set(headerError, rt.fn.Path)
		ct, body = rpc.ContentTypeText, failure.Body()
	}
	switch {
	case plain:
		loc := st.location
		if loc == "" {
			loc = formLocation(st.req.Referer(), rt.fn.Path, failure)
		}
		h.Set("Location", loc)
		status = http.StatusFound
	case st.location != "":
		h.Set("Location", st.location)
		h.Set(headerRedirect, "")
	}
	writeBody(w, status, ct, body)
}

// setDeadlines applies WithTimeouts. Writers that cannot take deadlines are left alone.
func (rt *route) setDeadlines(w http.ResponseWriter) {
	if rt.cfg.readTimeout <= 0 && rt.cfg.writeTimeout <= 0 {
		return
	}
	rc := http.NewResponseController(w)
	now := time.Now()
	if d := rt.cfg.readTimeout; d > 0 {
		_ = rc.SetReadDeadline(now.Add(d))
	}
	if d := rt.cfg.writeTimeout; d > 0 {
		_ = rc.SetWriteDeadline(now.Add(d))
	}
}

// readArgs reads and decodes the arguments: the raw query for GET (the "?" may be
// absent), the body for POST.
func (rt *route) readArgs(w http.ResponseWriter, r *http.Request) (any, *rpc.Error) {
	f := rt.fn
	tag := rpc.TagDeserialization
	if f.Encoding.ArgsForm() {
		tag = rpc.TagArgs
	}
	// The decoders keep nothing of their input (decoded strings are a copy), so the bytes
	// are read into a pooled buffer that is free again once the arguments are decoded.
	buf := getBuf()
	defer putBuf(buf)
	data := (*buf)[:0]
	if f.Encoding.ArgsInQuery() {
		data = append(data, r.URL.RawQuery...)
	} else {
		var we *rpc.Error
		if data, we = rt.readBody(w, r, tag, data); we != nil {
			return nil, we
		}
	}
	*buf = data
	args := rt.newArgs()
	if err := f.DecodeArgs(data, args, &rt.cfg.limits); err != nil {
		we := toWireError(err, tag)
		// Leptos answers every decode failure 500; rpc suggests 400. The recorded
		// exchanges hold sfn to Leptos (see the package documentation).
		we.Status = http.StatusInternalServerError
		return nil, we
	}
	return args, nil
}

// readBody appends the whole body to buf, refusing more than the limit before reading any
// of it when Content-Length says so, and while reading otherwise.
func (rt *route) readBody(w http.ResponseWriter, r *http.Request, tag rpc.ErrorTag, buf []byte) ([]byte, *rpc.Error) {
	limit := rt.cfg.maxBody()
	if r.ContentLength > limit {
		return nil, tooLarge(tag, limit)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return buf, nil
	}
	body := r.Body
	if r.ContentLength < 0 {
		// Of unknown length (chunked): http.MaxBytesReader also tells the server to close
		// the connection once the limit is passed, rather than read the rest. A body with
		// a Content-Length cannot run past it, as net/http's servers enforce the length.
		body = http.MaxBytesReader(w, body, limit)
	} else {
		// One more byte than announced, so that the final read finds the end at once.
		buf = slices.Grow(buf, int(r.ContentLength)+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 512)
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(tag, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, tooLarge(tag, limit)
			}
			// The client hung up or stalled past the read deadline: its fault, and most
			// likely no one is left to read the answer.
			return nil, &rpc.Error{Tag: tag, Status: http.StatusBadRequest,
				Message: "could not read the request body: " + err.Error()}
		}
	}
}

func tooLarge(tag rpc.ErrorTag, limit int64) *rpc.Error {
	return &rpc.Error{Tag: tag, Status: http.StatusRequestEntityTooLarge,
		Message: "request body exceeds the limit of " + strconv.FormatInt(limit, 10) + " bytes"}
}

// maxPooledBuf keeps one huge request or result from pinning a huge buffer in the pool.
const maxPooledBuf = 64 << 10

// bufPool holds the buffers requests are read into and results encoded into, both free
// again once the call is over: io.Writer implementations, http.ResponseWriter's included,
// must not keep what they are given.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) <= maxPooledBuf {
		*b = (*b)[:0]
		bufPool.Put(b)
	}
}
