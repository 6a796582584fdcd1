//go:build js && wasm && delete

package main

import (
	"context"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

func init() {
	calls = append(calls, func(ctx context.Context, c todov1.Todos) string {
		return line("delete_todo", 1, c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: 1}))
	})
}
