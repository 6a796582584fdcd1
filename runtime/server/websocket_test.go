package server_test

import (
	"context"
	"errors"
	"iter"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Websocket functions over real sockets on 127.0.0.1, with hand-written descriptors as
// generated code would declare them.

type WsText struct{ Text string }

type WsCount struct{ N uint32 }

type WsNum struct{ I uint32 }

var (
	wsTextMessage = &wire.Message{Name: "test.v1.Text", GoType: reflect.TypeFor[WsText](),
		Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}
	wsCountMessage = &wire.Message{Name: "test.v1.Count", GoType: reflect.TypeFor[WsCount](),
		Fields: []wire.Field{{Name: "n", GoName: "N", Type: wire.Uint32}}}
	wsNumMessage = &wire.Message{Name: "test.v1.Num", GoType: reflect.TypeFor[WsNum](),
		Fields: []wire.Field{{Name: "i", GoName: "I", Type: wire.Uint32}}}
)

func wsFunc(name string, enc rpc.Encoding, in, out bool, args, result *wire.Message) *rpc.Func {
	path := "/api/streams/" + name
	if enc == rpc.GetCbor {
		path += "_cbor"
	}
	return &rpc.Func{Service: "test.v1.Streams", Name: name, Path: path, Encoding: enc,
		Args: args, Result: result, Stream: &rpc.Stream{InStream: in, OutStream: out}}
}

// echo yields each input item back, errors included, as the conformance echo does.
func echo(_ context.Context, in iter.Seq2[*WsText, error]) iter.Seq2[*WsText, error] {
	return func(yield func(*WsText, error) bool) {
		for v, err := range in {
			if !yield(v, err) {
				return
			}
		}
	}
}

func count(_ context.Context, in *WsCount) iter.Seq2[*WsNum, error] {
	return func(yield func(*WsNum, error) bool) {
		for i := uint32(1); i <= in.N; i++ {
			if !yield(&WsNum{I: i}, nil) {
				return
			}
		}
	}
}

func sum(_ context.Context, in iter.Seq2[*WsNum, error]) (*WsCount, error) {
	var n uint32
	for v, err := range in {
		if err != nil {
			return nil, err
		}
		n += v.I
	}
	return &WsCount{N: n}, nil
}

type wsFuncs struct{ echo, count, sum *rpc.Func }

func newWsFuncs(enc rpc.Encoding) wsFuncs {
	return wsFuncs{
		echo:  wsFunc("echo", enc, true, true, wsTextMessage, wsTextMessage),
		count: wsFunc("count", enc, false, true, wsCountMessage, wsNumMessage),
		sum:   wsFunc("sum", enc, true, false, wsNumMessage, wsCountMessage),
	}
}

func wsServer(t *testing.T, routes []server.Route, opts ...server.Option) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(server.NewHandler(routes, opts...))
	t.Cleanup(srv.Close)
	return srv
}

func items[T any](vs ...T) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for i := range vs {
			if !yield(&vs[i], nil) {
				return
			}
		}
	}
}

func collect[T any](t *testing.T, seq iter.Seq2[*T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("item error: %v", err)
		}
		out = append(out, *v)
	}
	return out
}

func TestWebsocketShapes(t *testing.T) {
	t.Parallel()
	for _, enc := range []rpc.Encoding{rpc.GetJson, rpc.GetCbor} {
		t.Run(enc.String(), func(t *testing.T) {
			t.Parallel()
			fs := newWsFuncs(enc)
			srv := wsServer(t, []server.Route{
				server.StreamBoth(fs.echo, echo), server.StreamOut(fs.count, count), server.StreamIn(fs.sum, sum)})
			c := client.New(srv.URL)
			ctx := t.Context()

			got := collect(t, client.StreamBoth[WsText, WsText](ctx, c, fs.echo, items(WsText{"a"}, WsText{"b"}, WsText{"ü"}), client.PlanCodec[WsText, WsText](fs.echo)))
			if diff := cmp.Diff([]WsText{{"a"}, {"b"}, {"ü"}}, got); diff != "" {
				t.Errorf("echo (-want +got):\n%s", diff)
			}
			nums := collect(t, client.StreamOut[WsCount, WsNum](ctx, c, fs.count, &WsCount{N: 3}, client.PlanCodec[WsCount, WsNum](fs.count)))
			if diff := cmp.Diff([]WsNum{{1}, {2}, {3}}, nums); diff != "" {
				t.Errorf("count (-want +got):\n%s", diff)
			}
			total, err := client.StreamIn[WsNum, WsCount](ctx, c, fs.sum, items(WsNum{1}, WsNum{2}, WsNum{39}), client.PlanCodec[WsNum, WsCount](fs.sum))
			if err != nil || total.N != 42 {
				t.Errorf("sum = %v, %v; want 42", total, err)
			}
		})
	}
}

