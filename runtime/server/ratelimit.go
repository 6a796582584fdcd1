package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Rate limiting: a gate (WithGate) that keeps a token bucket per client key and refuses a
// call whose bucket is empty with 429 ServerError|rate limited and Retry-After. Server
// functions are public endpoints (SPEC section 7), so a ready limiter belongs in the
// runtime rather than in every application.
//
// The limiter is a gate rather than an http.Handler middleware so that a refusal is
// answered by the handler like any other refusal: with serverfnerror, logged at debug
// level, and for a plain HTML form as a 302 back with __err. The buckets live behind
// RateStore, so that instances behind a load balancer can share them.

// RateLimitOptions configure a RateLimiter. Functions are named by their name as declared
// ("login") or by their path ("/api/login"); a path is unambiguous when one limiter serves
// several services.
type RateLimitOptions struct {
	// Default is the limit of every function not in Funcs or Exempt; all of them share one
	// bucket per client. The zero Limit limits no function by default, so that a limiter
	// can guard only the functions in Funcs.
	Default Limit
	// Funcs gives functions their own limit, in place of Default, and their own bucket per
	// client: calls to them do not count against Default's bucket.
	Funcs map[string]Limit
	// Exempt lists functions the limiter lets through without counting them (a health
	// check, say). Exempt wins over Funcs.
	Exempt []string
	// Key returns the client key of a request: calls with the same key share a bucket.
	// The default is RemoteIPKey. A key derived from a user must come from something the
	// server verified (a session looked up, a signed token), never from a raw cookie or
	// header value the client chooses freely, or each request can bring a fresh key and a
	// full bucket. Requests for which Key returns "" share one bucket.
	Key func(r *http.Request) string
	// Store holds the buckets. The default is NewMemoryRateStore(DefaultMaxRateKeys), a
	// table in this process; a store shared by several instances makes the limits apply
	// to all of them together. A store must not be shared by limiters with different
	// options, whose keys would collide.
	Store RateStore
	// OnStoreError decides what happens to a call when the store fails (a shared store
	// that cannot be reached): its result is the gate's, so nil lets the call through and
	// an error refuses it as any gate's error is (rpc.NewError(503, "try again later")
	// chooses the answer). The default lets every call through, so that an outage of the
	// store does not become an outage of the service, and logs the failure on Logger at
	// warn level, once every 10 s at most with the count of those not logged since, so that
	// the outage is seen without a line per call. Set it to refuse calls to functions that
	// must never go unlimited.
	OnStoreError func(r *http.Request, err error) error
	// Logger is where the default OnStoreError logs; the default is slog.Default().
	Logger *slog.Logger
	// Now is the clock; the default is time.Now. Tests set it to drive the buckets.
	Now func() time.Time
}

// RateLimiter limits how often each client may call server functions. It is safe for
// concurrent use; one limiter may serve several handlers.
type RateLimiter struct {
	def     Limit
	funcs   map[string]Limit
	exempt  map[string]bool
	key     func(*http.Request) string
	store   RateStore
	onError func(*http.Request, error) error
	now     func() time.Time
	logger  *slog.Logger

	// The default OnStoreError's log: when it last logged (Unix ns), and how many failures
	// it has not logged since.
	lastLog  atomic.Int64
	unlogged atomic.Int64
}

// storeErrorLogEvery is how often, at most, the default OnStoreError logs.
const storeErrorLogEvery = 10 * time.Second

