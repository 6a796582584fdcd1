package server

import (
	"log/slog"
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Routing: a request finds its function by exact path (404 if none) and method (405 with
// Allow otherwise), then route.serve (handler.go) takes it through the remaining steps.
// With WithCORS, a preflight to a known path is answered between the two (cors.go), and
// every other answer of the path gets its CORS headers here, before any step can write.

// ServeHTTP routes the request to its function.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := h.lookup(r)
	if rt == nil {
		h.logger.LogAttrs(r.Context(), slog.LevelDebug, "no server function at path",
			slog.String("method", r.Method), slog.String("path", r.URL.Path))
		writeError(w, &rpc.Error{Tag: rpc.TagRegistration,
			Message: "no server function at " + r.URL.Path, Status: http.StatusNotFound})
		return
	}
	if rt.cfg.cors != nil {
		if isPreflight(r) {
			rt.preflight(w, r)
			return
		}
		rt.allowOrigin(w.Header(), r)
	}
	if m := rt.fn.Method(); r.Method != m {
		rt.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "server function called with the wrong method",
			funcAttrs(rt.fn, slog.String("method", r.Method))...)
		allow := m
		if rt.cfg.cors != nil {
			allow += ", " + http.MethodOptions
		}
		w.Header().Set("Allow", allow)
		rt.writeError(w, &rpc.Error{Tag: rpc.TagRegistration,
			Message: rt.fn.Path + " takes " + m + ", not " + r.Method, Status: http.StatusMethodNotAllowed})
		return
	}
	if rt.fn.Stream != nil {
		rt.serveWebsocket(w, r) // websocket_serve.go
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
