package main

import (
	"context"
	"database/sql"
	"fmt"
)

// migration is one version of the schema, in each dialect's SQL.
type migration struct {
	sqlite, postgres string
}

// migrations are the schema's versions: migrations[i] takes a database from version i to
// i+1. Only ever append to this list: a database in use has already run the earlier steps.
// Both dialects go through the same versions; each step says in each dialect's SQL what it
// does, and the two differ only where the databases do.
//
// The version is SQLite's PRAGMA user_version (0 for a new file), and in PostgreSQL the
// highest row of the table schema_version (created by the first migration run).
var migrations = []migration{
	// 1: the todos. Ids are never given out twice, even after the newest todo was
	// deleted, so that a form or tab still showing the old todo cannot toggle a new one:
	// AUTOINCREMENT in SQLite, an identity column (a sequence) in PostgreSQL. created_at is
	// UTC text of fixed width (RFC 3339 with nanoseconds) in both, which sorts as time
	// does, reads well in either shell, and keeps the nanoseconds that PostgreSQL's
	// timestamptz (microseconds) would drop. SQLite's STRICT makes it check the column
	// types, which PostgreSQL always does; done is an integer 0 or 1 there and a boolean
	// here, and the store's SQL (NOT done, done = $1 with a Go bool) reads the same on both.
	{
		sqlite: `CREATE TABLE todos (
			id         INTEGER PRIMARY KEY AUTOINCREMENT,
			title      TEXT    NOT NULL CHECK (trim(title) <> ''),
			done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
			created_at TEXT    NOT NULL
		) STRICT`,
		postgres: `CREATE TABLE todos (
			id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			title      text    NOT NULL CHECK (trim(title) <> ''),
			done       boolean NOT NULL DEFAULT false,
			created_at text    NOT NULL
		)`,
	},
	// 2: list_todos's done filter, paged in id order (WHERE done = $1 AND id > $2 ORDER BY
	// id), so that a page is a range of the index, found without reading the other todos
	// and without a sort. A SQLite index holds the rowid, which id is, after its columns,
	// so (done) is in (done, id) order; PostgreSQL's must name id.
	{
		sqlite:   `CREATE INDEX todos_done ON todos (done)`,
		postgres: `CREATE INDEX todos_done ON todos (done, id)`,
	},
	// 3: a file attached to a todo (attach_file). Its name, type and size go in the todo's
	// row, NULL without one, so every statement that answers a todo (INSERT, UPDATE and
	// DELETE … RETURNING included) answers them too; the bytes, up to 1 MiB, in a table
	// of their own, read only by a download, and deleted with their todo. Each dialect's
	// driver runs the several statements of one step (PostgreSQL's in one simple query).
	{
		sqlite: `ALTER TABLE todos ADD COLUMN attachment_name TEXT;
			ALTER TABLE todos ADD COLUMN attachment_type TEXT;
			ALTER TABLE todos ADD COLUMN attachment_size INTEGER;
			CREATE TABLE attachments (
				todo_id INTEGER PRIMARY KEY REFERENCES todos (id) ON DELETE CASCADE,
				data    BLOB    NOT NULL
			) STRICT`,
		postgres: `ALTER TABLE todos ADD COLUMN attachment_name text,
				ADD COLUMN attachment_type text,
				ADD COLUMN attachment_size bigint;
			CREATE TABLE attachments (
				todo_id bigint PRIMARY KEY REFERENCES todos (id) ON DELETE CASCADE,
				data    bytea  NOT NULL
			)`,
	},
}

func (m migration) sql(d dialect) string {
	if d == postgresDialect {
		return m.postgres
	}
	return m.sqlite
}

// migrateLock is the PostgreSQL advisory lock that the migration holds: any number that
// no other part of the application uses for one.
const migrateLock = 0x7366_6e5f_746f_646f // "sfn_todo"

// migrate brings the database's schema to the latest version, in one transaction: a
// failed step leaves the database as it was. Two servers starting on the same new
// database do not both migrate it: the second waits for the first's transaction, then
// finds the schema current. SQLite's transaction takes the write lock first (BEGIN
// IMMEDIATE, see openPool); PostgreSQL's takes an advisory lock, as its DDL takes no lock
// on tables that do not exist yet.
func (d *database) migrate(ctx context.Context) error {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if d.dialect == postgresDialect {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
			return fmt.Errorf("migrating: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    integer     PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("migrating: %w", err)
		}
	}
	version, err := d.schemaVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("the database is at schema version %d, newer than this program's %d", version, len(migrations))
	}
	if version == len(migrations) {
		return nil
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i].sql(d.dialect)); err != nil {
			return fmt.Errorf("migrating the schema to version %d: %w", i+1, err)
		}
		if d.dialect == postgresDialect {
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES ($1)", i+1); err != nil {
				return fmt.Errorf("setting the schema version: %w", err)
			}
		}
	}
	if d.dialect == sqliteDialect {
		// PRAGMA takes no parameters; the value is an int we own.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
			return fmt.Errorf("setting the schema version: %w", err)
		}
	}
	return tx.Commit()
}

// querier is a pool or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion reads the schema's version.
func (d *database) schemaVersion(ctx context.Context, q querier) (int, error) {
	query := "PRAGMA user_version"
	if d.dialect == postgresDialect {
		query = "SELECT coalesce(max(version), 0) FROM schema_version"
	}
	var v int
	err := q.QueryRowContext(ctx, query).Scan(&v)
	return v, err
}
