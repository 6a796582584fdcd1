package server

import (
	"context"
	"errors"
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

// logFailure logs a failed call at a level that matches whose fault it is. The server's
// fault is an error: a result it could not encode, or an error not made for the caller
// (cause, masked in the answer), logged with its full text. A function's own 5xx is info,
// its 4xx debug; a client's mistake is debug. A call whose client went away before it
// finished is not a failure: its context was cancelled, and an error the function made of
// that (context.Canceled, wrapped or not) is logged at debug. Panics are logged where they are recovered.
func logFailure(ctx context.Context, rt *route, we *rpc.Error, cause error, status int, clientFault bool) {
	if cause != nil && ctx.Err() != nil && (errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded)) {
		// The function gave up because its caller left: the caller's doing, not a fault.
		cause = nil
	}
	level := slog.LevelDebug
	msg := "server function failed"
	switch {
	case cause != nil, we.Tag == rpc.TagSerialization:
		level = slog.LevelError
	case clientFault:
	case ctx.Err() != nil:
		msg = "client went away before the server function finished"
	case status >= 500:
		level = slog.LevelInfo
	}
	lg := rt.cfg.logger
	if !lg.Enabled(ctx, level) {
		return
	}
	attrs := funcAttrs(rt.fn,
		slog.Int("status", status),
		slog.String("tag", string(we.Tag)),
		slog.String("message", we.Message))
	if cause != nil {
		attrs = append(attrs, slog.String("error", cause.Error()))
	}
	lg.LogAttrs(ctx, level, msg, attrs...)
}
