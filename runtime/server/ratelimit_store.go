package server

import (
	"context"
	"errors"
	"hash/maphash"
	"math"
	"math/bits"
	"strconv"
	"sync"
	"time"
)

// Buckets: the Limit of one, the RateStore interface a RateLimiter keeps them behind (so
// that a later store can share them between instances), and the store in memory that is
// the default.

// Limit is a token bucket: it holds at most Burst tokens, starts full, and refills at Rate
// tokens a second; each call takes one. Burst is how many calls a client may make at
// once, Rate how many a second it may keep up: Limit{Rate: 5.0 / 60, Burst: 5} allows 5
// logins at once and then one every 12 seconds.
type Limit struct {
	Rate  float64
	Burst int
}

// valid reports whether l is a bucket that can be kept: a positive rate and burst, and an
// interval between tokens that a time.Duration holds even when multiplied by the burst.
func (l Limit) valid() bool {
	if !(l.Rate > 0) || l.Burst < 1 || math.IsInf(l.Rate, 0) {
		return false
	}
	return float64(time.Second)/l.Rate*float64(l.Burst) < 1<<62
}

// interval is the time one token takes to refill, at least 1ns.
func (l Limit) interval() time.Duration {
	return max(time.Duration(float64(time.Second)/l.Rate), 1)
}

// String returns the limit as Go would write it, for messages.
func (l Limit) String() string {
	return "Limit{Rate: " + strconv.FormatFloat(l.Rate, 'g', -1, 64) + ", Burst: " + strconv.Itoa(l.Burst) + "}"
}

// RateStore holds the buckets of a RateLimiter. Take takes n tokens from the bucket of
// key, of limit l, at time now: if the bucket holds n, they are taken and ok is true;
// otherwise nothing is taken, ok is false, and retryAfter is how long until the bucket
// holds n tokens. A bucket never seen before, or forgotten, is full. err reports a store
// that could not answer, or arguments no bucket can satisfy (an invalid Limit, n outside
// 1..l.Burst); ok is then false.
//
// now is the limiter's clock. A store shared by several instances may use its own
// instead (the database's), so that instances whose clocks disagree still agree on the
// buckets. Keys are whatever the limiter's key function returns, prefixed by a path and a
// space for functions with their own limit.
type RateStore interface {
	Take(ctx context.Context, key string, now time.Time, n int, l Limit) (ok bool, retryAfter time.Duration, err error)
}

// MemoryRateStore is a table of buckets bounded in size, split into shards with a
// lock each so that concurrent calls for different clients rarely wait on one another.
//
// Each bucket is kept as one number, the time at which it will be full again (the
// "theoretical arrival time" of the generic cell rate algorithm, which is a token bucket
// written differently): taking n tokens moves it n intervals later, and a take is refused
// when that would put it more than Burst intervals after now. A bucket whose time has
// passed is full, the same as a bucket never seen, so it carries no information and is
// dropped. The table therefore holds only the clients that called recently; when it is
// full all the same, the least recently used bucket is forgotten, which gives that client
// a full bucket again. maxKeys (NewMemoryRateStore's) should be above the number of clients active within the
// longest refill time (Burst/Rate).

// DefaultMaxRateKeys is the size of the table of the default RateStore. At about 100
// bytes a key, 100,000 keys take about 10 MB.
const DefaultMaxRateKeys = 100_000

// MemoryRateStore is a RateStore in this process's memory, holding at most a fixed number
// of buckets. It is safe for concurrent use.
type MemoryRateStore struct {
	seed   maphash.Seed
	epoch  time.Time
	shards []rateShard
}

type rateShard struct {
	mu sync.Mutex
	m  map[string]*rateBucket
	// root is the sentinel of a circular list of the shard's buckets, most recently used
	// first: root.prev is the one to evict.
	root rateBucket
	max  int
	// The padding keeps neighbouring shards' locks off one cache line.
	_ [64]byte
}

type rateBucket struct {
	key string
	// full is when the bucket will be full again, in nanoseconds since the store's epoch.
	full       int64
	prev, next *rateBucket
}

// NewMemoryRateStore returns a store holding at most maxKeys buckets (DefaultMaxRateKeys
// if maxKeys < 1).
func NewMemoryRateStore(maxKeys int) *MemoryRateStore {
	if maxKeys < 1 {
		maxKeys = DefaultMaxRateKeys
	}
	// A power of two up to 64, keeping about 1,024 keys or more a shard so that each
	// shard's least recently used bucket is close to the whole table's.
	n := 1
	if k := maxKeys / 1024; k > 1 {
		n = min(1<<(bits.Len(uint(k))-1), 64)
	}
	s := &MemoryRateStore{seed: maphash.MakeSeed(), epoch: time.Now(), shards: make([]rateShard, n)}
	for i := range s.shards {
		sh := &s.shards[i]
		sh.max = maxKeys / n
		if i < maxKeys%n {
			sh.max++
		}
		sh.m = make(map[string]*rateBucket)
		sh.root.prev, sh.root.next = &sh.root, &sh.root
	}
	return s
}

var errInvalidTake = errors.New("server: rate store: invalid limit or token count")

// Take implements RateStore.
func (s *MemoryRateStore) Take(_ context.Context, key string, now time.Time, n int, l Limit) (bool, time.Duration, error) {
	if !l.valid() || n < 1 || n > l.Burst {
		return false, 0, errInvalidTake
	}
	t := int64(now.Sub(s.epoch))
	iv := int64(l.interval())
	cost, window := iv*int64(n), iv*int64(l.Burst)

	sh := &s.shards[maphash.String(s.seed, key)&uint64(len(s.shards)-1)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.dropFull(t)
	b := sh.m[key]
	full := t
	if b != nil && b.full > t {
		full = b.full
	}
	if next := full + cost; next-t > window {
		if b != nil {
			sh.toFront(b)
		}
		return false, time.Duration(next - window - t), nil
	}
	if b == nil {
		if len(sh.m) >= sh.max {
			sh.remove(sh.root.prev)
		}
		b = &rateBucket{key: key}
		sh.m[key] = b
	} else {
		sh.unlink(b)
	}
	b.full = full + cost
	sh.pushFront(b)
	return true, 0, nil
}

// Len returns the number of buckets the store holds.
func (s *MemoryRateStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.m)
		sh.mu.Unlock()
	}
	return n
}

// maxDrops bounds the work one Take does for others, so that no call waits on a long
// clean-up; the least recently used buckets are the likeliest to be full, and each Take
// checks a few.
const maxDrops = 8

// dropFull forgets the least recently used buckets that are full at t.
func (sh *rateShard) dropFull(t int64) {
	for i := 0; i < maxDrops; i++ {
		b := sh.root.prev
		if b == &sh.root || b.full > t {
			return
		}
		sh.remove(b)
	}
}

func (sh *rateShard) remove(b *rateBucket) {
	sh.unlink(b)
	delete(sh.m, b.key)
}

func (sh *rateShard) unlink(b *rateBucket) {
	b.prev.next, b.next.prev = b.next, b.prev
	b.prev, b.next = nil, nil
}

func (sh *rateShard) pushFront(b *rateBucket) {
	b.prev, b.next = &sh.root, sh.root.next
	sh.root.next.prev = b
	sh.root.next = b
}

func (sh *rateShard) toFront(b *rateBucket) {
	sh.unlink(b)
	sh.pushFront(b)
}
