package main

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

// openRateStores opens n stores on one new PostgreSQL database, each over its own pool,
// as n instances of the server would be.
func openRateStores(t *testing.T, n int) []*pgRateStore {
	t.Helper()
	url := postgresDB(t)
	stores := make([]*pgRateStore, n)
	for i := range stores {
		db, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if stores[i], err = newPGRateStore(context.Background(), db); err != nil {
			t.Fatal(err)
		}
	}
	return stores
}

// TestPGRateStore checks the buckets' arithmetic: a new bucket is full, the burst is
// taken and the next take refused with the wait for one token, keys and token counts are
// apart, and impossible takes are errors.
func TestPGRateStore(t *testing.T) {
	t.Parallel()
	s := openRateStores(t, 1)[0]
	ctx := context.Background()
	hourly := server.Limit{Rate: 1.0 / 3600, Burst: 3}
	for i := range 3 {
		if ok, _, err := s.Take(ctx, "a", time.Time{}, 1, hourly); !ok || err != nil {
			t.Fatalf("take %d of the burst: %v, %v", i+1, ok, err)
		}
	}
	ok, retry, err := s.Take(ctx, "a", time.Time{}, 1, hourly)
	if ok || err != nil || retry <= 59*time.Minute || retry > time.Hour {
		t.Errorf("take after the burst: ok %v, retry %v, %v; want refused, with about an hour to wait", ok, retry, err)
	}
	if ok, _, err := s.Take(ctx, "b", time.Time{}, 3, hourly); !ok || err != nil {
		t.Errorf("another key's whole burst at once: %v, %v", ok, err)
	}
	if ok, _, err := s.Take(ctx, "c", time.Time{}, 2, hourly); !ok || err != nil {
		t.Errorf("2 of 3: %v, %v", ok, err)
	}
	if ok, retry, err := s.Take(ctx, "c", time.Time{}, 2, hourly); ok || err != nil || retry <= 59*time.Minute {
		t.Errorf("2 more of the 1 left: ok %v, retry %v, %v; want refused", ok, retry, err)
	}
	for _, bad := range []struct {
		n int
		l server.Limit
	}{{0, hourly}, {4, hourly}, {1, server.Limit{Rate: 0, Burst: 1}}, {1, server.Limit{Rate: 1, Burst: 0}}} {
		if ok, _, err := s.Take(ctx, "d", time.Time{}, bad.n, bad.l); ok || err == nil {
			t.Errorf("take %d of %v: %v, %v; want an error", bad.n, bad.l, ok, err)
		}
	}

	// A bucket that refills in microseconds is full again at once, and swept.
	fast := server.Limit{Rate: 1e6, Burst: 1}
	if ok, _, err := s.Take(ctx, "fast", time.Time{}, 1, fast); !ok || err != nil {
		t.Fatalf("fast: %v, %v", ok, err)
	}
	time.Sleep(2 * time.Millisecond)
	if n, err := s.sweep(ctx); err != nil || n != 1 {
		t.Errorf("sweep: %d deleted, %v; want the one full bucket", n, err)
	}
}

// TestPGRateStoreShared has four stores, as four instances would, take from one bucket of
// burst 25 with 200 calls at once: exactly 25 get a token.
func TestPGRateStoreShared(t *testing.T) {
	t.Parallel()
	stores := openRateStores(t, 4)
	lim := server.Limit{Rate: 1.0 / 3600, Burst: 25}
	var taken atomic.Int64
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			ok, _, err := stores[i%len(stores)].Take(context.Background(), "shared", time.Time{}, 1, lim)
			if err != nil {
				t.Error(err)
			}
			if ok {
				taken.Add(1)
			}
		})
	}
	wg.Wait()
	if n := taken.Load(); n != int64(lim.Burst) {
		t.Errorf("%d takes succeeded, want the burst of %d", n, lim.Burst)
	}
}

// TestRunRateShared runs two servers on one PostgreSQL database with -rate 1 (a burst of
// 2): a client's two calls to the first use up its burst on the second as well.
func TestRunRateShared(t *testing.T) {
	t.Parallel()
	db := postgresDB(t)
	url1, _ := runInProcess(t, "-db", db, "-rate", "1")
	url2, _ := runInProcess(t, "-db", db, "-rate", "1")
	ctx := context.Background()
	for i := range 2 {
		if _, err := todov1.NewTodosClient(url1).TodoStats(ctx); err != nil {
			t.Fatalf("call %d of the burst, to the first server: %v", i+1, err)
		}
	}
	_, err := todov1.NewTodosClient(url2).TodoStats(ctx)
	if status, _ := statusOf(err); status != http.StatusTooManyRequests {
		t.Errorf("the third call, to the second server: %v, want 429", err)
	}
}
