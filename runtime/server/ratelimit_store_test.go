package server_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/runtime/server"
)

var storeT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func take(t *testing.T, s *server.MemoryRateStore, key string, now time.Time, l server.Limit) bool {
	t.Helper()
	ok, _, err := s.Take(context.Background(), key, now, 1, l)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestMemoryRateStoreEvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	s := server.NewMemoryRateStore(2) // small enough to be one shard: eviction order is exact
	l := server.Limit{Rate: 1.0 / 3600, Burst: 1}
	now := storeT0
	take(t, s, "a", now, l)
	take(t, s, "b", now, l)
	take(t, s, "a", now, l) // refused, but a is now the most recently used
	take(t, s, "c", now, l) // the table is full: b goes
	if n := s.Len(); n != 2 {
		t.Errorf("Len = %d, want 2", n)
	}
	if take(t, s, "a", now, l) {
		t.Error("a was forgotten; b should have been")
	}
	if !take(t, s, "b", now, l) {
		t.Error("b was remembered; it should have been evicted")
	}
}

func TestMemoryRateStoreDropsFullBuckets(t *testing.T) {
	t.Parallel()
	s := server.NewMemoryRateStore(100)
	l := server.Limit{Rate: 1, Burst: 2}
	for i := range 5 {
		take(t, s, strconv.Itoa(i), storeT0, l)
	}
	if n := s.Len(); n != 5 {
		t.Fatalf("Len = %d, want 5", n)
	}
	// One token taken refills in 1s: by then the five buckets are full, the same as
	// forgotten, and the next take drops them.
	take(t, s, "new", storeT0.Add(time.Second), l)
	if n := s.Len(); n != 1 {
		t.Errorf("Len after refill = %d, want 1", n)
	}
}

func TestMemoryRateStoreInvalid(t *testing.T) {
	t.Parallel()
	s := server.NewMemoryRateStore(10)
	for _, tt := range []struct {
		n int
		l server.Limit
	}{
		{1, server.Limit{}},
		{0, server.Limit{Rate: 1, Burst: 2}},
		{3, server.Limit{Rate: 1, Burst: 2}},
	} {
		if ok, _, err := s.Take(context.Background(), "k", storeT0, tt.n, tt.l); ok || err == nil {
			t.Errorf("Take(n=%d, %v) = %v, %v; want an error", tt.n, tt.l, ok, err)
		}
	}
	// n tokens at once, up to Burst.
	if ok, _, err := s.Take(context.Background(), "k", storeT0, 2, server.Limit{Rate: 1, Burst: 2}); !ok || err != nil {
		t.Errorf("Take(n=2) of a full bucket of 2 = %v, %v", ok, err)
	}
}
