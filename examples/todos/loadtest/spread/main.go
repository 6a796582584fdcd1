// Command spread is a small load generator for the example's servers: it calls add_todo or
// list_todos from -clients goroutines for -d, spreading the calls over every server named
// on the command line in turn, and prints the calls a second and their latency. It is how
// docs/deployment.md measured one server against two over one PostgreSQL database; it is
// not run by the tests.
//
//	go run ./examples/todos/loadtest/spread -call add -d 10s http://127.0.0.1:8081 http://127.0.0.1:8082
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
)

func main() {
	call := flag.String("call", "add", "the function to call: add (add_todo) or list (list_todos, a page of 50)")
	clients := flag.Int("clients", 64, "concurrent callers")
	d := flag.Duration("d", 10*time.Second, "how long to call")
	flag.Parse()
	if flag.NArg() == 0 || (*call != "add" && *call != "list") {
		fmt.Fprintln(os.Stderr, "usage: spread [-call add|list] [-clients N] [-d D] URL...")
		os.Exit(2)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	var servers []todov1.Todos
	for _, u := range flag.Args() {
		servers = append(servers, todov1.NewTodosClient(u, client.WithHTTPClient(hc)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), *d)
	defer cancel()
	var n, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Go(func() {
			var mine []time.Duration
			for i := c; ctx.Err() == nil; i++ {
				s := servers[i%len(servers)]
				t := time.Now()
				var err error
				if *call == "add" {
					_, err = s.AddTodo(ctx, &todov1.AddTodo{Title: fmt.Sprint("load ", c, " ", i)})
				} else {
					_, err = s.ListTodos(ctx, &todov1.ListTodos{})
				}
				if ctx.Err() != nil {
					break
				}
				if err != nil {
					failed.Add(1)
					continue
				}
				n.Add(1)
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(p*float64(len(lat)-1))].Round(10 * time.Microsecond)
	}
	fmt.Printf("%s, %d servers, %d clients, %v: %.0f calls/s, %d failed, latency p50 %v p99 %v\n",
		*call, len(servers), *clients, *d, float64(n.Load())/d.Seconds(), failed.Load(), pct(0.5), pct(0.99))
}
