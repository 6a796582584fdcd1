package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// listAll lists every todo that in selects, a page of the longest length at a time, and
// fails t if the pages are not in id order or a cursor does not move on.
func listAll(t *testing.T, ctx context.Context, todos todov1.Todos, in todov1.ListTodos) []todov1.Todo {
	t.Helper()
	var all []todov1.Todo
	limit := uint32(maxPage)
	in.Limit = &limit
	for page := 0; ; page++ {
		list, err := todos.ListTodos(ctx, &in)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		all = append(all, list.Todos...)
		if list.NextCursor == nil {
			break
		}
		if in.Cursor != nil && *in.Cursor == *list.NextCursor {
			t.Fatalf("page %d: the cursor stays at %q", page, *list.NextCursor)
		}
		in.Cursor = list.NextCursor
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID {
			t.Fatalf("todo %d listed after %d", all[i].ID, all[i-1].ID)
		}
	}
	return all
}

// addN adds n todos titled "todo 1" to "todo n" in one statement, every third done.
func addN(t *testing.T, db *database, n int) {
	t.Helper()
	_, err := db.write.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO todos (title, done, created_at) SELECT 'todo ' || CAST(i AS TEXT), i % 3 = 0, $2 FROM n`,
		n, time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC).Format(timeLayout))
	if err != nil {
		t.Fatal(err)
	}
}

func ids(todos []todov1.Todo) []int64 {
	var out []int64
	for _, t := range todos {
		out = append(out, t.ID)
	}
	return out
}

func span(from, to int64, keep func(int64) bool) []int64 {
	var out []int64
	for id := from; id <= to; id++ {
		if keep == nil || keep(id) {
			out = append(out, id)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// TestListPages checks list_todos's pages: their length, their cursors, the filters, and
// that adds and deletes between pages neither repeat nor skip a todo.
func TestListPages(t *testing.T) {
	t.Parallel()
	forEachDB(t, testListPages)
}

func testListPages(t *testing.T, path string) {
	db := openTestDB(t, path)
	s := newStore(db)
	ctx := context.Background()
	addN(t, db, 450)
	done := func(id int64) bool { return id%3 == 0 }

	for _, tc := range []struct {
		name     string
		in       todov1.ListTodos
		want     []int64
		wantNext *string
	}{
		{"default", todov1.ListTodos{}, span(1, 50, nil), ptr("50")},
		{"limit 0 is the default", todov1.ListTodos{Limit: ptr[uint32](0)}, span(1, 50, nil), ptr("50")},
		{"limit 7", todov1.ListTodos{Limit: ptr[uint32](7)}, span(1, 7, nil), ptr("7")},
		{"over the longest", todov1.ListTodos{Limit: ptr[uint32](5000)}, span(1, 200, nil), ptr("200")},
		{"after a cursor", todov1.ListTodos{Cursor: ptr("440")}, span(441, 450, nil), nil},
		{"an empty cursor is none", todov1.ListTodos{Cursor: ptr(""), Limit: ptr[uint32](2)}, span(1, 2, nil), ptr("2")},
		{"the last page, full", todov1.ListTodos{Cursor: ptr("400")}, span(401, 450, nil), nil},
		{"past the end", todov1.ListTodos{Cursor: ptr("450")}, nil, nil},
		{"done", todov1.ListTodos{Done: ptr(true), Limit: ptr[uint32](3)}, []int64{3, 6, 9}, ptr("9")},
		{"done, after a cursor", todov1.ListTodos{Done: ptr(true), Cursor: ptr("440")}, []int64{441, 444, 447, 450}, nil},
		{"open", todov1.ListTodos{Done: ptr(false), Limit: ptr[uint32](4)}, []int64{1, 2, 4, 5}, ptr("5")},
		{"title", todov1.ListTodos{Query: ptr("TODO 44"), Limit: ptr[uint32](3)}, []int64{44, 440, 441}, ptr("441")},
		{"title and done", todov1.ListTodos{Query: ptr("todo 44"), Done: ptr(true)}, []int64{441, 444, 447}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			list, err := s.ListTodos(ctx, &tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(list.Todos)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantNext, list.NextCursor); diff != "" {
				t.Errorf("next_cursor (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("every page", func(t *testing.T) {
		t.Parallel()
		for _, in := range []todov1.ListTodos{{}, {Done: ptr(true)}, {Done: ptr(false)}, {Query: ptr("7")}} {
			var keep func(int64) bool
			switch {
			case in.Done != nil:
				keep = func(id int64) bool { return done(id) == *in.Done }
			case in.Query != nil:
				keep = func(id int64) bool { return strings.Contains(fmt.Sprint(id), "7") }
			}
			if diff := cmp.Diff(span(1, 450, keep), ids(listAll(t, ctx, s, in))); diff != "" {
				t.Errorf("%+v: ids (-want +got):\n%s", in, diff)
			}
		}
	})

	for _, bad := range []string{"x", "-1", "1.5", "99999999999999999999"} {
		_, err := s.ListTodos(ctx, &todov1.ListTodos{Cursor: &bad})
		if diff := cmp.Diff(invalidKind("cursor", "not a next_cursor this server gave out"), kindOf(err)); diff != "" {
			t.Errorf("cursor %q: %v, want Invalid (-want +got):\n%s", bad, err, diff)
		}
	}
}

// TestListBetweenChanges checks that a todo added or deleted between two pages neither
// repeats nor skips one on the next page.
func TestListBetweenChanges(t *testing.T) {
	t.Parallel()
	forEachDB(t, testListBetweenChanges)
}

func testListBetweenChanges(t *testing.T, path string) {
	db := openTestDB(t, path)
	s := newStore(db)
	ctx := context.Background()
	addN(t, db, 10)
	first, err := s.ListTodos(ctx, &todov1.ListTodos{Limit: ptr[uint32](4)})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{2, 5} { // one on the page shown, one on the next
		if err := s.DeleteTodo(ctx, &todov1.DeleteTodo{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddTodo(ctx, &todov1.AddTodo{Title: "new"}); err != nil {
		t.Fatal(err)
	}
	rest := listAll(t, ctx, s, todov1.ListTodos{Cursor: first.NextCursor})
	if diff := cmp.Diff([]int64{6, 7, 8, 9, 10, 11}, ids(rest)); diff != "" {
		t.Errorf("after the first page (-want +got):\n%s", diff)
	}
}

// TestListScanBound checks that a title filter matching little ends a page after maxScan
// todos read, short, with a cursor to go on from.
func TestListScanBound(t *testing.T) {
	t.Parallel()
	forEachDB(t, testListScanBound)
}

func testListScanBound(t *testing.T, path string) {
	db := openTestDB(t, path)
	s := newStore(db)
	ctx := context.Background()
	addN(t, db, maxScan+100)
	q := fmt.Sprint("todo ", maxScan+50)
	list, err := s.ListTodos(ctx, &todov1.ListTodos{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Todos) != 0 || list.NextCursor == nil || *list.NextCursor != fmt.Sprint(maxScan) {
		t.Fatalf("first page: %d todos, next_cursor %v; want none, and %d", len(list.Todos), list.NextCursor, maxScan)
	}
	list, err = s.ListTodos(ctx, &todov1.ListTodos{Query: &q, Cursor: list.NextCursor})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{maxScan + 50}, ids(list.Todos)); diff != "" || list.NextCursor != nil {
		t.Errorf("second page: next_cursor %v, ids (-want +got):\n%s", list.NextCursor, diff)
	}
}

// TestListQueryPlans checks that SQLite reads a page as a range of an index, in order,
// without a sort: the cost of a page does not grow with the list.
func TestListQueryPlans(t *testing.T) {
	t.Parallel()
	db := openTestDB(t, memoryDB)
	for _, tc := range []struct {
		where string
		args  []any
		want  string
	}{
		{"id > ?", []any{0}, "SEARCH todos USING INTEGER PRIMARY KEY (rowid>?)"},
		{"id > ? AND done = ?", []any{0, true}, "SEARCH todos USING INDEX todos_done (done=? AND rowid>?)"},
	} {
		q := "EXPLAIN QUERY PLAN SELECT " + todoColumns + " FROM todos WHERE " + tc.where + " ORDER BY id LIMIT ?"
		rows, err := db.read.Query(q, append(tc.args, 51)...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if diff := cmp.Diff([]string{tc.want}, plan); diff != "" {
			t.Errorf("WHERE %s: plan (-want +got):\n%s", tc.where, diff)
		}
	}
}

// TestMigrateAddsIndex opens a database made by the first version of the schema, with a
// todo in it: it is brought to the latest version, the todo kept, the index made.
func TestMigrateAddsIndex(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "todos.db")
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0].sqlite, "PRAGMA user_version = 1",
		"INSERT INTO todos (title, done, created_at) VALUES ('Buy milk', 1, '2026-11-24T12:00:00.000000000Z')"} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t, path)
	var version, indexes int
	if err := db.read.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := db.read.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'todos_done'").Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) || indexes != 1 {
		t.Errorf("version %d with %d index todos_done, want %d with 1", version, indexes, len(migrations))
	}
	list, err := newStore(db).ListTodos(context.Background(), &todov1.ListTodos{Done: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Todos) != 1 || list.Todos[0].Title != "Buy milk" {
		t.Errorf("after the migration: %+v", list.Todos)
	}
}
