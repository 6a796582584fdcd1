package server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// rlClock is a clock the tests move by hand, so that no test depends on how fast it runs.
type rlClock struct{ ns atomic.Int64 }

var rlStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (c *rlClock) now() time.Time          { return rlStart.Add(time.Duration(c.ns.Load())) }
func (c *rlClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

var (
	rlLogin  = &rpc.Func{Service: "test.v1.Limits", Name: "login", Path: "/api/login", Encoding: rpc.Json, Args: rpc.NoArgs, Result: wire.UnitMessage}
	rlList   = &rpc.Func{Service: "test.v1.Limits", Name: "list", Path: "/api/list", Encoding: rpc.Json, Args: rpc.NoArgs, Result: wire.UnitMessage}
	rlHealth = &rpc.Func{Service: "test.v1.Limits", Name: "health", Path: "/api/health", Encoding: rpc.GetJson, Args: rpc.NoArgs, Result: wire.UnitMessage}
)

func rlRequest(remote string) *http.Request {
	r := httptest.NewRequest("POST", "/api/list", nil)
	r.RemoteAddr = remote
	return r
}

// gateOutcome is what a gate decided about one call: "ok", or the wire body, status and
// Retry-After of the refusal.
func gateOutcome(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return "ok"
	}
	var we *rpc.Error
	if !errors.As(err, &we) {
		t.Fatalf("gate error %v is not a *rpc.Error", err)
	}
	var hd interface{ ResponseHeader() http.Header }
	retry := "none"
	if errors.As(err, &hd) {
		retry = hd.ResponseHeader().Get("Retry-After")
	}
	return string(we.Body()) + " " + strconv.Itoa(we.Status) + " retry " + retry
}

// gateCalls runs the gate n times for f from remote and reports each outcome.
func gateCalls(t *testing.T, l *server.RateLimiter, f *rpc.Func, remote string, n int) []string {
	t.Helper()
	var got []string
	for range n {
		got = append(got, gateOutcome(t, l.Gate(rlRequest(remote), f)))
	}
	return got
}

const rlRefused = "ServerError|rate limited 429 retry "

func TestRateLimitRefusesAndRecovers(t *testing.T) {
	t.Parallel()
	clock := &rlClock{}
	// A token every 2.5s, 2 at once.
	l := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 0.4, Burst: 2}, Now: clock.now})
	const ip = "192.0.2.1:5000"
	if diff := cmp.Diff([]string{"ok", "ok", rlRefused + "3"}, gateCalls(t, l, rlList, ip, 3)); diff != "" {
		t.Errorf("burst (-want +got):\n%s", diff)
	}
	var rle *server.RateLimitError
	if err := l.Gate(rlRequest(ip), rlList); !errors.As(err, &rle) || rle.RetryAfter != 2500*time.Millisecond {
		t.Errorf("refusal = %v, want a *RateLimitError with RetryAfter 2.5s", err)
	}
	// Retry-After rounds up: 0.5s left is 1, never 0.
	clock.advance(2 * time.Second)
	if diff := cmp.Diff([]string{rlRefused + "1"}, gateCalls(t, l, rlList, ip, 1)); diff != "" {
		t.Errorf("0.5s before the next token (-want +got):\n%s", diff)
	}
	clock.advance(500 * time.Millisecond)
	if diff := cmp.Diff([]string{"ok", rlRefused + "3"}, gateCalls(t, l, rlList, ip, 2)); diff != "" {
		t.Errorf("once a token refilled (-want +got):\n%s", diff)
	}
	// After a long pause the bucket is full again, and no fuller than Burst.
	clock.advance(time.Hour)
	if diff := cmp.Diff([]string{"ok", "ok", rlRefused + "3"}, gateCalls(t, l, rlList, ip, 3)); diff != "" {
		t.Errorf("after an hour (-want +got):\n%s", diff)
	}
	// Another client has its own bucket.
	if diff := cmp.Diff([]string{"ok"}, gateCalls(t, l, rlList, "192.0.2.2:5000", 1)); diff != "" {
		t.Errorf("another client (-want +got):\n%s", diff)
	}
}