func TestWebsocketErrorItems(t *testing.T) {
	t.Parallel()
	f := wsFunc("fails", rpc.GetJson, false, true, wsCountMessage, wsNumMessage)
	srv := wsServer(t, []server.Route{server.StreamOut(f, func(_ context.Context, in *WsCount) iter.Seq2[*WsNum, error] {
		return func(yield func(*WsNum, error) bool) {
			_ = yield(nil, rpc.NewError(422, "too many")) &&
				yield(&WsNum{I: 1}, nil) &&
				yield(nil, errors.New("database password wrong")) &&
				yield(&WsNum{I: 2}, nil)
		}
	})}, server.WithLogger(slog.New(slog.DiscardHandler)))
	var got []string
	for v, err := range client.StreamOut[WsCount, WsNum](t.Context(), client.New(srv.URL), f, &WsCount{}, client.PlanCodec[WsCount, WsNum](f)) {
		var we *rpc.Error
		switch {
		case errors.As(err, &we):
			got = append(got, string(we.Tag)+"|"+we.Message)
		case err != nil:
			t.Fatalf("error %T %v", err, err)
		default:
			got = append(got, "item "+string(rune('0'+v.I)))
		}
	}
	want := []string{"ServerError|too many", "item 1", "ServerError|internal error", "item 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// rawDial opens a websocket to path without sfn's client.
func rawDial(t *testing.T, srv *httptest.Server, path string, h http.Header) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	c, res, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(srv.URL, "http")+path, &websocket.DialOptions{HTTPHeader: h})
	if c != nil {
		t.Cleanup(func() { _ = c.CloseNow() })
	}
	return c, res, err
}

