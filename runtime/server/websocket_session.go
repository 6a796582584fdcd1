package server

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// A websocket session: one goroutine reads frames and hands each to the function's input
// iterator when the function pulls it (an unbuffered hand-over, so input memory is one
// frame of at most Limits.MaxBytes); the handler's goroutine runs the function and writes
// its output, one item pulled and written at a time; a third pings the client.
//
// Liveness: every ping interval (WithWebsocketLiveness; 30 s by default) the server pings
// and waits the pong timeout (30 s) for the pong; a client that misses it is gone, and its
// session ends. The reader answers the client's pings. While a frame waits for the
// function to pull it, the reader is not reading, so no ping is sent then (the client's
// pong could not be read).

// The default liveness settings.
const (
	defaultPingInterval = 30 * time.Second
	defaultPongTimeout  = 30 * time.Second
)

// liveness is how a websocket session checks that its client is still there.
type liveness struct {
	interval, timeout time.Duration
}

// WithWebsocketLiveness sets how websocket sessions find a client that is gone without
// closing (a laptop put to sleep, a dropped network): the server pings the client every
// interval and ends the session when no pong comes within timeout. The default is 30 s and
// 30 s; a shorter interval finds such clients sooner, for a ping (a few bytes) each time.
// A timeout of 0 is the interval. An interval of 0 sends no pings: a session then ends only
// when the client closes or a write to it fails.
func WithWebsocketLiveness(interval, timeout time.Duration) Option {
	return func(c *config) { c.liveness = liveness{interval, timeout} }
}

type session struct {
	rt   *route
	conn *websocket.Conn
	st   *callState
	ctx  context.Context
	stop context.CancelFunc

	frames    chan []byte   // reader → input iterator, unbuffered
	inputDone chan struct{} // closed when the input iterator has ended for good
	endInput  sync.Once
	pulled    atomic.Bool // the input iterator has been ranged over
	waiting   atomic.Bool // the reader holds a frame the function has not pulled
	readDone  chan struct{}
	closing   sync.Once
}

func newSession(rt *route, conn *websocket.Conn, r *http.Request, st *callState) *session {
	s := &session{rt: rt, conn: conn, st: st,
		frames: make(chan []byte), inputDone: make(chan struct{}), readDone: make(chan struct{})}
	ctx := withCall(r.Context(), st)
	ctx = context.WithValue(ctx, streamInKey{}, iter.Seq2[any, error](s.input))
	s.ctx, s.stop = context.WithCancel(ctx)
	return s
}

// run serves the session to its end.
func (s *session) run() {
	go s.read()
	go s.ping()
	defer func() {
		s.stop()
		<-s.readDone
	}()
	s.close(s.serve())
}

// serve runs the function and writes its output; it returns the close status.
func (s *session) serve() (status websocket.StatusCode) {
	rt, ctx := s.rt, s.ctx
	defer func() {
		if p := recover(); p != nil {
			s.writeFrame(rt.fn.AppendErrorFrame(nil, rt.recovered(ctx, p), nil))
			status = websocket.StatusInternalError
		}
	}()
	if !rt.fn.Stream.InStream {
		// The argument is the first input item; the rest is dropped.
		var arg any
		var err error
		got := false
		for v, e := range s.input {
			arg, err, got = v, e, true
			break
		}
		switch {
		case !got && ctx.Err() != nil:
			return websocket.StatusNormalClosure
		case !got:
			err = &rpc.Error{Tag: rpc.TagMissingArg, Message: "the input ended before the argument item"}
		}
		if err != nil {
			s.sendError(err, true)
			return websocket.StatusNormalClosure
		}
		s.st.call.Args = arg
	}
	s.st.call.Func = rt.fn
	res, err := rt.call(ctx, &s.st.call)
	if err != nil {
		s.sendError(err, false)
		return websocket.StatusNormalClosure
	}
	out, ok := res.(iter.Seq2[any, error])
	if !ok || out == nil {
		we := &rpc.Error{Tag: rpc.TagSerialization, Status: 500,
			Message: fmt.Sprintf("%s returned %T, not an output stream", rt.fn.Name, res)}
		logFailure(ctx, rt, we, nil, 500, false)
		s.writeFrame(rt.fn.AppendErrorFrame(nil, we, nil))
		return websocket.StatusInternalError
	}
	var buf []byte
	for v, err := range out {
		if err != nil {
			if !s.sendError(err, false) {
				break
			}
			continue
		}
		frame, eerr := rt.fn.AppendItem(append(buf[:0], rpc.FrameItem), rt.fn.Result, v)
		if eerr != nil {
			// A value its schema cannot carry: the server's fault, sent as an error item.
			we := &rpc.Error{Tag: rpc.TagSerialization, Message: eerr.Error(), Status: 500}
			logFailure(ctx, rt, we, nil, 500, false)
			frame = rt.fn.AppendErrorFrame(buf[:0], we, nil)
		}
		buf = frame
		if !s.writeFrame(frame) {
			break
		}
	}
	return websocket.StatusNormalClosure
}

