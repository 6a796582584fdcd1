package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// openTestDB opens the database that the -db value path names (memoryDB for a private
// in-memory one) and closes it when the test ends.
func openTestDB(t *testing.T, path string) *database {
	t.Helper()
	db, err := openDatabase(context.Background(), path, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// TestMemoryIsOneDatabase checks that ":memory:" behaves as one database under concurrent
// use: with more than one connection in the pool, a call landing on a second connection
// would find no todos table there.
func TestMemoryIsOneDatabase(t *testing.T) {
	t.Parallel()
	s := newStore(openTestDB(t, memoryDB))
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 2*64)
	for i := range 64 {
		wg.Go(func() {
			if _, err := s.AddTodo(ctx, &todov1.AddTodo{Title: fmt.Sprint("todo ", i)}); err != nil {
				errs <- err
			}
			if _, err := s.ListTodos(ctx, &todov1.ListTodos{}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := s.TodoStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Total != 64 {
		t.Errorf("total = %d, want 64", st.Total)
	}
}

// TestRestartKeepsTodos closes the database and opens the same file again: every todo is
// there as it was left, done state, title and creation time included, and the ids go on
// from where they were, never reusing a deleted one.
func TestRestartKeepsTodos(t *testing.T) {
	t.Parallel()
	forEachDB(t, testRestartKeepsTodos)
}

func testRestartKeepsTodos(t *testing.T, path string) {
	ctx := context.Background()

	db, err := openDatabase(ctx, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(db)
	for _, title := range []string{"Buy milk", "Bake bread", "Walk the dog"} {
		if _, err := s.AddTodo(ctx, &todov1.AddTodo{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ToggleTodo(ctx, &todov1.ToggleTodo{ID: 2}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTodo(ctx, &todov1.DeleteTodo{ID: 3}); err != nil {
		t.Fatal(err)
	}
	before, err := s.ListTodos(ctx, &todov1.ListTodos{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s = newStore(openTestDB(t, path))
	after, err := s.ListTodos(ctx, &todov1.ListTodos{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Todos) != 2 {
		t.Errorf("after a restart: %d todos, want 2", len(after.Todos))
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("todos after a restart (-before +after):\n%s", diff)
	}
	next, err := s.AddTodo(ctx, &todov1.AddTodo{Title: "Water the plants"})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID != 4 {
		t.Errorf("id after a restart = %d, want 4 (3 was deleted, and is not given out again)", next.ID)
	}
}

// TestMigrate checks the schema version: a new file is brought to the latest one, opening
// it again changes nothing, and a file from a newer program is refused, not written to.
func TestMigrate(t *testing.T) {
	t.Parallel()
	forEachDB(t, testMigrate)
}

func testMigrate(t *testing.T, path string) {
	ctx := context.Background()
	version := func(db *database) int {
		t.Helper()
		v, err := db.schemaVersion(ctx, db.read)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	db, err := openDatabase(ctx, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v := version(db); v != len(migrations) {
		t.Errorf("new database at version %d, want %d", v, len(migrations))
	}
	if _, err := newStore(db).AddTodo(ctx, &todov1.AddTodo{Title: "kept"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = openDatabase(ctx, path, 0)
	if err != nil {
		t.Fatalf("opening a current database again: %v", err)
	}
	if v := version(db); v != len(migrations) {
		t.Errorf("reopened database at version %d, want %d", v, len(migrations))
	}
	if st, err := newStore(db).TodoStats(ctx); err != nil || st.Total != 1 {
		t.Errorf("after reopening: %+v, %v; want the one todo", st, err)
	}
	newer := fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)
	if db.dialect == postgresDialect {
		newer = fmt.Sprintf("INSERT INTO schema_version (version) VALUES (%d)", len(migrations)+1)
	}
	if _, err := db.write.ExecContext(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = openDatabase(ctx, path, 0)
	if err == nil {
		db.Close()
		t.Fatal("a database from a newer program was opened")
	}
	if !strings.Contains(err.Error(), "newer than this program's") {
		t.Errorf("error = %v, want one about a newer schema", err)
	}
}

// TestTimestampsUTC adds a todo at a time given in another zone: it comes back, and is
// stored, as UTC.
func TestTimestampsUTC(t *testing.T) {
	t.Parallel()
	forEachDB(t, testTimestampsUTC)
}

func testTimestampsUTC(t *testing.T, path string) {
	db := openTestDB(t, path)
	s := newStore(db)
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 13, 0, 0, 123456789, time.FixedZone("CET", 3600))
	s.now = func() time.Time { return at }
	added, err := s.AddTodo(ctx, &todov1.AddTodo{Title: "Buy milk"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTodos(ctx, &todov1.ListTodos{})
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []time.Time{added.CreatedAt, list.Todos[0].CreatedAt} {
		if got.Location() != time.UTC || !got.Equal(at) {
			t.Errorf("created_at = %v, want %v in UTC", got, at)
		}
	}
	var stored string
	if err := db.read.QueryRowContext(ctx, "SELECT created_at FROM todos").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "2026-11-24T12:00:00.123456789Z" {
		t.Errorf("stored created_at = %q", stored)
	}
}
