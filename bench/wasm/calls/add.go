//go:build js && wasm

package main

import (
	"context"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

func init() {
	calls = append(calls, func(ctx context.Context, c todov1.Todos) string {
		t, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Buy milk"})
		if err != nil {
			return line("add_todo", 0, err)
		}
		return line("add_todo", t.ID, nil)
	})
}
