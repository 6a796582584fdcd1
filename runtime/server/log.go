package server

import (
	"context"
	"log/slog"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Logging: each failure at the level of whose fault it is (see logFailure).

// funcAttrs are the log attributes naming a function, followed by more.
func funcAttrs(f *rpc.Func, more ...slog.Attr) []slog.Attr {
	return append([]slog.Attr{
		slog.String("service", f.Service),
		slog.String("function", f.Name),
		slog.String("path", f.Path),
	}, more...)
}

// logFailure logs a failed call at a level that matches whose fault it is: the server's
// (encoding a result) at error; a function's 5xx at info, its 4xx at debug; a client's
// mistake at debug. Panics are logged where they are recovered.
func logFailure(ctx context.Context, rt *route, we *rpc.Error, status int, clientFault bool) {
	level := slog.LevelDebug
	switch {
	case clientFault:
	case we.Tag == rpc.TagSerialization:
		level = slog.LevelError
	case status >= 500:
		level = slog.LevelInfo
	}
	lg := rt.cfg.logger
	if !lg.Enabled(ctx, level) {
		return
	}
	lg.LogAttrs(ctx, level, "server function failed", funcAttrs(rt.fn,
		slog.Int("status", status),
		slog.String("tag", string(we.Tag)),
		slog.String("message", we.Message))...)
}
