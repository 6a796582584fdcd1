package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// store implements the Todos functions over the database, SQLite or PostgreSQL, with the
// same SQL for both (db.go). It is safe for concurrent use, and keeps no state of its own
// beyond the database: several servers over one PostgreSQL database agree on everything,
// ids and order included, since both come from the database.
//
// Each function is one SQL statement, which either database runs atomically: toggle_todo
// is an UPDATE … RETURNING, not a read and then a write, so it needs no transaction of its
// own and cannot lose a concurrent toggle, from this process or another. (Where a write
// does need an earlier read, as the schema migration does, the transaction takes a lock
// first: see migrate.) list_todos is in list.go.
type store struct {
	db *database
	// now is the clock, replaced by tests.
	now func() time.Time
	// hub sends the changes to watch_todos's watchers (live.go).
	hub    *hub
	logger *slog.Logger
}

var _ todov1.Todos = (*store)(nil)

func newStore(db *database) *store {
	return &store{db: db, now: time.Now, hub: newHub(), logger: slog.New(slog.DiscardHandler)}
}

// timeLayout is how created_at is stored: UTC, fixed width, so the text sorts as the
// time does.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// todoColumns are the columns scanTodo reads, in its order. The attachment's name, type
// and size are kept in the todo's row (NULL without one), so that every statement that
// answers a todo answers its attachment too; its bytes are in the table attachments.
const todoColumns = "id, title, done, created_at, attachment_name, attachment_type, attachment_size"

// notFound is the error of a function given an id that names no todo: TodoError's
// NotFound variant, answered 404 as {"NotFound":{"id":7}}.
func notFound(id int64) error {
	return &todov1.TodoError{Kind: todov1.TodoErrorKindNotFound{NotFound: todov1.NotFound{ID: id}}}
}

// invalid is the error of a function given an argument it refuses: TodoError's Invalid
// variant, answered 422 as {"Invalid":{"field":"title","reason":"must not be empty"}}.
// field is the argument's name in the schema, which the page uses to show the reason
// beside the input that holds it.
func invalid(field, reason string) error {
	return &todov1.TodoError{Kind: todov1.TodoErrorKindInvalid{Invalid: todov1.Invalid{Field: field, Reason: reason}}}
}

// AddTodo stores a todo with the title trimmed, refusing a blank one as Invalid.
func (s *store) AddTodo(ctx context.Context, in *todov1.AddTodo) (*todov1.Todo, error) {
	title := strings.TrimSpace(in.Title)
	if title == "" {
		return nil, invalid("title", "must not be empty")
	}
	// Nanoseconds are kept; the monotonic reading is not, as UTC drops it.
	t := todov1.Todo{Title: title, CreatedAt: s.now().UTC()}
	err := s.db.writeRow(ctx, func(row scanner) error { return row.Scan(&t.ID) },
		"INSERT INTO todos (title, created_at) VALUES ($1, $2) RETURNING id",
		title, t.CreatedAt.Format(timeLayout))
	if err != nil {
		return nil, failed(ctx, "adding a todo", err)
	}
	s.changed(ctx, todov1.ChangeAdded, t)
	return &t, nil
}

// ToggleTodo flips a todo's done state, or fails with NotFound if there is no such todo.
func (s *store) ToggleTodo(ctx context.Context, in *todov1.ToggleTodo) (*todov1.Todo, error) {
	var t todov1.Todo
	err := s.db.writeRow(ctx, func(row scanner) (err error) { t, err = scanTodo(row); return err },
		"UPDATE todos SET done = NOT done WHERE id = $1 RETURNING "+todoColumns, in.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(in.ID)
	}
	if err != nil {
		return nil, failed(ctx, fmt.Sprintf("toggling todo %d", in.ID), err)
	}
	s.changed(ctx, todov1.ChangeToggled, t)
	return &t, nil
}

// DeleteTodo deletes a todo, or fails with NotFound if there is no such todo.
func (s *store) DeleteTodo(ctx context.Context, in *todov1.DeleteTodo) error {
	// RETURNING, for the watchers: whether it was done. Its attachment goes with it (ON
	// DELETE CASCADE).
	var t todov1.Todo
	err := s.db.writeRow(ctx, func(row scanner) (err error) { t, err = scanTodo(row); return err },
		"DELETE FROM todos WHERE id = $1 RETURNING "+todoColumns, in.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(in.ID)
	}
	if err != nil {
		return failed(ctx, fmt.Sprintf("deleting todo %d", in.ID), err)
	}
	s.changed(ctx, todov1.ChangeDeleted, t)
	return nil
}

// TodoStats counts all todos and the done ones.
func (s *store) TodoStats(ctx context.Context) (*todov1.Stats, error) {
	// One statement, so both counts come from the same snapshot.
	st := &todov1.Stats{}
	err := s.db.read.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE done) FROM todos").Scan(&st.Total, &st.Done)
	if err != nil {
		return nil, failed(ctx, "counting todos", err)
	}
	return st, nil
}

// failed is the error of a function whose SQL failed: ctx's own error when the call was
// canceled or timed out (the client went away, say), which the driver reports as an
// interrupted statement (SQLite) or a canceled one (PostgreSQL), so the runtime sees a call that ended with its client rather than
// a database failure; otherwise err, saying what was being done.
func failed(ctx context.Context, doing string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// scanner is a row to read: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// scanTodo reads one row of todoColumns.
func scanTodo(row scanner) (todov1.Todo, error) {
	var t todov1.Todo
	var created string
	var name, ctype sql.NullString
	var size sql.NullInt64
	if err := row.Scan(&t.ID, &t.Title, &t.Done, &created, &name, &ctype, &size); err != nil {
		return t, err
	}
	if name.Valid {
		t.Attachment = &todov1.Attachment{Name: name.String, ContentType: ctype.String, Size: size.Int64}
	}
	var err error
	if t.CreatedAt, err = time.Parse(timeLayout, created); err != nil {
		return t, fmt.Errorf("todo %d: bad created_at %q: %w", t.ID, created, err)
	}
	return t, nil
}
