package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// CORS: letting scripts on other origins call a handler's functions and read the answers,
// for the origins named with WithCORS only. A browser asks first with a preflight
// (OPTIONS with Origin and Access-Control-Request-Method) unless the request is "simple";
// route.go sends preflights here before the method check, and every other request of a
// route with CORS gets its response headers from allowOrigin.
//
// Only exact origins: never "*", which browsers refuse with credentials anyway, and never
// an origin echoed back without a check, which would let any site read a logged-in user's
// answers.

const (
	// corsAllowHeaders are the request headers sfn's clients set themselves (runtime/client
	// and runtime/ts's call.ts): Accept names the result's type, Content-Type the
	// arguments'. A preflight asking for any other header is refused.
	corsAllowHeaders = "Content-Type, Accept"
	// corsExposeHeaders are the protocol's response headers a script must be able to read:
	// serverfnerror on failures, serverfnredirect and Location on redirects.
	corsExposeHeaders = headerError + ", " + headerRedirect + ", Location"
	// corsMaxAge is how long, in seconds, a browser may reuse a preflight's answer.
	corsMaxAge = "600"
	// corsVaryPreflight names what a preflight's answer depends on.
	corsVaryPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
)

// cors is what WithCORS sets: the origins allowed, as browsers send them in Origin.
type cors struct {
	origins map[string]bool
}

// WithCORS lets scripts on these origins call the handler's functions from the browser and
// read the answers, cookies included (fetch's credentials: "include"), as a front end
// served from another origin needs: a dev server on another port, or an app on another
// host. Each origin is exact, "scheme://host[:port]" as a browser sends it in Origin
// ("http://localhost:5173", "https://app.example.com"): no path, no "*". NewHandler
// panics on a malformed one. Repeated options add origins.
//
// For a function's path, the handler then:
//   - answers a preflight (OPTIONS with Origin and Access-Control-Request-Method) from an
//     allowed origin, for the function's method and at most the headers the clients send
//     (Content-Type, Accept), 204 with Access-Control-Allow-Origin (that origin),
//     -Allow-Methods, -Allow-Headers, -Allow-Credentials: true and -Max-Age: 600. Any
//     other preflight (another origin, method or header) is answered 403 MiddlewareError
//     without CORS headers, so the browser refuses the call;
//   - adds to every other answer to an allowed origin, success or failure,
//     Access-Control-Allow-Origin, -Allow-Credentials and -Expose-Headers (serverfnerror,
//     serverfnredirect, Location), so that a script reads errors and redirects as well as
//     results;
//   - adds Vary: Origin to every answer, allowed origin or not, for caches;
//   - lets POSTs from an allowed origin through the cross-origin check, as
//     WithTrustedOrigins does; other origins are still refused 403.
//
// A 405's Allow then lists OPTIONS after the function's method. Without WithCORS, an
// OPTIONS request is answered 405 like any other wrong method.
func WithCORS(origins ...string) Option {
	return func(c *config) {
		if len(origins) == 0 {
			return
		}
		if c.cors == nil {
			c.cors = &cors{origins: make(map[string]bool, len(origins))}
		}
		for _, o := range origins {
			// A malformed origin is a mistake in the program, found at start-up, as
			// WithTrustedOrigins's are.
			norm, err := parseOrigin(o)
			if err != nil {
				panic("server: WithCORS: " + err.Error())
			}
			c.cors.origins[norm] = true
		}
	}
}

// parseOrigin checks that o is an origin as a browser serializes it in the Origin header
// and returns it lower-cased, as browsers send scheme and host.
func parseOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil {
		return "", fmt.Errorf("invalid origin %q: %w", o, err)
	}
	switch {
	case strings.Contains(o, "*"):
		return "", fmt.Errorf("invalid origin %q: wildcards are not allowed, name each origin", o)
	case u.Scheme == "":
		return "", fmt.Errorf("invalid origin %q: scheme is required", o)
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("invalid origin %q: host is required", o)
	case u.User != nil:
		return "", fmt.Errorf("invalid origin %q: user information is not allowed", o)
	case u.Path != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("invalid origin %q: path, query and fragment are not allowed", o)
	}
	return strings.ToLower(o), nil
}

// allows reports whether origin, an Origin header's value, was named with WithCORS. A nil
// *cors (no WithCORS) allows none.
func (c *cors) allows(origin string) bool {
	return c != nil && origin != "" && c.origins[origin]
}

// isPreflight reports whether r is a CORS preflight rather than a call.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// preflight answers a CORS preflight for rt's function: 204 with the CORS headers if the
// origin, method and headers asked for are allowed, else 403 MiddlewareError without them.
func (rt *route) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", corsVaryPreflight)
	origin := r.Header.Get("Origin")
	method := rt.fn.Method()
	if err := rt.checkPreflight(r, origin, method); err != nil {
		rt.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "CORS preflight refused",
			funcAttrs(rt.fn, slog.String("origin", origin), slog.String("reason", err.Error()))...)
		rt.writeError(w, &rpc.Error{Tag: rpc.TagMiddlewareError,
			Message: "CORS preflight refused: " + err.Error(), Status: http.StatusForbidden})
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", method)
	h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
}

// checkPreflight says why a preflight is refused, or nil. The messages name no value from
// the request: the answer is text a hostile page may get to see.
func (rt *route) checkPreflight(r *http.Request, origin, method string) error {
	if !rt.cfg.cors.allows(origin) {
		return errors.New("origin not allowed")
	}
	if m := r.Header.Get("Access-Control-Request-Method"); m != method {
		return errors.New(rt.fn.Path + " takes " + method)
	}
	for _, line := range r.Header.Values("Access-Control-Request-Headers") {
		for name := range strings.SplitSeq(line, ",") {
			name = strings.TrimSpace(name)
			if name != "" && !strings.EqualFold(name, "Content-Type") && !strings.EqualFold(name, "Accept") {
				return errors.New("only the headers " + corsAllowHeaders + " are allowed")
			}
		}
	}
	return nil
}

// allowOrigin adds the CORS headers of an answer that is not a preflight's: Vary: Origin
// always, and for an allowed origin what lets its script read the answer.
func (rt *route) allowOrigin(h http.Header, r *http.Request) {
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if !rt.cfg.cors.allows(origin) {
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
}
