package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
)

// runInProcess starts run with args on a free port of 127.0.0.1 and a database in a
// temporary directory, and returns its address and a function that ends it as a signal
// would and returns run's result.
func runInProcess(t *testing.T, args ...string) (url string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	args = append([]string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "todos.db")}, args...)
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, args, w, io.Discard)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
			break
		}
	}
	go io.Copy(io.Discard, out)
	if url == "" {
		cancel()
		t.Fatalf("run ended without listening: %v", <-result)
	}
	var once bool
	stop = func() error {
		if once {
			return nil
		}
		once = true
		cancel()
		select {
		case err := <-result:
			return err
		case <-time.After(time.Minute):
			t.Fatal("run did not return within a minute of its context ending")
			return nil
		}
	}
	t.Cleanup(func() { stop() })
	return url, stop
}

// TestRunRate checks -rate: a client gets the burst of calls at once, twice the rate,
// and then 429 with Retry-After; the page, which calls the functions in the process, is
// not limited. run returns nil once its context ends.
func TestRunRate(t *testing.T) {
	t.Parallel()
	url, stop := runInProcess(t, "-rate", "1")
	c := todov1.NewTodosClient(url)
	ctx := context.Background()
	for i := range 2 {
		if _, err := c.TodoStats(ctx); err != nil {
			t.Fatalf("call %d of the burst: %v", i+1, err)
		}
	}
	_, err := c.TodoStats(ctx)
	// A gate's refusal is a framework failure: TodoError's framework variant, with the
	// gate's status.
	if te, ok := errors.AsType[*todov1.TodoError](err); !ok || te.FrameworkError() == nil || te.HTTPStatus() != http.StatusTooManyRequests {
		t.Errorf("the call after the burst: %v, want TodoError's framework variant with 429", err)
	}
	for range 3 {
		res, err := http.Get(url + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET /: %s, want 200 OK whatever the rate", res.Status)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("run: %v, want nil after a clean shutdown", err)
	}
}

// TestRunFlags checks that run refuses flags it cannot use.
func TestRunFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-rate", "-1"}, {"-rate", "NaN"}, {"-rate", "+Inf"}, {"-shutdown", "0s"}, {"-drain", "-1s"}, {"-db-conns", "0"}, {"extra"}} {
		err := run(context.Background(), append([]string{"-db", ":memory:"}, args...), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("run %q: %v, want an error naming it", args, err)
		}
	}
}

// TestRunHealth checks /healthz and /readyz on both databases, and the drain: once run's
// context ends (as on SIGTERM), /readyz answers 503 for -drain while the functions and
// /healthz are still served, and only then does run shut down and return.
func TestRunHealth(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, db string) {
		const drain = time.Second
		url, stop := runInProcess(t, "-db", db, "-drain", drain.String())
		get := func(path string) int {
			t.Helper()
			res, err := http.Get(url + path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if got := get("/healthz"); got != 200 {
			t.Errorf("/healthz: %d, want 200", got)
		}
		if got := get("/readyz"); got != 200 {
			t.Errorf("/readyz: %d, want 200", got)
		}
		result := make(chan error, 1)
		began := time.Now()
		go func() { result <- stop() }()
		for get("/readyz") != http.StatusServiceUnavailable {
			if time.Since(began) > drain/2 {
				t.Fatal("/readyz still answers 200 after the signal")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if got := get("/healthz"); got != 200 {
			t.Errorf("/healthz while draining: %d, want 200", got)
		}
		if _, err := todov1.NewTodosClient(url).AddTodo(context.Background(), &todov1.AddTodo{Title: "while draining"}); err != nil {
			t.Errorf("add_todo while draining: %v, want it served", err)
		}
		if err := <-result; err != nil {
			t.Errorf("run: %v", err)
		}
		if took := time.Since(began); took < drain {
			t.Errorf("run returned %v after the signal, before the %v drain", took, drain)
		}
	})
}
