package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Admission: what is checked before a request's body is read. Both checks are cheap and
// run before any decoding, so a refused request costs next to nothing.
//
// Cross-origin requests. A server function is an endpoint a browser posts to with the
// user's cookies, so a page on another site could make a logged-in user's browser call it
// (CSRF). Handlers therefore refuse cross-origin POSTs by default, with
// http.CrossOriginProtection's rules: a Sec-Fetch-Site header other than same-origin or
// none, or, without it, an Origin whose host is not the request's Host, is refused, unless
// the origin was trusted with WithTrustedOrigins or allowed with WithCORS (a script that may
// read the answers may also make the calls). Requests without either header (curl,
// server-to-server clients, old browsers) pass. GET functions (GetJson, GetCbor) always
// pass, as GET is a safe method: they must not change anything, as with any GET.
//
// Gates (WithGate) run next: authentication, rate limits and the like.

// checkOrigin refuses a cross-origin request with 403 MiddlewareError. Plain form posts
// are refused the same way, not redirected: the Referer of a cross-origin post names the
// other site, and sending the browser there would help the attacker, not the user.
func (rt *route) checkOrigin(r *http.Request) *rpc.Error {
	if rt.cfg.cop == nil || rt.cfg.cors.allows(r.Header.Get("Origin")) {
		return nil
	}
	err := rt.cfg.cop.Check(r)
	if err == nil {
		return nil
	}
	rt.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "cross-origin request refused",
		funcAttrs(rt.fn,
			slog.String("origin", r.Header.Get("Origin")),
			slog.String("sec_fetch_site", r.Header.Get("Sec-Fetch-Site")))...)
	return &rpc.Error{
		Tag:     rpc.TagMiddlewareError,
		Message: "cross-origin request refused: " + err.Error(),
		Status:  http.StatusForbidden,
	}
}

// responseHeaderError is a gate's refusal that adds headers to the answer: Retry-After
// for a rate limit (RateLimitError), WWW-Authenticate for a missing login.
type responseHeaderError interface {
	error
	ResponseHeader() http.Header
}

// admit runs the gates in order; the first refusal is the answer, by default 403
// MiddlewareError. A *rpc.Error keeps its own tag, message and status; any other error is
// not made for the caller, who is told only "request refused", and comes back as cause for
// the log.
func (rt *route) admit(r *http.Request, st *callState) (we *rpc.Error, cause error) {
	for _, g := range rt.cfg.gates {
		if err := g(r, rt.fn); err != nil {
			we, st.typed, cause = callerError(err, rt.fn, rpc.TagMiddlewareError, "request refused")
			if we.Status == 0 {
				we.Status = http.StatusForbidden
			}
			// A refusal may need headers (Retry-After, WWW-Authenticate): an error in
			// the chain with a ResponseHeader method, such as RateLimitError, adds them.
			if h, ok := errors.AsType[responseHeaderError](err); ok {
				if st.header == nil {
					st.header = http.Header{}
				}
				for k, vs := range h.ResponseHeader() {
					st.header[k] = append(st.header[k], vs...)
				}
			}
			return we, cause
		}
	}
	return nil, nil
}
