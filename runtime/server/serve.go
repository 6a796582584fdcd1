package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Serving: the one documented way to run a handler as a server, with the timeouts a
// public endpoint needs and a shutdown that lets the functions in flight finish before the
// caller releases what they use (SPEC section 7).

// Timeouts bound how long a connection may take at each stage of a request; a zero field
// takes DefaultTimeouts' value. A function that needs more time than Write gets it with
// WithFuncTimeouts on its handler, not by raising every function's limit.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers; it is what frees a connection that
	// opens and then sends nothing.
	ReadHeader time.Duration
	// Read bounds reading a whole request, headers and body: a body trickled in a byte at
	// a time is cut off here.
	Read time.Duration
	// Write bounds the time from the end of the request's headers to the end of the
	// answer: the function's running time plus writing its result.
	Write time.Duration
	// Idle bounds how long a keep-alive connection may wait for its next request.
	Idle time.Duration
	// Shutdown bounds how long shutdown waits for requests in flight before closing their
	// connections.
	Shutdown time.Duration
}

// DefaultTimeouts are the timeouts ListenAndServe and Serve use unless told otherwise.
var DefaultTimeouts = Timeouts{
	ReadHeader: 5 * time.Second,
	Read:       30 * time.Second,
	Write:      30 * time.Second,
	Idle:       60 * time.Second,
	Shutdown:   10 * time.Second,
}

// maxHeaderBytes bounds a request's headers: generated clients send a few hundred bytes,
// browsers a few kilobytes with cookies.
const maxHeaderBytes = 64 << 10

// ServeOption configures ListenAndServe and Serve.
type ServeOption func(*serveConfig)

type serveConfig struct {
	timeouts  Timeouts
	logger    *slog.Logger
	listening func(net.Addr)
}

// WithServerTimeouts sets the connection timeouts; zero fields keep DefaultTimeouts'.
func WithServerTimeouts(t Timeouts) ServeOption {
	return func(c *serveConfig) { c.timeouts = t }
}

// WithServerLogger sets the logger for the server's own messages (shutdown, and the
// errors net/http reports, such as TLS handshakes); the default is slog.Default().
func WithServerLogger(l *slog.Logger) ServeOption {
	return func(c *serveConfig) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithListening sets a function called once the server listens, with its address: the
// place to print "listening on ..." or, in tests, to learn the port of ":0".
func WithListening(f func(net.Addr)) ServeOption {
	return func(c *serveConfig) { c.listening = f }
}

func (t Timeouts) withDefaults() Timeouts {
	def := DefaultTimeouts
	for _, p := range []struct{ v, d *time.Duration }{
		{&t.ReadHeader, &def.ReadHeader}, {&t.Read, &def.Read}, {&t.Write, &def.Write},
		{&t.Idle, &def.Idle}, {&t.Shutdown, &def.Shutdown},
	} {
		if *p.v <= 0 {
			*p.v = *p.d
		}
	}
	return t
}

// ListenAndServe listens on the TCP address addr and serves h until ctx is done, then
// shuts down as Serve does.
func ListenAndServe(ctx context.Context, addr string, h http.Handler, opts ...ServeOption) error {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return Serve(ctx, l, h, opts...)
}

// Serve serves h on l with the timeouts of WithServerTimeouts (DefaultTimeouts unless
// set) until ctx is done, for example by signal.NotifyContext on SIGTERM. Then it shuts
// down: it stops accepting, closes idle connections, lets the requests in flight finish
// for up to Timeouts.Shutdown, closes the connections still open after that (cancelling
// their requests' contexts), and returns only once every call of h has returned, so that
// the caller may close the database its functions use as soon as Serve returns.
//
// It returns nil after a shutdown asked for by ctx, and the error that stopped it
// otherwise. Serve closes l.
func Serve(ctx context.Context, l net.Listener, h http.Handler, opts ...ServeOption) error {
	cfg := serveConfig{timeouts: DefaultTimeouts, logger: slog.Default()}
	for _, o := range opts {
		o(&cfg)
	}
	t := cfg.timeouts.withDefaults()
	calls := &inFlight{}
	srv := &http.Server{
		Handler:           calls.wrap(h),
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(cfg.logger.Handler(), slog.LevelWarn),
	}
	if cfg.listening != nil {
		cfg.listening(l.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		// The listener failed; nothing asked for a shutdown. Close what is open, and still
		// return only once no call is running.
		_ = srv.Close()
		calls.wait()
		return err
	case <-ctx.Done():
	}

	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), t.Shutdown)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		cfg.logger.LogAttrs(ctx, slog.LevelWarn, "shutdown: closing connections still busy after the shutdown timeout",
			slog.Duration("timeout", t.Shutdown), slog.Int("calls", calls.count()))
		err = srv.Close()
	}
	calls.wait()
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && serr != nil {
		return serr
	}
	return err
}

// inFlight counts the calls of a handler that have not returned, so that shutdown can
// wait for the last one: http.Server.Close returns at once, while the handlers of the
// connections it closed may still be running.
type inFlight struct {
	mu     sync.Mutex
	n      int
	closed bool          // set by wait: no call may start after it
	idle   chan struct{} // closed when n drops to 0 while someone waits
}

func (c *inFlight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		if c.closed {
			// A request read just before its connection was closed: the resources the
			// functions use may be gone already.
			c.mu.Unlock()
			w.Header().Set("Connection", "close")
			http.Error(w, "server shutting down", http.StatusServiceUnavailable)
			return
		}
		c.n++
		c.mu.Unlock()
		defer c.done()
		h.ServeHTTP(w, r)
	})
}

func (c *inFlight) done() {
	c.mu.Lock()
	c.n--
	if c.n == 0 && c.idle != nil {
		close(c.idle)
		c.idle = nil
	}
	c.mu.Unlock()
}

func (c *inFlight) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// wait returns once no call is running, and refuses the calls that would start later.
func (c *inFlight) wait() {
	c.mu.Lock()
	c.closed = true
	if c.n == 0 {
		c.mu.Unlock()
		return
	}
	if c.idle == nil {
		c.idle = make(chan struct{})
	}
	ch := c.idle
	c.mu.Unlock()
	<-ch
}
