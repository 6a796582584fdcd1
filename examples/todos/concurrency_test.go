package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
)

// TestConcurrentAdds sends 1,000 add_todo calls from 32 clients at once, each with its
// own connection, through the generated Go client over a real socket on 127.0.0.1: every
// call is acknowledged with an id of its own, and after the database is closed and
// opened again, exactly the acknowledged todos are in it. On both databases.
func TestConcurrentAdds(t *testing.T) {
	t.Parallel()
	forEachDB(t, testConcurrentAdds)
}

func testConcurrentAdds(t *testing.T, path string) {
	const calls, clients = 1000, 32
	ctx := context.Background()

	db, err := openDatabase(ctx, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newMux(newStore(db), slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))

	jobs := make(chan int, calls)
	for i := range calls {
		jobs <- i
	}
	close(jobs)
	acked := make([]*todov1.Todo, calls)
	errs := make([]error, calls)
	var wg sync.WaitGroup
	for range clients {
		// A transport each, so that the 32 clients are 32 connections, not one pool.
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		c := todov1.NewTodosClient(srv.URL, client.WithHTTPClient(&http.Client{Transport: tr}))
		wg.Go(func() {
			for i := range jobs {
				acked[i], errs[i] = c.AddTodo(ctx, &todov1.AddTodo{Title: fmt.Sprint("todo ", i)})
			}
		})
	}
	wg.Wait()
	srv.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	want := map[int64]string{}
	for i, todo := range acked {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if prev, ok := want[todo.ID]; ok {
			t.Fatalf("id %d given to both %q and %q", todo.ID, prev, todo.Title)
		}
		want[todo.ID] = todo.Title
	}

	stored := listAll(t, ctx, newStore(openTestDB(t, path)), todov1.ListTodos{})
	if len(stored) != calls {
		t.Errorf("%d todos in the database, want %d", len(stored), calls)
	}
	for _, todo := range stored {
		if want[todo.ID] != todo.Title {
			t.Errorf("todo %d in the database is %q, acknowledged as %q", todo.ID, todo.Title, want[todo.ID])
		}
		delete(want, todo.ID)
	}
	for id, title := range want {
		t.Errorf("acknowledged todo %d %q is not in the database", id, title)
	}
}
