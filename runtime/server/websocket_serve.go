package server

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/coder/websocket"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Admission of a websocket function: the upgrade request (GET path) goes through the
// same steps as a call's before it is upgraded, and a refusal is an ordinary HTTP answer
// with the function's error body.
//
//   - Cross-origin check. A browser opens a websocket to any host with the user's cookies
//     and no preflight, and http.CrossOriginProtection passes every GET, so the upgrade
//     is checked as the POST it is equivalent to (cross-site websocket hijacking): an
//     Origin (or Sec-Fetch-Site) from another origin is refused 403 MiddlewareError
//     unless trusted with WithTrustedOrigins, allowed with WithCORS or exempted with
//     WithCrossOriginBypass; WithoutCrossOriginProtection turns the check off. A request
//     with neither header (a program) passes. This check decides: the websocket
//     library's own Origin check is off.
//   - Gates (WithGate, the rate limiter): a refusal is answered as for a call, 429 with
//     Retry-After for the rate limiter. A gate sees the upgrade once per session, not
//     once per item.
//   - A GET that is not a websocket upgrade is answered 426 Request with Upgrade:
//     websocket.
//
// WithTimeouts and WithFuncTimeouts do not apply: the upgraded connection has no
// deadlines (net/http clears the server's when the connection is hijacked), and liveness
// is kept with pings instead (websocket_session.go).

// serveWebsocket serves the upgrade request of a websocket function.
func (rt *route) serveWebsocket(w http.ResponseWriter, r *http.Request) {
	if we := rt.checkUpgradeOrigin(r); we != nil {
		rt.writeError(w, we)
		return
	}
	st := &callState{req: r, fn: rt.fn}
	if we, cause := rt.admit(r, st); we != nil {
		rt.refuse(w, st, false, we, cause)
		return
	}
	if !isUpgrade(r) {
		w.Header().Set("Upgrade", "websocket")
		rt.writeError(w, &rpc.Error{Tag: rpc.TagRequest, Status: http.StatusUpgradeRequired,
			Message: rt.fn.Path + " is a websocket function: open a websocket to it"})
		return
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		// Accept has answered (a bad handshake is the client's mistake).
		rt.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "websocket upgrade failed",
			funcAttrs(rt.fn, slog.String("error", err.Error()))...)
		return
	}
	// An item is at most Limits.MaxBytes, plus its tag byte.
	conn.SetReadLimit(rt.cfg.maxBody() + 1)
	s := newSession(rt, conn, r, st)
	untrack := trackSession(r, s)
	defer untrack()
	s.run()
}

// checkUpgradeOrigin runs the cross-origin check on an upgrade as on a POST.
func (rt *route) checkUpgradeOrigin(r *http.Request) *rpc.Error {
	if rt.cfg.cop == nil {
		return nil
	}
	post := new(http.Request)
	*post = *r
	post.Method = http.MethodPost
	return rt.checkOrigin(post)
}

// isUpgrade reports whether r asks for a websocket (RFC 6455 section 4.2.1).
func isUpgrade(r *http.Request) bool {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		return false
	}
	for _, v := range r.Header.Values("Connection") {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), "upgrade") {
				return true
			}
		}
	}
	return false
}

// Shutdown. http.Server.Shutdown and Close leave hijacked connections alone, so a
// websocket session would keep Serve's shutdown (which waits for every handler to
// return) waiting for ever. Each session is registered with its server's shutdown hooks:
// at the start of a shutdown every session's context is cancelled and its websocket
// closed with 1001 (going away), and the function's output ends at its next write.

var sessionsByServer sync.Map // *http.Server → *sessionSet

type sessionSet struct {
	mu       sync.Mutex
	sessions map[*session]struct{}
	down     bool
}

// trackSession registers s with the shutdown of the server serving r, if any.
func trackSession(r *http.Request, s *session) (untrack func()) {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return func() {}
	}
	v, loaded := sessionsByServer.LoadOrStore(srv, &sessionSet{sessions: map[*session]struct{}{}})
	set := v.(*sessionSet)
	if !loaded {
		srv.RegisterOnShutdown(func() {
			set.mu.Lock()
			set.down = true
			for s := range set.sessions {
				s.goAway()
			}
			set.mu.Unlock()
			sessionsByServer.Delete(srv)
		})
	}
	set.mu.Lock()
	defer set.mu.Unlock()
	if set.down {
		s.goAway()
		return func() {}
	}
	set.sessions[s] = struct{}{}
	return func() {
		set.mu.Lock()
		delete(set.sessions, s)
		set.mu.Unlock()
	}
}
