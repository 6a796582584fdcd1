package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
)

// Attachments: one file per todo, uploaded by attach_file from a plain
// <form enctype="multipart/form-data"> (or a FormData) and downloaded by attachment from a
// plain link. The bytes are kept in the database (the table attachments, BLOB in SQLite,
// bytea in PostgreSQL), so that every instance over one PostgreSQL database serves every
// file, and a backup of the database holds them; their name, type and size are kept in the
// todo's row (migration 3).

// maxAttachment is the most bytes a file may hold. The runtime enforces it as it reads
// the upload (uploadLimits), refusing a larger one 413 without reading it all; the store
// reads the file into memory, at most this much, to write it in one statement.
const maxAttachment = 1 << 20

// uploadLimits are attach_file's limits: the todo_id field and one file of at most
// maxAttachment bytes, in a body of at most that plus room for the boundaries, headers and
// field (a larger Content-Length is refused before anything is read).
var uploadLimits = server.UploadLimits{
	MaxParts:       4,
	MaxHeaderBytes: 2 << 10,
	MaxBytes:       maxAttachment + 16<<10,
	MaxFileBytes:   maxAttachment,
}

// AttachFile stores the file part "file" as the attachment of the todo named by the field
// "todo_id", which must come first (a browser sends the fields in the form's order),
// replacing the one it had.
func (s *store) AttachFile(ctx context.Context, parts iter.Seq2[*rpc.Part, error]) (*todov1.Attachment, error) {
	var id int64
	for p, err := range parts {
		if err != nil {
			return nil, err // a limit passed (413), a body that is not multipart (400)
		}
		switch p.Field {
		case "todo_id":
			b, err := io.ReadAll(io.LimitReader(p.Body, 32))
			if err != nil {
				return nil, err
			}
			if id, err = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err != nil || id <= 0 {
				return nil, invalid("todo_id", "not a todo id")
			}
		case "file":
			if id == 0 {
				return nil, invalid("todo_id", "must come before the file")
			}
			// A form whose file input was left empty sends a part with no name and no bytes.
			if p.FileName == "" {
				return nil, invalid("file", "choose a file")
			}
			data, err := io.ReadAll(p.Body)
			if err != nil {
				return nil, err // past maxAttachment: the runtime answers 413
			}
			return s.attach(ctx, id, p.FileName, contentType(p.ContentType), data)
		}
	}
	return nil, invalid("file", "choose a file")
}

// contentType is the type the browser gave, or application/octet-stream if it gave none
// or one that does not parse.
func contentType(t string) string {
	if mt, params, err := mime.ParseMediaType(t); err == nil {
		return mime.FormatMediaType(mt, params)
	}
	return "application/octet-stream"
}

// attach stores data as todo id's attachment, in one transaction: the todo's row first,
// so that a todo that is not there fails NotFound before its bytes are written.
func (s *store) attach(ctx context.Context, id int64, name, ctype string, data []byte) (*todov1.Attachment, error) {
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, failed(ctx, "attaching a file", err)
	}
	defer tx.Rollback()
	var t todov1.Todo
	rows, err := tx.QueryContext(ctx, "UPDATE todos SET attachment_name = $2, attachment_type = $3, attachment_size = $4 WHERE id = $1 RETURNING "+todoColumns,
		id, name, ctype, int64(len(data)))
	if err != nil {
		return nil, failed(ctx, "attaching a file", err)
	}
	found := rows.Next()
	if found {
		t, err = scanTodo(rows)
	}
	for rows.Next() {
	}
	err = errors.Join(err, rows.Err(), rows.Close())
	if err != nil {
		return nil, failed(ctx, "attaching a file", err)
	}
	if !found {
		return nil, notFound(id)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (todo_id, data) VALUES ($1, $2)
		ON CONFLICT (todo_id) DO UPDATE SET data = excluded.data`, id, data); err != nil {
		return nil, failed(ctx, "attaching a file", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, failed(ctx, "attaching a file", err)
	}
	s.changed(ctx, todov1.ChangeAttached, t)
	return t.Attachment, nil
}

// Attachment writes the file attached to a todo, with a Content-Disposition that names
// it, so that a plain link downloads it under its name; NotFound when the todo has none.
func (s *store) Attachment(ctx context.Context, in *todov1.GetAttachment, w io.Writer) error {
	var name string
	var data []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT t.attachment_name, a.data FROM todos t
		JOIN attachments a ON a.todo_id = t.id WHERE t.id = $1`, in.TodoID).Scan(&name, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(in.TodoID)
	}
	if err != nil {
		return failed(ctx, fmt.Sprintf("reading todo %d's attachment", in.TodoID), err)
	}
	h := server.ResponseHeader(ctx)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	// The bytes are the user's, not the site's: never sniffed into a page.
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}

// todo reads one todo, errGone when there is none.
func (s *store) todo(ctx context.Context, id int64) (todov1.Todo, error) {
	t, err := scanTodo(s.db.read.QueryRowContext(ctx, "SELECT "+todoColumns+" FROM todos WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errGone
	}
	return t, err
}
