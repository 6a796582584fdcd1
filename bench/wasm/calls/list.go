//go:build js && wasm && list

package main

import (
	"context"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

func init() {
	calls = append(calls, func(ctx context.Context, c todov1.Todos) string {
		l, err := c.ListTodos(ctx, &todov1.ListTodos{})
		if err != nil {
			return line("list_todos", 0, err)
		}
		return line("list_todos", int64(len(l.Todos)), nil)
	})
}
