package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

// memStore implements the Todos functions over an in-memory list. It is safe for concurrent
// use.
type memStore struct {
	mu     sync.Mutex
	todos  []todov1.Todo
	nextID int64
	now    func() time.Time
}

var _ todov1.Todos = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{nextID: 1, now: time.Now}
}

func (s *memStore) AddTodo(ctx context.Context, in *todov1.AddTodo) (*todov1.Todo, error) {
	title := strings.TrimSpace(in.Title)
	if title == "" {
		return nil, server.Errorf(400, "title must not be empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := todov1.Todo{ID: s.nextID, Title: title, CreatedAt: s.now().UTC()}
	s.nextID++
	s.todos = append(s.todos, t)
	return &t, nil
}

func (s *memStore) ListTodos(ctx context.Context, in *todov1.ListTodos) (*todov1.TodoList, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &todov1.TodoList{Todos: []todov1.Todo{}}
	for _, t := range s.todos {
		if in.Query != nil && !strings.Contains(strings.ToLower(t.Title), strings.ToLower(*in.Query)) {
			continue
		}
		if in.Done != nil && t.Done != *in.Done {
			continue
		}
		out.Todos = append(out.Todos, t)
	}
	return out, nil
}

func (s *memStore) ToggleTodo(ctx context.Context, in *todov1.ToggleTodo) (*todov1.Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.find(in.ID)
	if i < 0 {
		return nil, server.Errorf(404, "no todo with id %d", in.ID)
	}
	s.todos[i].Done = !s.todos[i].Done
	t := s.todos[i]
	return &t, nil
}

func (s *memStore) DeleteTodo(ctx context.Context, in *todov1.DeleteTodo) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.find(in.ID)
	if i < 0 {
		return server.Errorf(404, "no todo with id %d", in.ID)
	}
	s.todos = slices.Delete(s.todos, i, i+1)
	return nil
}

func (s *memStore) TodoStats(ctx context.Context) (*todov1.Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &todov1.Stats{Total: int64(len(s.todos))}
	for _, t := range s.todos {
		if t.Done {
			st.Done++
		}
	}
	return st, nil
}

// find returns the index of the todo with id, or -1. The caller holds mu.
func (s *memStore) find(id int64) int {
	return slices.IndexFunc(s.todos, func(t todov1.Todo) bool { return t.ID == id })
}
