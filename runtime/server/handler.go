package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	// deadlines are the function's per-request deadlines (timeouts.go).
	deadlines deadlines
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
		h.add(&route{Route: r, cfg: cfg, call: chain(cfg.interceptors, r.invoke),
			deadlines: cfg.deadlinesFor(r.fn.Name, r.fn.Path)})
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

// serve runs one call of rt's function, once ServeHTTP has routed the request to it. The
// steps, each in the file named for it: admit (admit.go: deadlines, cross-origin check,
// gates), read (read.go), decode (decode.go), call (call.go: interceptors and the function,
// with encode.go's result encoding inside its recover), answer (answer.go, forms.go).
func (rt *route) serve(w http.ResponseWriter, r *http.Request) {
	rt.setDeadlines(w)
	if we := rt.checkOrigin(r); we != nil {
		rt.writeError(w, we)
		return
	}
	plain := acceptsHTML(r)
	st := &callState{req: r, fn: rt.fn}
	if we, cause := rt.admit(r, st); we != nil {
		rt.refuse(w, st, plain, we, cause)
		return
	}
	if rt.serveBody != nil {
		// A byte stream or an upload (bytestream.go, upload.go): its body is not one
		// encoded value, so it reads, calls and answers its own way, through answer.
		rt.serveBody(rt, w, r, st, plain)
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	data, we := rt.readArgs(w, r, (*buf)[:0])
	if we != nil {
		rt.refuse(w, st, plain, we, nil)
		return
	}
	*buf = data
	args, we := rt.decodeArgs(r, data)
	if we != nil {
		rt.refuse(w, st, plain, we, nil)
		return
	}
	ctx := withCall(r.Context(), st)
	st.call = Call{Func: rt.fn, Args: args}
	// The argument bytes are decoded and done with: the buffer takes the result.
	body, we, cause, panicked := callFunc(ctx, rt, st, (*buf)[:0])
	if we == nil {
		*buf = body
	}
	rt.answer(ctx, w, st, plain, body, we, cause, panicked)
}

// answer ends a call that ran: the encoded result body, or the failure we (with the
// cause to log, and whether it was a panic, logged already), as callFunc returned them.
func (rt *route) answer(ctx context.Context, w http.ResponseWriter, st *callState, plain bool, body []byte, we *rpc.Error, cause error, panicked bool) {
	if we != nil {
		status := statusOf(we, st.status, http.StatusInternalServerError)
		if !panicked {
			logFailure(ctx, rt, we, cause, status, false)
		}
		rt.respond(w, st, plain, status, nil, we)
		return
	}
	status := http.StatusOK
	if st.status >= 200 && st.status <= 599 {
		status = st.status
	}
	rt.respond(w, st, plain, status, body, nil)
}
