package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// list_todos answers a page at a time, in id order, so that a call's cost does not grow
// with the list (docs/example.md, Load, has the figures before and after).
const (
	// defaultPage is a page's length when the call does not say; maxPage the longest.
	defaultPage, maxPage = 50, 200
	// maxScan bounds the todos read for one page when the title filter is on, which runs
	// here rather than in SQL: a query that matches few todos would otherwise read the
	// whole table for each page. The page then ends short, with a cursor to go on.
	maxScan = 5000
)

// ListTodos answers a page of todos in id order (oldest first), filtered as asked.
//
// The cursor is the id of the last todo that the previous page read, in decimal; the page
// goes on after it, so adds and deletes between pages neither repeat nor skip a todo. The
// done filter is in SQL, on the index todos_done (migrate.go). The title filter runs in
// Go, not SQL: SQLite's lower() and LIKE fold only ASCII letters, and "É" should find
// "école" too (and the two databases would fold differently).
//
// In PostgreSQL, ids come from a sequence when a todo is added, and concurrent adds can
// commit in another order than their ids: a page read at that moment can miss a todo with
// a lower id that commits just after, which the next page, starting after a higher id,
// skips too. The list is whole again once the adds commit; a page never shows a todo
// twice. (SQLite has one writer, which commits in id order.)
func (s *store) ListTodos(ctx context.Context, in *todov1.ListTodos) (*todov1.TodoList, error) {
	limit := defaultPage
	if in.Limit != nil && *in.Limit > 0 {
		limit = int(min(*in.Limit, maxPage))
	}
	var after int64
	if in.Cursor != nil && *in.Cursor != "" {
		var err error
		if after, err = strconv.ParseInt(*in.Cursor, 10, 64); err != nil || after < 0 {
			return nil, invalid("cursor", "not a next_cursor this server gave out")
		}
	}
	q := "SELECT " + todoColumns + " FROM todos WHERE id > $1"
	args := []any{after}
	if in.Done != nil {
		q += " AND done = $2"
		args = append(args, *in.Done)
	}
	// One row more than the page can hold (or than the scan may read) tells whether
	// there is a next page.
	var match func(title string) bool
	scan := limit + 1
	if in.Query != nil && *in.Query != "" {
		query := strings.ToLower(*in.Query)
		match = func(title string) bool { return strings.Contains(strings.ToLower(title), query) }
		scan = maxScan + 1
	}
	args = append(args, scan)
	rows, err := s.db.read.QueryContext(ctx, q+" ORDER BY id LIMIT $"+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, failed(ctx, "listing todos", err)
	}
	defer rows.Close()

	out := &todov1.TodoList{Todos: []todov1.Todo{}}
	var last int64 // the id of the last todo read
	for n := 0; rows.Next(); n++ {
		if n == maxScan {
			// Read as many as one page may: the page ends here, short.
			out.NextCursor = cursorAfter(last)
			break
		}
		t, err := scanTodo(rows)
		if err != nil {
			return nil, failed(ctx, "listing todos", err)
		}
		if match != nil && !match(t.Title) {
			last = t.ID
			continue
		}
		if len(out.Todos) == limit {
			// One more than fits: the next page starts after the page's last todo.
			out.NextCursor = cursorAfter(out.Todos[limit-1].ID)
			break
		}
		out.Todos = append(out.Todos, t)
		last = t.ID
	}
	if err := rows.Err(); err != nil {
		return nil, failed(ctx, "listing todos", err)
	}
	return out, nil
}

// cursorAfter is the cursor of the page that starts after the todo id.
func cursorAfter(id int64) *string {
	c := strconv.FormatInt(id, 10)
	return &c
}
