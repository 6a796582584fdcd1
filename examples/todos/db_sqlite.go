package main

import (
	"context"
	"database/sql"
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

// openSQLite opens the SQLite database as two pools: SQLite lets one writer in at a time,
// so writes go through a single connection and queue in Go (cheap, fair, no busy-wait)
// rather than in SQLite's busy handler (which sleeps and polls); reads use several
// connections and run beside the writer, which WAL allows.
//
// It opens (creating it and its directory if need be) the SQLite database at
// path, or a private in-memory one for ":memory:", and migrates its schema to the latest
// version.
func openSQLite(ctx context.Context, path string) (*database, error) {
	if path == memoryDB {
		// Each connection to ":memory:" is a database of its own, so there must be only
		// one connection, shared by reads and writes, and it must never be closed while
		// the store is in use.
		db, err := openPool(memoryDB, 1, false)
		if err != nil {
			return nil, err
		}
		d := &database{dialect: sqliteDialect, write: db, read: db}
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
	d := &database{dialect: sqliteDialect, write: write}
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
