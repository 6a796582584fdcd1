package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
)

// Health and readiness, for a load balancer or an orchestrator in front of several
// instances (docs/deployment.md):
//
//   - GET /healthz, liveness: 200 while the process serves at all. It checks nothing else,
//     so that a database outage does not get every instance restarted, which would not
//     mend it.
//   - GET /readyz, readiness: 200 when this instance should be sent calls: it is not
//     shutting down and its database answers within readyTimeout; 503 otherwise.
//
// On SIGTERM the server first answers /readyz 503 while it goes on serving everything
// else, for the -drain time, so that the load balancer sees it and stops sending new
// calls; only then does it stop accepting and wait for the calls in flight (run, in
// main.go).

// readyTimeout bounds /readyz's check of the database: a probe that waits longer than its
// prober does tells nothing.
const readyTimeout = 2 * time.Second

// health answers /healthz and /readyz.
type health struct {
	db       interface{ Ping(context.Context) error }
	logger   *slog.Logger
	draining atomic.Bool
}

func (h *health) live(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

func (h *health) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if h.draining.Load() {
		http.Error(w, "draining: shutting down", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		// The cause goes to the log, not to whoever probes.
		h.logger.WarnContext(ctx, "readyz: the database does not answer", "err", err)
		http.Error(w, "database not answering", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}