// NewRateLimiter returns a limiter with the given options; add it to a handler with
// WithGate:
//
//	limiter := server.NewRateLimiter(server.RateLimitOptions{
//		Default: server.Limit{Rate: 10, Burst: 20},
//		Funcs:   map[string]server.Limit{"login": {Rate: 5.0 / 60, Burst: 5}},
//		Exempt:  []string{"health"},
//	})
//	h := todov1.NewTodosHandler(impl, server.WithGate(limiter.Gate))
//
// It panics, as NewHandler does, on a mistake in the program: a Limit in Funcs, or a
// non-zero Default, with a rate or burst that is not positive, or options that limit
// nothing at all.
func NewRateLimiter(o RateLimitOptions) *RateLimiter {
	if o.Default != (Limit{}) && !o.Default.valid() {
		panic("server: NewRateLimiter: invalid Default " + o.Default.String())
	}
	l := &RateLimiter{
		def:     o.Default,
		funcs:   make(map[string]Limit, len(o.Funcs)),
		exempt:  make(map[string]bool, len(o.Exempt)),
		key:     o.Key,
		store:   o.Store,
		onError: o.OnStoreError,
		now:     o.Now,
		logger:  o.Logger,
	}
	for f, lim := range o.Funcs {
		if !lim.valid() {
			panic("server: NewRateLimiter: invalid limit " + lim.String() + " for " + strconv.Quote(f))
		}
		l.funcs[f] = lim
	}
	for _, f := range o.Exempt {
		l.exempt[f] = true
	}
	if o.Default == (Limit{}) && len(o.Funcs) == 0 {
		panic("server: NewRateLimiter: neither Default nor Funcs is set: nothing would be limited")
	}
	if l.key == nil {
		l.key = RemoteIPKey
	}
	if l.store == nil {
		l.store = NewMemoryRateStore(DefaultMaxRateKeys)
	}
	if l.now == nil {
		l.now = time.Now
	}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	if l.onError == nil {
		l.onError = l.logStoreError
	}
	return l
}

// logStoreError is the default OnStoreError: it lets the call through and logs the
// failure, at most once every storeErrorLogEvery (by the limiter's clock), with the count
// of failures not logged since the last line.
func (l *RateLimiter) logStoreError(r *http.Request, err error) error {
	now := l.now().UnixNano()
	last := l.lastLog.Load()
	if (last != 0 && now-last < int64(storeErrorLogEvery)) || !l.lastLog.CompareAndSwap(last, now) {
		l.unlogged.Add(1)
		return nil
	}
	l.logger.LogAttrs(r.Context(), slog.LevelWarn, "rate limit store failed: calls go through unlimited",
		slog.String("error", err.Error()), slog.Int64("not_logged_since_last", l.unlogged.Swap(0)))
	return nil
}

// Gate is the limiter as a Gate: it takes a token from the bucket of the request's client
// for function f, and returns a *RateLimitError when there is none, which the handler
// answers 429 ServerError|rate limited with Retry-After.
func (l *RateLimiter) Gate(r *http.Request, f *rpc.Func) error {
	if l.exempt[f.Name] || l.exempt[f.Path] {
		return nil
	}
	lim, own := l.funcs[f.Path]
	if !own {
		lim, own = l.funcs[f.Name]
	}
	if !own && l.def == (Limit{}) {
		return nil
	}
	key := l.key(r)
	if own {
		// A function with its own limit has its own bucket per client: its path, which
		// has no space, keeps the two kinds of key apart.
		key = f.Path + " " + key
	} else {
		lim = l.def
	}
	ok, retry, err := l.store.Take(r.Context(), key, l.now(), 1, lim)
	switch {
	case err != nil:
		return l.onError(r, err)
	case !ok:
		return &RateLimitError{RetryAfter: retry}
	}
	return nil
}

// RateLimitError is a call refused by a RateLimiter. It unwraps to the *rpc.Error the
// caller is answered with, 429 ServerError|rate limited, and its ResponseHeader sets
// Retry-After.
type RateLimitError struct {
	// RetryAfter is how long until the client's bucket holds a token again.
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return "rate limited: retry after " + e.RetryAfter.String()
}

// Unwrap returns the error the caller sees.
func (e *RateLimitError) Unwrap() error {
	return &rpc.Error{Tag: rpc.TagServerError, Message: "rate limited", Status: http.StatusTooManyRequests}
}

// ResponseHeader returns the headers the refusal adds to the answer: Retry-After, in whole
// seconds (RFC 9110 section 10.2.3), rounded up so that a client that waits that long
// finds a token, and at least 1 so that none retries at once.
func (e *RateLimitError) ResponseHeader() http.Header {
	return http.Header{"Retry-After": {strconv.FormatInt(retryAfterSeconds(e.RetryAfter), 10)}}
}

func retryAfterSeconds(d time.Duration) int64 {
	s := int64(d / time.Second)
	if d%time.Second > 0 {
		s++
	}
	return max(s, 1)
}
