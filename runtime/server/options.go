package server

import (
	"log/slog"
	"net/http"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Option configures a Handler. Options apply to the routes of the NewHandler call they are
// given to; Join keeps each handler's own options for its routes.
type Option func(*config)

// Gate decides whether a call may go ahead before its body is read: authentication, rate
// limits, maintenance windows. It sees the request and the function about to be called.
// A nil error lets the call through. A *rpc.Error (anywhere in the chain) is answered with
// its tag, message and status, the status defaulting to 403: that is how a gate tells the
// caller why (rpc.NewError(401, "log in first")). Any other error is logged with its text
// and answered 403 MiddlewareError|request refused, since it was not made for the caller
// (a session store's error, say). A refusal whose error has a ResponseHeader() http.Header
// method adds those headers to the answer, as RateLimitError adds Retry-After.
//
// A gate runs before the arguments are decoded, so a refused call costs no decoding.
type Gate func(r *http.Request, f *rpc.Func) error

// config is what the options set. Each route keeps a pointer to the config of the
// NewHandler call that registered it.
type config struct {
	limits       wire.Limits
	logger       *slog.Logger
	interceptors []Interceptor
	gates        []Gate
	origins      []string
	bypass       []string
	noCrossCheck bool
	cors         *cors // WithCORS (cors.go)
	timeouts     deadlines
	funcTimeouts map[string]deadlines
	streams      streamLimits // WithStreamLimit, WithUploadLimits (bytestream.go, upload.go)
	liveness     liveness     // WithWebsocketLiveness (websocket_session.go)

	// cop is built from origins and bypass once all options have applied.
	cop *http.CrossOriginProtection
}

func newConfig(opts []Option) *config {
	c := &config{limits: wire.DefaultLimits(), logger: slog.Default(),
		liveness: liveness{defaultPingInterval, defaultPongTimeout}}
	for _, o := range opts {
		o(c)
	}
	if !c.noCrossCheck {
		c.cop = http.NewCrossOriginProtection()
		for _, o := range c.origins {
			// A malformed origin is a mistake in the program, found at start-up, like a
			// conflicting pattern given to http.ServeMux.
			if err := c.cop.AddTrustedOrigin(o); err != nil {
				panic("server: WithTrustedOrigins: " + err.Error())
			}
		}
		for _, p := range c.bypass {
			c.cop.AddInsecureBypassPattern(p)
		}
	}
	return c
}

// maxBody is the request body size limit: Limits.MaxBytes, or its default when unset, so
// that the body limit and the decoder's own input limit always agree.
func (c *config) maxBody() int64 {
	if c.limits.MaxBytes > 0 {
		return int64(c.limits.MaxBytes)
	}
	return wire.DefaultMaxBytes
}

// WithLimits sets the limits applied to every request: MaxBytes bounds the request body
// (413 when over) and the query string, and all of them are passed to the argument
// decoders. Zero fields keep their defaults (wire.DefaultLimits).
func WithLimits(l wire.Limits) Option {
	return func(c *config) { c.limits = l }
}

// WithLogger sets the logger; the default is slog.Default(). Panics and results that
// cannot be encoded are logged at error level; failed functions at info (5xx) or debug
// (4xx); a client's mistakes (bad arguments, unknown paths, wrong methods, cross-origin
// requests, bodies over the limit, refused gates) at debug only, so that a hostile client
// cannot flood the error log.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithInterceptors adds interceptors, which wrap every call after its arguments decode.
// The first one given is the outermost. Repeated options append.
func WithInterceptors(is ...Interceptor) Option {
	return func(c *config) { c.interceptors = append(c.interceptors, is...) }
}

// WithGate adds a gate run before the request body is read. Gates run in the order given;
// the first to refuse decides the answer.
func WithGate(g Gate) Option {
	return func(c *config) { c.gates = append(c.gates, g) }
}

// WithTrustedOrigins lets POST requests from these origins through the cross-origin
// check, as http.CrossOriginProtection.AddTrustedOrigin: each is "scheme://host[:port]",
// such as "https://app.example.com". NewHandler panics on a malformed origin.
//
// This is not CORS: for a script on that origin to read the answers, use WithCORS, which
// also trusts its origins for POST and answers their preflight requests.
func WithTrustedOrigins(origins ...string) Option {
	return func(c *config) { c.origins = append(c.origins, origins...) }
}

// WithCrossOriginBypass exempts requests matching these http.ServeMux patterns from the
// cross-origin check, as http.CrossOriginProtection.AddInsecureBypassPattern. Prefer
// WithTrustedOrigins: a bypassed function can be called by any web page a user visits.
func WithCrossOriginBypass(patterns ...string) Option {
	return func(c *config) { c.bypass = append(c.bypass, patterns...) }
}

// WithoutCrossOriginProtection turns the cross-origin check off, for handlers that sit
// behind a proxy or middleware doing their own CSRF protection, or that only serve
// non-browser clients. Without it a web page on another site can make a logged-in user's
// browser call POST functions.
func WithoutCrossOriginProtection() Option {
	return func(c *config) { c.noCrossCheck = true }
}
