package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, so the example needs no cgo
)

// memoryDB is the -db value for a database that lives and dies with the process.
const memoryDB = ":memory:"

// dbPragmas are applied by the driver to every connection it opens.
//
//   - busy_timeout: a writer that finds the database locked (by another process, such as
//     the sqlite3 shell or a second server on the same file) waits up to 5 s instead of
//     failing at once with SQLITE_BUSY.
//   - journal_mode=WAL: readers never block the writer nor the writer them, so list_todos
//     keeps answering while add_todo commits.
//   - synchronous=FULL: every commit is fsynced before add_todo answers, so an
//     acknowledged todo survives a power cut, not only a crash of the process (NORMAL, the
//     usual WAL setting, is faster but may lose the last commits to a power cut).
//   - foreign_keys: off by default in SQLite; on, so later migrations can rely on them.
var dbPragmas = []string{"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"}

// database is the example's SQLite database, opened as two pools: SQLite lets one writer
// in at a time, so writes go through a single connection and queue in Go (cheap, fair,
// no busy-wait) rather than in SQLite's busy handler (which sleeps and polls); reads use
// several connections and run beside the writer, which WAL allows.
type database struct {
	write *sql.DB
	read  *sql.DB
}

// openDatabase opens (creating it and its directory if need be) the SQLite database at
// path, or a private in-memory one for ":memory:", and migrates its schema to the latest
// version.
func openDatabase(ctx context.Context, path string) (*database, error) {
	if path == memoryDB {
		// Each connection to ":memory:" is a database of its own, so there must be only
		// one connection, shared by reads and writes, and it must never be closed while
		// the store is in use.
		db, err := openPool(memoryDB, 1, false)
		if err != nil {
			return nil, err
		}
		d := &database{write: db, read: db}
		return d, d.migrate(ctx)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// A file: URI, escaped, so that a path holding '?' or '#' still names the file.
	name := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	write, err := openPool(name, 1, false)
	if err != nil {
		return nil, err
	}
	// Migrate before the readers connect, so they never see a half-made schema.
	d := &database{write: write}
	if err := d.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}
	if d.read, err = openPool(name, max(4, runtime.GOMAXPROCS(0)), true); err != nil {
		write.Close()
		return nil, err
	}
	return d, nil
}

// openPool opens a pool of at most conns connections to name with dbPragmas applied; a
// readOnly pool refuses writes (PRAGMA query_only), so a write sent to it by mistake
// fails loudly instead of bypassing the single writer.
func openPool(name string, conns int, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range dbPragmas {
		q.Add("_pragma", p)
	}
	// BEGIN IMMEDIATE: a transaction takes the write lock when it starts. A deferred one
	// that reads and then writes can fail with SQLITE_BUSY_SNAPSHOT, without waiting, when
	// another connection wrote in between.
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("_query_only", "1")
	}
	db, err := sql.Open("sqlite", name+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	// Ping opens a first connection now, so a bad path or pragma fails at start, not at
	// the first request.
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", name, err)
	}
	return db, nil
}

// Close closes both pools. Closing the last connection checkpoints the WAL into the
// database file.
func (d *database) Close() error {
	var err error
	if d.read != nil && d.read != d.write {
		err = d.read.Close()
	}
	return errors.Join(err, d.write.Close())
}

// writeRow runs a write that answers one row (INSERT or UPDATE … RETURNING) on the writer
// connection, reads the row with scan, and returns sql.ErrNoRows if there is none.
//
// It steps the statement to its end, which QueryRow(…).Scan does not: that reads the first
// row and resets the statement. SQLite commits either way, but runs the WAL's
// auto-checkpoint (copying the WAL back into the database file once it holds 1,000 pages,
// about 4 MB) only when a statement ends; with every write reset instead, the WAL grew
// with each write and was never reused: 641 MB in a soak, for a database of 4 KB.
func (d *database) writeRow(ctx context.Context, scan func(scanner) error, query string, args ...any) error {
	rows, err := d.write.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := scan(rows); err != nil {
		return err
	}
	// RETURNING gives one row per row written, here one; the step after it ends the
	// statement.
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