// sendError writes err as an error item, masked as a call's error, and logs it. It
// reports whether the write succeeded.
func (s *session) sendError(err error, clientFault bool) bool {
	we, typed, cause := callerError(err, s.rt.fn, rpc.TagServerError, internalMessage)
	logFailure(s.ctx, s.rt, we, cause, statusOf(we, 0, http.StatusInternalServerError), clientFault)
	return s.writeFrame(s.rt.fn.AppendErrorFrame(nil, we, typed))
}

// writeFrame writes one binary frame; false means the client is gone (or ctx ended).
func (s *session) writeFrame(frame []byte) bool {
	if err := s.conn.Write(s.ctx, websocket.MessageBinary, frame); err != nil {
		s.stop()
		return false
	}
	return true
}

// close ends the session with status, unless the client has already gone.
func (s *session) close(status websocket.StatusCode) {
	s.closing.Do(func() {
		s.endOfInput()
		if s.ctx.Err() != nil {
			_ = s.conn.CloseNow()
			return
		}
		// Close waits (a few seconds at most) for the client's Close.
		_ = s.conn.Close(status, "")
	})
}

// goAway ends the session for a server shutdown.
func (s *session) goAway() {
	s.closing.Do(func() {
		s.endOfInput()
		go func() {
			_ = s.conn.Close(websocket.StatusGoingAway, "server shutting down")
		}()
	})
	s.stop()
}

func (s *session) endOfInput() { s.endInput.Do(func() { close(s.inputDone) }) }

// read reads frames until the connection ends, handing each to the input iterator
// while it is being pulled and dropping those that come after the input ended. The
// client's Close, or its going away, cancels the session's context.
func (s *session) read() {
	defer close(s.readDone)
	defer s.stop()
	for {
		_, data, err := s.conn.Read(s.ctx)
		if err != nil {
			return
		}
		if len(data) == 1 && data[0] == rpc.FrameItem {
			// The end of input, after every earlier frame was handed over: the reader
			// goes on, to notice the client's Close.
			s.endOfInput()
			continue
		}
		s.waiting.Store(true)
		select {
		case s.frames <- data:
		case <-s.inputDone:
		case <-s.ctx.Done():
		}
		s.waiting.Store(false)
	}
}

// input is the function's input iterator (iter.Seq2[any, error] in the context). It can
// be ranged over once; a second range yields nothing.
func (s *session) input(yield func(any, error) bool) {
	if s.pulled.Swap(true) {
		return
	}
	defer s.endOfInput()
	f, lim := s.rt.fn, &s.rt.cfg.limits
	for {
		var data []byte
		select {
		case data = <-s.frames:
		case <-s.inputDone:
			return
		case <-s.ctx.Done():
			return
		}
		var v any
		var err error
		tag, payload, ferr := rpc.SplitFrame(data)
		switch {
		case ferr != nil:
			err = ferr
		case tag == rpc.FrameError:
			err = f.DecodeErrorPayload(payload, lim)
		case len(payload) == 0:
			return // end of input (read() sees it first)
		default:
			v = s.rt.newArgs()
			if derr := f.DecodeItem(f.Args, payload, v, lim); derr != nil {
				v, err = nil, derr
			}
		}
		if !yield(v, err) {
			return
		}
	}
}

// ping keeps the session alive, or ends it when the client stops answering.
func (s *session) ping() {
	live := s.rt.cfg.liveness
	if live.interval <= 0 {
		return
	}
	if live.timeout <= 0 {
		live.timeout = live.interval
	}
	t := time.NewTicker(live.interval)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if s.waiting.Load() {
			continue
		}
		ctx, cancel := context.WithTimeout(s.ctx, live.timeout)
		err := s.conn.Ping(ctx)
		cancel()
		if err != nil && s.ctx.Err() == nil && !s.waiting.Load() && errors.Is(err, context.DeadlineExceeded) {
			s.rt.cfg.logger.LogAttrs(s.ctx, slog.LevelDebug, "websocket client missed a pong: closing",
				funcAttrs(s.rt.fn)...)
			s.stop()
			_ = s.conn.CloseNow()
			return
		}
	}
}
