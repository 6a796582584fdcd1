package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// Live updates (watch_todos). Every change the store makes (an add, a toggle, a delete, an
// attachment) becomes a TodoEvent, which a hub fans out to the watch_todos websockets open
// in this process.
//
// On SQLite, which one process serves, the store hands its events to the hub directly. On
// PostgreSQL, which several instances share, the store sends each change with
// pg_notify on the channel todos_events after its write, and every instance (this one
// too) LISTENs on a dedicated connection and hands what arrives to its hub: a change made
// on any instance reaches the pages open on every instance. The notification is sent
// after the write commits, as a statement of its own: an instance that dies between the
// two loses that one event (the pages catch up on their next load). If the listening
// connection breaks, the hub sends Resync to every watcher (it cannot know what it
// missed) and the listener reconnects.
//
// Memory stays bounded: each watcher has a buffer of watchBuffer events; one that falls
// that far behind (a client that stops reading, whose socket buffers are full) is dropped
// from the hub, sent Resync and its stream ended, so that a slow page never holds up the
// others nor makes the server keep events for it.

// watchBuffer is how many events a watcher may have waiting before it is dropped.
const watchBuffer = 64

// hub fans events out to the watchers of this process.
type hub struct {
	mu       sync.Mutex
	watchers map[*watcher]struct{}
}

// watcher is one watch_todos stream's subscription.
type watcher struct {
	events chan *todov1.TodoEvent
	// dropped is closed when the hub drops the watcher: it fell behind, or events were
	// lost for every watcher (the PostgreSQL listener reconnected).
	dropped chan struct{}
}

func newHub() *hub { return &hub{watchers: map[*watcher]struct{}{}} }

// subscribe adds a watcher; cancel removes it.
func (h *hub) subscribe() (w *watcher, cancel func()) {
	w = &watcher{events: make(chan *todov1.TodoEvent, watchBuffer), dropped: make(chan struct{})}
	h.mu.Lock()
	h.watchers[w] = struct{}{}
	h.mu.Unlock()
	return w, func() {
		h.mu.Lock()
		delete(h.watchers, w)
		h.mu.Unlock()
	}
}

// publish hands ev to every watcher without waiting: one whose buffer is full is dropped.
func (h *hub) publish(ev *todov1.TodoEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.watchers {
		select {
		case w.events <- ev:
		default:
			delete(h.watchers, w)
			close(w.dropped)
		}
	}
}

// resync drops every watcher: events were lost.
func (h *hub) resync() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.watchers {
		delete(h.watchers, w)
		close(w.dropped)
	}
}

// len is the number of watchers, for tests.
func (h *hub) len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.watchers)
}

// WatchTodos sends Ready once subscribed, then every change until the client goes away
// (ctx) or falls behind (Resync, then the end).
func (s *store) WatchTodos(ctx context.Context, _ *todov1.WatchTodos) iter.Seq2[*todov1.TodoEvent, error] {
	return func(yield func(*todov1.TodoEvent, error) bool) {
		w, cancel := s.hub.subscribe()
		defer cancel()
		if !yield(&todov1.TodoEvent{Change: todov1.ChangeReady}, nil) {
			return
		}
		for {
			// Events waiting are sent before a drop is noticed, so nothing is skipped.
			select {
			case ev := <-w.events:
				if !yield(ev, nil) {
					return
				}
				continue
			default:
			}
			select {
			case <-ctx.Done():
				return
			case ev := <-w.events:
				if !yield(ev, nil) {
					return
				}
			case <-w.dropped:
				yield(&todov1.TodoEvent{Change: todov1.ChangeResync}, nil)
				return
			}
		}
	}
}

// changed tells the watchers, of every instance, that todo changed. It never fails the
// call that made the change: the change is committed; a lost event is logged.
func (s *store) changed(ctx context.Context, change todov1.Change, todo todov1.Todo) {
	if s.db.dialect != postgresDialect {
		s.hub.publish(&todov1.TodoEvent{Change: change, Todo: &todo})
		return
	}
	payload, err := json.Marshal(pgEvent{Change: change, ID: todo.ID, Done: todo.Done})
	if err == nil {
		_, err = s.db.write.ExecContext(context.WithoutCancel(ctx), "SELECT pg_notify($1, $2)", eventChannel, string(payload))
	}
	if err != nil {
		s.logger.Warn("sending a change to the other instances", "change", change, "id", todo.ID, "err", err)
	}
}

// eventChannel is the PostgreSQL channel of the changes.
const eventChannel = "todos_events"

// pgEvent is a change as sent through PostgreSQL: the todo's id, and whether it was done
// (for Deleted, as the todo is gone). Each instance reads the todo itself: a notification
// holds at most 8,000 bytes, less than a long title.
type pgEvent struct {
	Change todov1.Change `json:"change"`
	ID     int64         `json:"id"`
	Done   bool          `json:"done"`
}

// listen receives the changes of every instance from PostgreSQL, on a connection of its
// own, and hands them to the hub, until ctx ends. A broken connection is opened again
// after a pause, and the watchers are sent Resync, as events may have been lost meanwhile.
func (s *store) listen(ctx context.Context, dsn string, ready func()) {
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, dsn, ready)
		ready = nil
		if ctx.Err() != nil {
			return
		}
		s.logger.Warn("listening for the other instances' changes; trying again", "err", err)
		s.hub.resync()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (s *store) listenOnce(ctx context.Context, dsn string, ready func()) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel); err != nil {
		return err
	}
	if ready != nil {
		ready()
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var pe pgEvent
		if err := json.Unmarshal([]byte(n.Payload), &pe); err != nil {
			s.logger.Warn("a change from PostgreSQL that does not decode", "payload", n.Payload, "err", err)
			continue
		}
		ev, err := s.eventOf(ctx, pe)
		if errors.Is(err, errGone) {
			continue // deleted since: its Deleted event follows
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.logger.Warn("reading a changed todo", "id", pe.ID, "err", err)
			s.hub.resync()
			continue
		}
		s.hub.publish(ev)
	}
}

var errGone = errors.New("the todo is gone")

// eventOf is the TodoEvent of a change sent through PostgreSQL: the todo as it is now,
// read from the database, or for Deleted its id and done.
func (s *store) eventOf(ctx context.Context, pe pgEvent) (*todov1.TodoEvent, error) {
	if pe.Change == todov1.ChangeDeleted {
		return &todov1.TodoEvent{Change: pe.Change, Todo: &todov1.Todo{ID: pe.ID, Done: pe.Done}}, nil
	}
	t, err := s.todo(ctx, pe.ID)
	if err != nil {
		return nil, err
	}
	return &todov1.TodoEvent{Change: pe.Change, Todo: &t}, nil
}

// startListening runs listen in the background on PostgreSQL (a no-op on SQLite), with
// wg told, and returns once it listens, so that no change made after is missed.
func (s *store) startListening(ctx context.Context, dsn string, wg *sync.WaitGroup) error {
	if s.db.dialect != postgresDialect {
		return nil
	}
	listening := make(chan struct{})
	wg.Go(func() { s.listen(ctx, dsn, func() { close(listening) }) })
	select {
	case <-listening:
		return nil
	case <-time.After(10 * time.Second):
		return fmt.Errorf("listening for changes on PostgreSQL: no connection after 10 s")
	}
}
