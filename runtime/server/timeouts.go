package server

import (
	"net/http"
	"time"
)

// Deadlines. The serving helper (serve.go) gives every connection read, write and idle
// timeouts; WithTimeouts and WithFuncTimeouts replace the read and write deadlines per
// request, for a service or one slow function, through http.ResponseController.

// deadlines is a pair of per-request deadlines; zero leaves the server's own.
type deadlines struct{ read, write time.Duration }

// WithTimeouts sets per-request read and write deadlines for every function of the
// handler, counted from when the handler starts on a request; zero leaves the server's own
// deadlines (http.Server's ReadTimeout and WriteTimeout, which ListenAndServe sets) alone.
// The read deadline bounds how long a slow client may take to send its body; the write
// deadline bounds the whole call including the function, so set it above the slowest
// function's running time, or give that function its own with WithFuncTimeouts.
// Connections that cannot take deadlines (an in-memory transport, say) ignore them.
func WithTimeouts(read, write time.Duration) Option {
	return func(c *config) { c.timeouts = deadlines{read, write} }
}

// WithFuncTimeouts sets the read and write deadlines of one function, named as declared
// ("export_report") or by its path, in place of WithTimeouts' and the server's: a slow
// report or an upload gets more time without giving it to every function. Zero leaves the
// handler's (or the server's) deadline for that side.
func WithFuncTimeouts(function string, read, write time.Duration) Option {
	return func(c *config) {
		if c.funcTimeouts == nil {
			c.funcTimeouts = make(map[string]deadlines)
		}
		c.funcTimeouts[function] = deadlines{read, write}
	}
}

// deadlinesFor resolves the deadlines of the route's function: its own, then the
// handler's, side by side.
func (c *config) deadlinesFor(name, path string) deadlines {
	d := c.timeouts
	own, ok := c.funcTimeouts[name]
	if !ok {
		own, ok = c.funcTimeouts[path]
	}
	if ok {
		if own.read > 0 {
			d.read = own.read
		}
		if own.write > 0 {
			d.write = own.write
		}
	}
	return d
}

// setDeadlines applies the route's deadlines. Writers that cannot take deadlines are left
// alone.
func (rt *route) setDeadlines(w http.ResponseWriter) {
	d := rt.deadlines
	if d.read <= 0 && d.write <= 0 {
		return
	}
	rc := http.NewResponseController(w)
	now := time.Now()
	if d.read > 0 {
		_ = rc.SetReadDeadline(now.Add(d.read))
	}
	if d.write > 0 {
		_ = rc.SetWriteDeadline(now.Add(d.write))
	}
}
