package main

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
)

// The example's database: SQLite, embedded, the default; or PostgreSQL, for several
// instances of the server over one database (docs/deployment.md). One store (store.go,
// list.go) serves both through database/sql: the SQL is the same text for both, with
// PostgreSQL's $1 placeholders, which SQLite also reads as the first argument. Where the
// dialects differ, in the schema, the migrations keep each one's SQL (migrate.go).

// dialect is the kind of database.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

func (d dialect) String() string {
	if d == postgresDialect {
		return "PostgreSQL"
	}
	return "SQLite"
}

// database is the example's database, as two pools: write for statements that write and
// read for those that only read. SQLite lets one writer in at a time, so there write is a
// single connection and read several (db_sqlite.go); PostgreSQL takes concurrent writers,
// so there both are the same pool (db_postgres.go).
type database struct {
	dialect dialect
	write   *sql.DB
	read    *sql.DB
}

// isPostgres reports whether the -db value names a PostgreSQL database rather than a
// SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openDatabase opens the database that the -db value dsn names, a postgres:// URL or a
// SQLite file (or :memory:), and migrates its schema to the latest version. conns is the
// most connections a PostgreSQL pool opens (0 for defaultConns); SQLite's pools are sized
// by what SQLite allows.
func openDatabase(ctx context.Context, dsn string, conns int) (*database, error) {
	if isPostgres(dsn) {
		return openPostgres(ctx, dsn, conns)
	}
	return openSQLite(ctx, dsn)
}

// describeDB is the -db value as the server prints it: a URL's password hidden.
func describeDB(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "a postgres:// URL that does not parse"
	}
	return u.Redacted()
}

// Ping checks that the database answers, for /readyz.
func (d *database) Ping(ctx context.Context) error {
	return d.read.PingContext(ctx)
}

// Close closes the pools. In SQLite, closing the last connection checkpoints the WAL
// into the database file.
func (d *database) Close() error {
	var err error
	if d.read != nil && d.read != d.write {
		err = d.read.Close()
	}
	return errors.Join(err, d.write.Close())
}

// writeRow runs a write that answers one row (INSERT or UPDATE … RETURNING) on the write
// pool, reads the row with scan, and returns sql.ErrNoRows if there is none.
//
// In SQLite it steps the statement to its end, which QueryRow(…).Scan does not: that reads the first
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
