//go:build js && wasm && toggleform

package main

import (
	"context"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

func init() {
	calls = append(calls, func(ctx context.Context, c todov1.Todos) string {
		t, err := c.ToggleTodoForm(ctx, &todov1.ToggleTodo{ID: 1})
		if err != nil {
			return line("toggle_todo_form", 0, err)
		}
		return line("toggle_todo_form", t.ID, nil)
	})
}