func TestRateLimitPerFunction(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"login", "/api/login"} {
		t.Run(strings.TrimPrefix(name, "/"), func(t *testing.T) {
			t.Parallel()
			clock := &rlClock{}
			l := server.NewRateLimiter(server.RateLimitOptions{
				Default: server.Limit{Rate: 1, Burst: 3},
				Funcs:   map[string]server.Limit{name: {Rate: 1.0 / 60, Burst: 1}},
				Now:     clock.now,
			})
			const ip = "192.0.2.1:5000"
			if diff := cmp.Diff([]string{"ok", rlRefused + "60"}, gateCalls(t, l, rlLogin, ip, 2)); diff != "" {
				t.Errorf("login (-want +got):\n%s", diff)
			}
			// Logins have their own bucket: the default one is untouched.
			if diff := cmp.Diff([]string{"ok", "ok", "ok", rlRefused + "1"}, gateCalls(t, l, rlList, ip, 4)); diff != "" {
				t.Errorf("list (-want +got):\n%s", diff)
			}
			clock.advance(59 * time.Second)
			if diff := cmp.Diff([]string{rlRefused + "1"}, gateCalls(t, l, rlLogin, ip, 1)); diff != "" {
				t.Errorf("login a second early (-want +got):\n%s", diff)
			}
			clock.advance(time.Second)
			if diff := cmp.Diff([]string{"ok"}, gateCalls(t, l, rlLogin, ip, 1)); diff != "" {
				t.Errorf("login after a minute (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRateLimitOnlyFuncs(t *testing.T) {
	t.Parallel()
	// Without Default only the functions in Funcs are limited.
	l := server.NewRateLimiter(server.RateLimitOptions{Funcs: map[string]server.Limit{"login": {Rate: 1, Burst: 1}}})
	if diff := cmp.Diff([]string{"ok", "ok", "ok"}, gateCalls(t, l, rlList, "192.0.2.1:1", 3)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	if got := gateCalls(t, l, rlLogin, "192.0.2.1:1", 2); got[1] == "ok" {
		t.Errorf("login: %q, want the second refused", got)
	}
}

func TestRateLimitExempt(t *testing.T) {
	t.Parallel()
	l := server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: 1, Burst: 1},
		Funcs:   map[string]server.Limit{"login": {Rate: 1, Burst: 1}},
		Exempt:  []string{"/api/health", "login"}, // by path and by name; Exempt wins over Funcs
		Now:     (&rlClock{}).now,
	})
	const ip = "192.0.2.1:5000"
	for _, f := range []*rpc.Func{rlHealth, rlLogin} {
		if diff := cmp.Diff([]string{"ok", "ok", "ok"}, gateCalls(t, l, f, ip, 3)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Name, diff)
		}
	}
	// Exempt calls took nothing from the client's bucket.
	if diff := cmp.Diff([]string{"ok", rlRefused + "1"}, gateCalls(t, l, rlList, ip, 2)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
}

func TestRateLimitKeyFunc(t *testing.T) {
	t.Parallel()
	// A user id the server verified, falling back to the address for anonymous calls.
	user := func(r *http.Request) string {
		if u := r.Header.Get("X-Verified-User"); u != "" {
			return "user " + u
		}
		return server.RemoteIPKey(r)
	}
	l := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 1, Burst: 2}, Key: user, Now: (&rlClock{}).now})
	call := func(remote, u string) string {
		r := rlRequest(remote)
		if u != "" {
			r.Header.Set("X-Verified-User", u)
		}
		return gateOutcome(t, l.Gate(r, rlList))
	}
	got := []string{
		call("192.0.2.1:1", "ann"), call("192.0.2.2:1", "ann"), call("192.0.2.3:1", "ann"), // one user, three addresses
		call("192.0.2.1:1", "bob"), // another user at ann's address
		call("192.0.2.1:1", ""),    // anonymous, keyed by the address
	}
	want := []string{"ok", "ok", rlRefused + "1", "ok", "ok"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRemoteIPKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"192.0.2.1", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"}, // same /64, same key
		{"[::ffff:192.0.2.1]:80", "192.0.2.1"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"@", "@"}, // a Unix socket
		{"", ""},
	}
	for _, tt := range tests {
		if got := server.RemoteIPKey(rlRequest(tt.remote)); got != tt.want {
			t.Errorf("RemoteIPKey(%q) = %q, want %q", tt.remote, got, tt.want)
		}
	}
}

