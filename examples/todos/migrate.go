package main

import (
	"context"
	"fmt"
)

// migrations are the schema's versions: migrations[i] takes a database from version i to
// i+1, and a database's version is SQLite's PRAGMA user_version (0 for a new file). Only
// ever append to this list: a database in use has already run the earlier steps.
var migrations = []string{
	// 1: the todos. AUTOINCREMENT, so that an id is never given out twice, even after the
	// newest todo was deleted: a form or tab still showing the old todo must not toggle
	// a new one. created_at is UTC text of fixed width (RFC 3339 with nanoseconds), which
	// sorts as time does and reads well in the sqlite3 shell. STRICT makes SQLite check
	// the column types.
	`CREATE TABLE todos (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		title      TEXT    NOT NULL CHECK (trim(title) <> ''),
		done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
		created_at TEXT    NOT NULL
	) STRICT`,
	// 2: list_todos's done filter, paged in id order (WHERE done = ? AND id > ? ORDER BY
	// id). An index holds the rowid, which id is, after its columns, so this one is in
	// (done, id) order: a page is a range of it, found without reading the other todos
	// and without a sort.
	`CREATE INDEX todos_done ON todos (done)`,
}

// migrate brings the database's schema to the latest version, in one transaction: a
// failed step leaves the database as it was. The transaction takes the write lock first
// (BEGIN IMMEDIATE), so two servers starting on the same new file do not both migrate it:
// the second waits, then finds it current.
func (d *database) migrate(ctx context.Context) error {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("the database is at schema version %d, newer than this program's %d", version, len(migrations))
	}
	if version == len(migrations) {
		return nil
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrating the schema to version %d: %w", i+1, err)
		}
	}
	// PRAGMA takes no parameters; the value is an int we own.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("setting the schema version: %w", err)
	}
	return tx.Commit()
}
