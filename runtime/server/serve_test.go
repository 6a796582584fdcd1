package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// serveFixture runs server.Serve on 127.0.0.1 until the test ends (or stop is called)
// and reports what Serve returned on done.
type serveFixture struct {
	addr string
	stop context.CancelFunc
	done chan error
}

func startServe(t *testing.T, h http.Handler, to server.Timeouts) *serveFixture {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &serveFixture{addr: l.Addr().String(), stop: cancel, done: make(chan error, 1)}
	go func() { f.done <- server.Serve(ctx, l, h, server.WithServerTimeouts(to)) }()
	t.Cleanup(func() {
		cancel()
		<-f.done
	})
	return f
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedWithin reports whether the server closes c within d (reading and discarding what
// it sends, such as an error answer, on the way).
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestHeaderOnlyConnections opens 200 connections that announce a 4 MiB body and send
// none of it. Memory must grow with the bytes that arrive: reserving the announced length
// would take 800 MiB.
func TestHeaderOnlyConnections(t *testing.T) {
	const conns, announced = 200, 4 << 20
	var entered atomic.Int64
	gate := func(*http.Request, *rpc.Func) error { entered.Add(1); return nil }
	h := server.NewHandler(todosRoutes(todos{}), server.WithGate(gate), server.WithLimits(wire.Limits{MaxBytes: announced}))
	f := startServe(t, h, server.Timeouts{})
	before := heapInUse()
	for range conns {
		c := dial(t, f.addr)
		fmt.Fprintf(c, "POST /api/act_json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", announced)
	}
	deadline := time.Now().Add(30 * time.Second)
	for entered.Load() < conns {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d requests reached the handler", entered.Load(), conns)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // every handler is now waiting in its body read
	grew := int64(heapInUse()) - int64(before)
	t.Logf("heap grew %d KiB for %d header-only connections", grew>>10, conns)
	if grew > 64<<20 {
		t.Errorf("heap grew %d MiB for %d connections that sent no body; want < 64 MiB", grew>>20, conns)
	}
}

// TestTrickledBody sends a body one byte at a time: the read timeout cuts it off long
// before the body could arrive.
func TestTrickledBody(t *testing.T) {
	h := server.NewHandler(todosRoutes(todos{}))
	f := startServe(t, h, server.Timeouts{Read: 300 * time.Millisecond})
	c := dial(t, f.addr)
	fmt.Fprintf(c, "POST /api/act_json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		closedWithin(c, 10*time.Second)
	}()
	for i := 0; i < 100; i++ {
		select {
		case <-closed:
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("trickled body held the connection for %v", el)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
		if _, err := c.Write([]byte{' '}); err != nil {
			<-closed
			return
		}
	}
	t.Fatal("a body trickled over 10 s was read to its end; the read timeout did not apply")
}

// TestIdleConnectionClosed checks a keep-alive connection is closed after the idle timeout.
func TestIdleConnectionClosed(t *testing.T) {
	h := server.NewHandler(todosRoutes(todos{}))
	f := startServe(t, h, server.Timeouts{Idle: 200 * time.Millisecond})
	c := dial(t, f.addr)
	fmt.Fprintf(c, "GET /api/ping_todos HTTP/1.1\r\nHost: x\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("ping: status %d", res.StatusCode)
	}
	if !closedWithin(c, 5*time.Second) {
		t.Error("an idle keep-alive connection stayed open 5 s past a 200 ms idle timeout")
	}
}

// TestShutdownWaitsForCalls cancels Serve's context while a function runs and a client
// holds a half-sent body: Serve returns nil, and only after the function has returned.
func TestShutdownWaitsForCalls(t *testing.T) {
	hold := &rpc.Func{Service: "test.v1.Todos", Name: "hold", Path: "/api/hold", Encoding: rpc.Json,
		Args: rpc.NoArgs, Result: wire.UnitMessage}
	started, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	h := server.NewHandler([]server.Route{server.Bare(hold, func(context.Context) error {
		close(started)
		<-release
		time.Sleep(50 * time.Millisecond) // still running well after the release
		finished.Store(true)
		return nil
	}), server.Unary(actJSON, todos{}.Act)})
	f := startServe(t, h, server.Timeouts{Shutdown: 500 * time.Millisecond})

	answered := make(chan int, 1)
	go func() {
		res, err := http.Post("http://"+f.addr+"/api/hold", "application/json", strings.NewReader("{}"))
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	<-started
	half := dial(t, f.addr)
	fmt.Fprintf(half, "POST /api/act_json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti")

	f.stop()
	select {
	case err := <-f.done:
		t.Fatalf("Serve returned (%v) while a function was running", err)
	case <-time.After(800 * time.Millisecond): // past the shutdown timeout
	}
	close(release)
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("Serve = %v after a shutdown asked for by its context, want nil", err)
		}
		if !finished.Load() {
			t.Error("Serve returned before the function in flight did")
		}
		f.done <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the function did")
	}
	if code := <-answered; code != 0 && code != http.StatusOK {
		t.Errorf("the call in flight got status %d", code)
	}
}