func TestIPKeyFromHeader(t *testing.T) {
	t.Parallel()
	key := server.IPKeyFromHeader("x-forwarded-for")
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"absent", nil, "192.0.2.9"},
		{"one", []string{"198.51.100.7"}, "198.51.100.7"},
		// The client wrote the first address; the proxy appended the last.
		{"list", []string{"203.0.113.1, 198.51.100.7"}, "198.51.100.7"},
		{"lines", []string{"203.0.113.1", "198.51.100.7"}, "198.51.100.7"},
		{"ipv6", []string{"2001:db8:1:2::99"}, "2001:db8:1:2::/64"},
		{"with_port", []string{"[2001:db8::1]:443"}, "2001:db8::/64"},
		{"garbage", []string{"unknown"}, "192.0.2.9"},
	}
	for _, tt := range tests {
		r := rlRequest("192.0.2.9:1")
		for _, v := range tt.values {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := key(r); got != tt.want {
			t.Errorf("%s: key = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// dropTime leaves the time out of a log line, so that a test can compare lines.
func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// failingStore is a shared store that cannot be reached.
type failingStore struct{}

func (failingStore) Take(context.Context, string, time.Time, int, server.Limit) (bool, time.Duration, error) {
	return false, 0, errors.New("connection refused")
}

func TestRateLimitStoreErrors(t *testing.T) {
	t.Parallel()
	// By default a failure lets the call through and is logged at warn level, once every
	// 10 s at most, with the count of those not logged since.
	var logged bytes.Buffer
	now := time.Unix(1_700_000_000, 0)
	open := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 1, Burst: 1}, Store: failingStore{},
		Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{ReplaceAttr: dropTime})),
		Now:    func() time.Time { return now }})
	for i := range 100 {
		if i == 50 {
			now = now.Add(9 * time.Second)
		}
		if err := open.Gate(rlRequest("192.0.2.1:1"), rlList); err != nil {
			t.Fatalf("by default a store error lets the call through; got %v", err)
		}
	}
	now = now.Add(2 * time.Second)
	if err := open.Gate(rlRequest("192.0.2.1:1"), rlList); err != nil {
		t.Fatalf("by default a store error lets the call through; got %v", err)
	}
	want := `level=WARN msg="rate limit store failed: calls go through unlimited" error="connection refused" not_logged_since_last=0
level=WARN msg="rate limit store failed: calls go through unlimited" error="connection refused" not_logged_since_last=99
`
	if logged.String() != want {
		t.Errorf("the default OnStoreError logged:\n%s\nwant:\n%s", logged.String(), want)
	}
	var seen error
	closed := server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: 1, Burst: 1},
		Store:   failingStore{},
		OnStoreError: func(r *http.Request, err error) error {
			seen = err
			return rpc.NewError(503, "try again later")
		},
	})
	if got := gateOutcome(t, closed.Gate(rlRequest("192.0.2.1:1"), rlList)); got != "ServerError|try again later 503 retry none" {
		t.Errorf("OnStoreError's answer: %q", got)
	}
	if seen == nil || seen.Error() != "connection refused" {
		t.Errorf("OnStoreError saw %v", seen)
	}
}

func TestNewRateLimiterPanics(t *testing.T) {
	t.Parallel()
	tests := map[string]server.RateLimitOptions{
		"nothing_limited": {Exempt: []string{"x"}},
		"zero_burst":      {Default: server.Limit{Rate: 1}},
		"negative_rate":   {Default: server.Limit{Rate: -1, Burst: 1}},
		"func_zero":       {Funcs: map[string]server.Limit{"login": {}}},
		"too_slow":        {Default: server.Limit{Rate: 1e-300, Burst: 1}},
	}
	for name, o := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: NewRateLimiter did not panic", name)
				}
			}()
			server.NewRateLimiter(o)
		}()
	}
}

