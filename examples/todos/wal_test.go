package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
)

// TestWALStaysBounded adds 5,000 todos through the server, over HTTP on 127.0.0.1, to a
// database file, toggling every tenth, and checks that the WAL file never reaches 8 MB.
// SQLite copies the WAL back into the database (auto-checkpoint, every 1,000 pages, about
// 4 MB) when a write statement runs to its end. A write read with QueryRow(...).Scan stops
// after its first row, so an INSERT … RETURNING never got there: the WAL grew by every
// write, to 641 MB in a soak for a database of 4 KB.
func TestWALStaysBounded(t *testing.T) {
	t.Parallel()
	const adds, clients, limit = 5000, 16, 8 << 20
	path := filepath.Join(t.TempDir(), "todos.db")
	db := openTestDB(t, path)
	srv := httptest.NewServer(newMux(newStore(db), slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close) // before the database closes: cleanups run last first

	var peak atomic.Int64
	measure := func() {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Errorf("the WAL: %v", err)
			return
		}
		for p := peak.Load(); fi.Size() > p && !peak.CompareAndSwap(p, fi.Size()); p = peak.Load() {
		}
	}
	jobs := make(chan int, adds)
	for i := range adds {
		jobs <- i
	}
	close(jobs)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range clients {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		c := todov1.NewTodosClient(srv.URL, client.WithHTTPClient(&http.Client{Transport: tr}))
		wg.Go(func() {
			for i := range jobs {
				todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: fmt.Sprint("todo ", i)})
				if err != nil {
					t.Errorf("add %d: %v", i, err)
					return
				}
				if i%10 == 0 {
					if _, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: todo.ID}); err != nil {
						t.Errorf("toggle %d: %v", todo.ID, err)
						return
					}
				}
				if i%250 == 0 {
					measure()
				}
			}
		})
	}
	wg.Wait()
	measure()
	t.Logf("after %d adds the WAL peaked at %.1f MB", adds, float64(peak.Load())/(1<<20))
	if p := peak.Load(); p >= limit {
		t.Errorf("the WAL reached %.1f MB, want under %d MB: writes do not let SQLite checkpoint it", float64(p)/(1<<20), limit>>20)
	}
}
