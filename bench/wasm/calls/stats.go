//go:build js && wasm && stats

package main

import (
	"context"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

func init() {
	calls = append(calls, func(ctx context.Context, c todov1.Todos) string {
		s, err := c.TodoStats(ctx)
		if err != nil {
			return line("todo_stats", 0, err)
		}
		return line("todo_stats", s.Total, nil)
	})
}