// TestRateLimitWire goes through a real handler and socket: the refusal is the handler's
// usual error answer, with status 429 and Retry-After.
func TestRateLimitWire(t *testing.T) {
	t.Parallel()
	clock := &rlClock{}
	l := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 0.5, Burst: 1}, Now: clock.now})
	var ran atomic.Int32
	h := server.NewHandler([]server.Route{
		server.Bare(rlList, func(context.Context) error { ran.Add(1); return nil }),
	}, server.WithGate(l.Gate))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	post := func() (*http.Response, string) {
		t.Helper()
		res, err := http.Post(srv.URL+rlList.Path, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(body)
	}
	if res, body := post(); res.StatusCode != 200 {
		t.Fatalf("first call: %d %q", res.StatusCode, body)
	}
	res, body := post()
	type answer struct {
		Status                                 int
		RetryAfter, ServerFnError, ContentType string
		Body                                   string
	}
	got := answer{res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Serverfnerror"),
		res.Header.Get("Content-Type"), body}
	want := answer{429, "2", rlList.Path, "text/plain; charset=utf-8", "ServerError|rate limited"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refusal (-want +got):\n%s", diff)
	}
	if n := ran.Load(); n != 1 {
		t.Errorf("the function ran %d times, want 1", n)
	}
	clock.advance(2 * time.Second)
	if res, body := post(); res.StatusCode != 200 || res.Header.Get("Retry-After") != "" {
		t.Errorf("after Retry-After: %d %q, Retry-After %q", res.StatusCode, body, res.Header.Get("Retry-After"))
	}
}

// TestRateLimitConcurrent runs many clients at once against shared buckets (with -race in
// CI): with the clock stopped, each bucket lets exactly Burst calls through, however the
// calls interleave.
func TestRateLimitConcurrent(t *testing.T) {
	t.Parallel()
	const burst, clients, workers, perWorker = 50, 8, 16, 100
	l := server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: 1, Burst: burst},
		Store:   server.NewMemoryRateStore(10_000),
		Now:     (&rlClock{}).now,
	})
	var allowed [clients]atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				c := (w + i) % clients
				if l.Gate(rlRequest("192.0.2."+strconv.Itoa(c+1)+":1"), rlList) == nil {
					allowed[c].Add(1)
				}
			}
		})
	}
	wg.Wait()
	for c := range allowed {
		if n := allowed[c].Load(); n != burst {
			t.Errorf("client %d: %d calls allowed, want %d", c, n, burst)
		}
	}
}

// TestRateLimitMemoryBounded sends 100,000 clients through a limiter whose table holds
// 10,000: the table stays at its cap, and the heap grows by what 10,000 buckets take, not
// 100,000. It does not run in parallel, so that other tests' allocations stay out of the
// heap it measures.
func TestRateLimitMemoryBounded(t *testing.T) {
	const clients, maxKeys = 100_000, 10_000
	// About 100 bytes a bucket; the bound allows ten times that.
	const bound = maxKeys * 1000
	store := server.NewMemoryRateStore(maxKeys)
	l := server.NewRateLimiter(server.RateLimitOptions{
		Default: server.Limit{Rate: 1.0 / 3600, Burst: 5}, // no bucket refills during the test
		Store:   store,
		Now:     (&rlClock{}).now,
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := rlRequest("")
	for i := range clients {
		r.RemoteAddr = "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255) + ":4000"
		if err := l.Gate(r, rlList); err != nil {
			t.Fatalf("client %d refused on its first call: %v", i, err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if n := store.Len(); n != maxKeys {
		t.Errorf("Len = %d, want the cap %d", n, maxKeys)
	}
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap grew by %d bytes, %d a bucket", growth, growth/maxKeys)
	if growth > bound {
		t.Errorf("heap grew by %d bytes, over %d", growth, bound)
	}
	runtime.KeepAlive(l)
}

func BenchmarkRateLimitGate(b *testing.B) {
	l := server.NewRateLimiter(server.RateLimitOptions{Default: server.Limit{Rate: 1e6, Burst: 1e6}})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := rlRequest("192.0.2.1:1")
		for pb.Next() {
			_ = l.Gate(r, rlList)
		}
	})
}
