package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/sfn-dev/sfn/runtime/server"
)

// pgRateStore is a server.RateStore kept in PostgreSQL, so that the rate limits of several
// instances of the server apply to all of them together: a client that spreads its calls
// over three instances gets its limit once, not three times.
//
// It keeps each bucket as the runtime's MemoryRateStore does, as one number, the time at
// which the bucket will be full again (GCRA's "theoretical arrival time"), here in
// microseconds since the Unix epoch, and takes tokens with one statement: an INSERT … ON
// CONFLICT DO UPDATE, which PostgreSQL runs atomically per key, so two instances taking
// the last token at once cannot both have it. The time is the database's
// (clock_timestamp()), not the caller's, so instances whose clocks disagree still agree on
// every bucket.
//
// It lives in the example, not in the runtime, though it needs only database/sql: the
// runtime's go.mod stays free of any database, and the SQL is PostgreSQL's, which an
// application may want to put in a schema of its own (docs/deployment.md).
type pgRateStore struct {
	db *sql.DB
}

var _ server.RateStore = (*pgRateStore)(nil)

// rateTable is the buckets' table. UNLOGGED: its writes skip the WAL, which makes a take
// cheaper, and a crash of the database empties it, which gives every client a full bucket:
// for rate limits, an acceptable loss. A bucket whose time has passed is full, so its row
// carries nothing; sweep deletes such rows.
const rateTable = `CREATE UNLOGGED TABLE IF NOT EXISTS rate_buckets (
	key  text   PRIMARY KEY,
	full_at bigint NOT NULL
)`

// rateTableLock serializes the creation of rateTable: CREATE TABLE IF NOT EXISTS run by
// two instances at once can fail on a catalog's unique index.
const rateTableLock = 0x7366_6e5f_7261_7465 // "sfn_rate"

// newPGRateStore returns a store over db, creating its table if need be.
func newPGRateStore(ctx context.Context, db *sql.DB) (*pgRateStore, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(rateTableLock)); err != nil {
		return nil, fmt.Errorf("creating the rate limiter's table: %w", err)
	}
	if _, err := tx.ExecContext(ctx, rateTable); err != nil {
		return nil, fmt.Errorf("creating the rate limiter's table: %w", err)
	}
	return &pgRateStore{db: db}, tx.Commit()
}

// takeSQL takes $2 microseconds' worth of tokens from the bucket of key $1, whose window
// (Burst intervals) is $3 microseconds. A new bucket is full: its time becomes now plus
// the cost. An existing one moves cost later from its time, or from now if that has
// passed, unless that would put it more than the window after now: then it is left as
// it is, no row comes out of "taken", and the second SELECT answers how long until the
// take would fit. The CTE clock is evaluated once, so the statement reads one time.
const takeSQL = `WITH clock AS (
	SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now
), taken AS (
	INSERT INTO rate_buckets AS b (key, full_at)
	SELECT $1, now + $2 FROM clock
	ON CONFLICT (key) DO UPDATE
	SET full_at = greatest(b.full_at, (SELECT now FROM clock)) + $2
	WHERE greatest(b.full_at, (SELECT now FROM clock)) + $2 - (SELECT now FROM clock) <= $3
	RETURNING 0::bigint AS wait
)
SELECT true, wait FROM taken
UNION ALL
SELECT false, b.full_at + $2 - $3 - clock.now FROM rate_buckets AS b, clock
WHERE b.key = $1 AND NOT EXISTS (SELECT FROM taken)`

var errInvalidTake = errors.New("rate store: invalid limit or token count")

// Take implements server.RateStore. The limiter's now is not used: the database's clock
// is (see pgRateStore).
func (s *pgRateStore) Take(ctx context.Context, key string, _ time.Time, n int, l server.Limit) (bool, time.Duration, error) {
	if !(l.Rate > 0) || math.IsInf(l.Rate, 0) || l.Burst < 1 || n < 1 || n > l.Burst {
		return false, 0, errInvalidTake
	}
	interval := max(int64(math.Ceil(1e6/l.Rate)), 1) // microseconds a token takes to refill
	if float64(interval)*float64(l.Burst) >= 1<<62 {
		return false, 0, errInvalidTake
	}
	var ok bool
	var wait int64
	err := s.db.QueryRowContext(ctx, takeSQL, key, interval*int64(n), interval*int64(l.Burst)).Scan(&ok, &wait)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Refused, but the bucket was made by a transaction that committed after this
		// statement's snapshot, so its time was not read: a token's refill is a fair wait.
		return false, time.Duration(interval) * time.Microsecond, nil
	case err != nil:
		return false, 0, err
	case ok:
		return true, 0, nil
	}
	return false, time.Duration(max(wait, 1)) * time.Microsecond, nil
}

// sweep deletes the buckets that are full by now, which a take treats as it treats a key
// never seen, and returns how many it deleted. Running it from several instances at once
// is harmless.
func (s *pgRateStore) sweep(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM rate_buckets WHERE full_at < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// sweepEvery sweeps every period until ctx is done, logging failures.
func (s *pgRateStore) sweepEvery(ctx context.Context, period time.Duration, logf func(error)) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.sweep(ctx); err != nil && ctx.Err() == nil {
				logf(err)
			}
		}
	}
}