func TestWebsocketBadFrames(t *testing.T) {
	t.Parallel()
	fs := newWsFuncs(rpc.GetJson)
	srv := wsServer(t, []server.Route{server.StreamBoth(fs.echo, echo)}, server.WithLogger(slog.New(slog.DiscardHandler)))
	conn, _, err := rawDial(t, srv, fs.echo.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	send := []struct {
		typ  websocket.MessageType
		data string
	}{
		{websocket.MessageBinary, ""},
		{websocket.MessageBinary, "\x07{}"},
		{websocket.MessageText, "\x00{\"text\":\"as text\"}"},
		{websocket.MessageBinary, "\x00{\"text\":"},
		{websocket.MessageBinary, "\x01MiddlewareError|from the client"},
		{websocket.MessageBinary, "\x00{\"text\":\"last\"}"},
	}
	for _, m := range send {
		if err := conn.Write(ctx, m.typ, []byte(m.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := conn.Write(ctx, websocket.MessageBinary, rpc.EndOfInput); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			if websocket.CloseStatus(err) != websocket.StatusNormalClosure {
				t.Fatalf("read: %v", err)
			}
			break
		}
		s := string(data)
		if i := strings.Index(s, " at "); i > 0 && strings.HasPrefix(s, "\x01Deserialization|") {
			s = s[:i] // the decoder's position
		}
		got = append(got, s)
	}
	want := []string{
		"\x01Deserialization|empty websocket frame",
		"\x01Deserialization|websocket frame with unknown tag 0x07",
		"\x00{\"text\":\"as text\"}",
		got[3], // checked below
		"\x01MiddlewareError|from the client",
		"\x00{\"text\":\"last\"}",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("frames (-want +got):\n%q", diff)
	}
	if !strings.HasPrefix(got[3], "\x01Deserialization|") {
		t.Errorf("undecodable JSON came back as %q, want a Deserialization error item", got[3])
	}
}

func TestWebsocketSlowReaderBoundedMemory(t *testing.T) {
	t.Parallel()
	f := wsFunc("many", rpc.GetJson, false, true, wsCountMessage, wsTextMessage)
	var produced atomic.Int64
	pad := strings.Repeat("x", 1000)
	srv := wsServer(t, []server.Route{server.StreamOut(f, func(_ context.Context, in *WsCount) iter.Seq2[*WsText, error] {
		return func(yield func(*WsText, error) bool) {
			for range in.N {
				produced.Add(1)
				if !yield(&WsText{Text: pad}, nil) {
					return
				}
			}
		}
	})})
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, maxAhead := 0, int64(0)
	for v, err := range client.StreamOut[WsCount, WsText](t.Context(), client.New(srv.URL), f, &WsCount{N: 10000}, client.PlanCodec[WsCount, WsText](f)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if len(v.Text) != len(pad) {
			t.Fatalf("item %d has %d bytes", n, len(v.Text))
		}
		if n%500 == 0 {
			time.Sleep(5 * time.Millisecond) // a slow reader
			maxAhead = max(maxAhead, produced.Load()-int64(n))
		}
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if n != 10000 {
		t.Fatalf("got %d items, want 10000", n)
	}
	// 10 MB of items went through; the producer may run ahead only by what the socket
	// buffers hold (a few MB at most on loopback), never by the whole stream.
	if maxAhead >= 9000 {
		t.Errorf("the producer ran %d items ahead of the reader", maxAhead)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 8<<20 {
		t.Errorf("heap grew by %d bytes after 10 MB of items", grew)
	}
}

func TestWebsocketCancellation(t *testing.T) {
	t.Parallel()
	f := wsFunc("forever", rpc.GetJson, false, true, wsCountMessage, wsNumMessage)
	done := make(chan struct{})
	srv := wsServer(t, []server.Route{server.StreamOut(f, func(ctx context.Context, _ *WsCount) iter.Seq2[*WsNum, error] {
		return func(yield func(*WsNum, error) bool) {
			defer close(done)
			for i := uint32(0); ; i++ {
				if ctx.Err() != nil || !yield(&WsNum{I: i}, nil) {
					return
				}
			}
		}
	})})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	var last error
	for _, err := range client.StreamOut[WsCount, WsNum](ctx, client.New(srv.URL), f, &WsCount{}, client.PlanCodec[WsCount, WsNum](f)) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 100 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel the client got %v, want context.Canceled", last)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the server function did not stop after the client cancelled")
	}

	// The client breaking out of the loop closes the websocket, which also ends the function.
	done2 := make(chan struct{})
	f2 := wsFunc("forever2", rpc.GetJson, true, true, wsNumMessage, wsNumMessage)
	srv2 := wsServer(t, []server.Route{server.StreamBoth(f2, func(ctx context.Context, in iter.Seq2[*WsNum, error]) iter.Seq2[*WsNum, error] {
		return func(yield func(*WsNum, error) bool) {
			defer close(done2)
			for i := uint32(0); yield(&WsNum{I: i}, nil); i++ {
			}
			if ctx.Err() == nil {
				t.Error("ctx not done after the client closed")
			}
		}
	})})
	for v, err := range client.StreamBoth[WsNum, WsNum](t.Context(), client.New(srv2.URL), f2, items[WsNum](), client.PlanCodec[WsNum, WsNum](f2)) {
		if err != nil || v.I == 10 {
			break
		}
	}
	select {
	case <-done2:
	case <-time.After(10 * time.Second):
		t.Fatal("the server function did not stop after the client closed")
	}
}

func TestWebsocketOrigin(t *testing.T) {
	t.Parallel()
	fs := newWsFuncs(rpc.GetJson)
	srv := wsServer(t, []server.Route{server.StreamBoth(fs.echo, echo)},
		server.WithTrustedOrigins("https://app.example.com"), server.WithLogger(slog.New(slog.DiscardHandler)))
	for _, tc := range []struct {
		origin string
		status int
	}{
		{"https://evil.example.com", http.StatusForbidden},
		{"https://app.example.com", http.StatusSwitchingProtocols},
		{srv.URL, http.StatusSwitchingProtocols}, // same origin
		{"", http.StatusSwitchingProtocols},      // not a browser
	} {
		h := http.Header{}
		if tc.origin != "" {
			h.Set("Origin", tc.origin)
		}
		_, res, _ := rawDial(t, srv, fs.echo.Path, h)
		if res == nil || res.StatusCode != tc.status {
			t.Errorf("upgrade from %q: %v, want status %d", tc.origin, res, tc.status)
		}
	}
	// Through sfn's client the refusal is the server's error.
	c := client.New(srv.URL, client.WithHeader("Origin", "https://evil.example.com"))
	for _, err := range client.StreamBoth[WsText, WsText](t.Context(), c, fs.echo, items[WsText](), client.PlanCodec[WsText, WsText](fs.echo)) {
		var we *rpc.Error
		if !errors.As(err, &we) || we.Status != 403 || we.Tag != rpc.TagMiddlewareError {
			t.Errorf("cross-origin upgrade through the client: %v, want 403 MiddlewareError", err)
		}
	}
}

func TestWebsocketRateLimit(t *testing.T) {
	t.Parallel()
	fs := newWsFuncs(rpc.GetJson)
	lim := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 0.001, Burst: 1}})
	srv := wsServer(t, []server.Route{server.StreamOut(fs.count, count)},
		server.WithGate(lim.Gate), server.WithLogger(slog.New(slog.DiscardHandler)))
	c := client.New(srv.URL)
	if got := collect(t, client.StreamOut[WsCount, WsNum](t.Context(), c, fs.count, &WsCount{N: 1}, client.PlanCodec[WsCount, WsNum](fs.count))); len(got) != 1 {
		t.Fatalf("first session: %v", got)
	}
	_, res, _ := rawDial(t, srv, fs.count.Path, nil)
	if res == nil || res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("second upgrade: %v, want 429 with Retry-After", res)
	}
	for _, err := range client.StreamOut[WsCount, WsNum](t.Context(), c, fs.count, &WsCount{N: 1}, client.PlanCodec[WsCount, WsNum](fs.count)) {
		var we *rpc.Error
		if !errors.As(err, &we) || we.Status != 429 {
			t.Errorf("third session: %v, want a 429 error", err)
		}
	}
}

