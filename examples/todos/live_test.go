package main

import (
	"context"
	"io"
	"iter"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// watch opens watch_todos through the generated client and returns a pull iterator over
// its events, once the server's subscription exists (its Ready event came).
func watch(t *testing.T, ctx context.Context, c todov1.Todos) func() (*todov1.TodoEvent, error, bool) {
	t.Helper()
	next, stop := iter.Pull2(c.WatchTodos(ctx, &todov1.WatchTodos{}))
	t.Cleanup(stop)
	ev, err, ok := next()
	if !ok || err != nil || ev.Change != todov1.ChangeReady {
		t.Fatalf("first event %+v, %v, %v; want Ready", ev, err, ok)
	}
	return next
}

// TestLiveEventsReachEveryWatcher: two watchers over real websockets each get every
// change any client makes, in order, with the todo.
func TestLiveEventsReachEveryWatcher(t *testing.T) {
	t.Parallel()
	c, _ := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	a, b := watch(t, ctx, c), watch(t, ctx, c)

	added, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Buy milk"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ToggleTodo(ctx, &todov1.ToggleTodo{ID: added.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachFile(ctx, parts(added.ID, "note.txt", []byte("hello"))); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: added.ID}); err != nil {
		t.Fatal(err)
	}
	want := []todov1.Change{todov1.ChangeAdded, todov1.ChangeToggled, todov1.ChangeAttached, todov1.ChangeDeleted}
	for name, next := range map[string]func() (*todov1.TodoEvent, error, bool){"first": a, "second": b} {
		for i, change := range want {
			ev, err, ok := next()
			if !ok || err != nil {
				t.Fatalf("%s watcher, event %d: %v, %v", name, i, err, ok)
			}
			if ev.Change != change || ev.Todo == nil || ev.Todo.ID != added.ID {
				t.Fatalf("%s watcher, event %d: %+v, want %s of todo %d", name, i, ev, change, added.ID)
			}
			switch change {
			case todov1.ChangeAdded:
				if ev.Todo.Title != "Buy milk" || ev.Todo.Done {
					t.Errorf("%s watcher: added %+v", name, ev.Todo)
				}
			case todov1.ChangeToggled, todov1.ChangeDeleted:
				if !ev.Todo.Done {
					t.Errorf("%s watcher: %s %+v, want done", name, change, ev.Todo)
				}
			case todov1.ChangeAttached:
				if at := ev.Todo.Attachment; at == nil || at.Name != "note.txt" || at.Size != 5 {
					t.Errorf("%s watcher: attached %+v", name, at)
				}
			}
		}
	}
}

// TestSlowWatcherIsDropped: a client that stops reading is dropped once its buffer is
// full, gets Resync and the end of the stream, and the hub keeps nothing for it; a
// watcher that reads meanwhile gets every event.
func TestSlowWatcherIsDropped(t *testing.T) {
	t.Parallel()
	store := newStore(openTestDB(t, memoryDB))
	srv := httptest.NewServer(newMux(store, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close)
	c := todov1.NewTodosClient(srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	slow := watch(t, ctx, c)
	fast := watch(t, ctx, c)

	// 20,000 events of 4 KiB, 80 MB in all: far more than the socket buffers and the
	// watcher's buffer hold, so the slow watcher, which reads none, falls behind.
	const n = 20000
	big := strings.Repeat("x", 4<<10)
	got := make(chan int)
	var fastRead atomic.Int64 // how many events the fast watcher has read
	go func() {
		i := 0
		for ; i < n; i++ {
			ev, err, ok := fast()
			if !ok || err != nil || ev.Change != todov1.ChangeAdded || ev.Todo.ID != int64(i) {
				break
			}
			fastRead.Add(1)
		}
		got <- i
	}()
	for i := range n {
		// The fast watcher reads as it goes: the publisher waits for it to keep up, not
		// for the slow one.
		for int64(i)-fastRead.Load() >= watchBuffer/2 {
			time.Sleep(100 * time.Microsecond)
		}
		// Published as the store does, but without the database, so that the test is fast.
		store.hub.publish(&todov1.TodoEvent{Change: todov1.ChangeAdded, Todo: &todov1.Todo{ID: int64(i), Title: big}})
	}
	if i := <-got; i != n {
		t.Fatalf("the fast watcher got %d events in order, want %d", i, n)
	}
	if k := store.hub.len(); k != 1 {
		t.Fatalf("the hub has %d watchers, want 1: the slow one dropped", k)
	}
	var read int
	var last todov1.Change
	for {
		ev, err, ok := slow()
		if !ok {
			break
		}
		if err != nil {
			t.Fatalf("slow watcher, after %d events: %v", read, err)
		}
		read++
		last = ev.Change
	}
	if last != todov1.ChangeResync || read >= n {
		t.Fatalf("the slow watcher read %d events ending with %s; want fewer than %d, ending with Resync", read, last, n)
	}
	t.Logf("the slow watcher read %d events before Resync", read-1)
}

// TestLiveAcrossInstances: two instances of the server over one PostgreSQL database, each
// listening for the changes (LISTEN/NOTIFY); a page watching the second sees the changes
// made through the first, and downloads the file attached there.
func TestLiveAcrossInstances(t *testing.T) {
	t.Parallel()
	dsn := postgresDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, b := newStore(openTestDB(t, dsn)), newStore(openTestDB(t, dsn))
	var listeners sync.WaitGroup
	bg, stop := context.WithCancel(context.Background())
	t.Cleanup(func() { stop(); listeners.Wait() })
	for _, s := range []*store{a, b} {
		if err := s.startListening(bg, dsn, &listeners); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(newMux(b, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close)
	c := todov1.NewTodosClient(srv.URL)
	next := watch(t, ctx, c)

	added, err := a.AddTodo(ctx, &todov1.AddTodo{Title: "Call the bank"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ToggleTodo(ctx, &todov1.ToggleTodo{ID: added.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AttachFile(ctx, parts(added.ID, "statement.pdf", []byte("%PDF-1.7"))); err != nil {
		t.Fatal(err)
	}
	for i, change := range []todov1.Change{todov1.ChangeAdded, todov1.ChangeToggled, todov1.ChangeAttached} {
		ev, err, ok := next()
		if !ok || err != nil || ev.Change != change || ev.Todo == nil || ev.Todo.ID != added.ID || ev.Todo.Title != "Call the bank" {
			t.Fatalf("event %d: %+v, %v, %v; want %s of todo %d", i, ev, err, ok, change, added.ID)
		}
		if change == todov1.ChangeAttached && (ev.Todo.Attachment == nil || ev.Todo.Attachment.Name != "statement.pdf") {
			t.Errorf("attached: %+v", ev.Todo.Attachment)
		}
	}
	var file strings.Builder
	if err := c.Attachment(ctx, &todov1.GetAttachment{TodoID: added.ID}, &file); err != nil || file.String() != "%PDF-1.7" {
		t.Fatalf("download from the other instance: %q, %v", file.String(), err)
	}
	if err := a.DeleteTodo(ctx, &todov1.DeleteTodo{ID: added.ID}); err != nil {
		t.Fatal(err)
	}
	ev, err, ok := next()
	if !ok || err != nil || ev.Change != todov1.ChangeDeleted || ev.Todo.ID != added.ID || !ev.Todo.Done {
		t.Fatalf("deleted: %+v, %v, %v", ev, err, ok)
	}
}
