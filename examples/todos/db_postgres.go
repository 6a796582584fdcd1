package main

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for database/sql
)

// defaultConns is the size of a PostgreSQL pool when -db-conns does not say: enough to
// keep a 2-core server busy, and few enough that several instances stay well under the
// server's max_connections (100 by default).
const defaultConns = 10

// openPostgres opens a pool of at most conns connections to the PostgreSQL database at
// the URL dsn, through pgx's database/sql driver, and migrates its schema.
//
// PostgreSQL takes concurrent writers, so reads and writes share the pool; its default
// isolation, READ COMMITTED, is enough for the store, whose every function is one
// statement: an UPDATE waits for a concurrent one on the same row and then applies to the
// row that one left, so concurrent toggles are not lost. A write is acknowledged after its
// commit, which by default (synchronous_commit = on) waits for the WAL on disk, as SQLite's
// synchronous=FULL does.
func openPostgres(ctx context.Context, dsn string, conns int) (*database, error) {
	if conns <= 0 {
		conns = defaultConns
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", describeDB(dsn), err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", describeDB(dsn), err)
	}
	d := &database{dialect: postgresDialect, write: db, read: db}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}
