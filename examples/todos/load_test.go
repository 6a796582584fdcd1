package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// BenchmarkListTodos50k measures list_todos over HTTP on 127.0.0.1 against a database file
// of 50,000 todos (every other one done), with 64 clients at once, each with its own
// connection, and reports requests/s and the latencies' p50 and p99:
//
//	go test -run '^$' -bench ListTodos50k -benchtime 2000x ./examples/todos
func BenchmarkListTodos50k(b *testing.B) {
	const rows, clients = 50_000, 64
	db, err := openDatabase(context.Background(), filepath.Join(b.TempDir(), "todos.db"), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// One statement, one transaction: 50,000 adds would be 50,000 fsyncs.
	if _, err := db.write.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO todos (title, done, created_at) SELECT 'todo number ' || i, i % 2, ? FROM n`,
		rows, time.Now().UTC().Format(timeLayout)); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(newMux(newStore(db), slog.New(slog.NewTextHandler(io.Discard, nil)), b.TempDir()))
	defer srv.Close()

	for _, bm := range []struct{ name, query string }{
		{"first page", ""},
		{"open, first page", "done=false"},
		{"page at 25000", "cursor=25000"},
		{"open, page at 25000", "done=false&cursor=25000"},
		{"title filter", "query=number+4999"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			url := srv.URL + todov1.TodosListTodosPath + "?" + bm.query
			latencies := make([]time.Duration, b.N)
			jobs := make(chan int, b.N)
			for i := range b.N {
				jobs <- i
			}
			close(jobs)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range clients {
				c := &http.Client{Transport: &http.Transport{}}
				wg.Go(func() {
					for i := range jobs {
						t := time.Now()
						res, err := c.Get(url)
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							b.Errorf("%s: %s", url, res.Status)
						}
						latencies[i] = time.Since(t)
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(latencies)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			b.ReportMetric(ms(latencies[b.N/2]), "p50-ms")
			b.ReportMetric(ms(latencies[b.N*99/100]), "p99-ms")
		})
	}
}