func TestWebsocketPlainGET(t *testing.T) {
	t.Parallel()
	fs := newWsFuncs(rpc.GetJson)
	srv := wsServer(t, []server.Route{server.StreamBoth(fs.echo, echo)}, server.WithLogger(slog.New(slog.DiscardHandler)))
	res, err := http.Get(srv.URL + fs.echo.Path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUpgradeRequired || res.Header.Get("Serverfnerror") != fs.echo.Path {
		t.Errorf("plain GET: %d %v, want 426 with serverfnerror", res.StatusCode, res.Header)
	}
}

// TestWebsocketLiveness holds the server to its pings: a client that answers them (it reads,
// and coder/websocket answers a ping while reading) keeps its session past several ping
// intervals, and one that stops answering without closing has its session ended, the
// function's ctx done, after the pong timeout.
func TestWebsocketLiveness(t *testing.T) {
	t.Parallel()
	f := wsFunc("wait", rpc.GetJson, true, true, wsNumMessage, wsNumMessage)
	ended := make(chan time.Time, 2)
	srv := wsServer(t, []server.Route{server.StreamBoth(f, func(ctx context.Context, in iter.Seq2[*WsNum, error]) iter.Seq2[*WsNum, error] {
		return func(yield func(*WsNum, error) bool) {
			for range in { // the client sends nothing: this waits until the session ends
			}
			<-ctx.Done()
			ended <- time.Now()
		}
	})}, server.WithWebsocketLiveness(50*time.Millisecond, time.Second))
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + f.Path

	// Answering: the session outlives 10 intervals.
	c, _, err := websocket.Dial(t.Context(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	readCtx, stopReading := context.WithCancel(t.Context())
	go c.Read(readCtx) // reads (and answers pings) until stopReading
	select {
	case <-ended:
		t.Fatal("the session of a client that answers pings ended")
	case <-time.After(500 * time.Millisecond):
	}
	c.CloseNow()
	stopReading()
	<-ended

	// Silent: no read, so no pong; the session ends though the connection stays open.
	c, _, err = websocket.Dial(t.Context(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	start := time.Now()
	select {
	case at := <-ended:
		if d := at.Sub(start); d < time.Second {
			t.Errorf("the session ended after %v, before a ping could time out", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the session of a client that stopped answering pings did not end")
	}
}
