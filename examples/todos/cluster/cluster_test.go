//go:build linux

// Package cluster checks the example's server run as several instances over one
// PostgreSQL database, as behind a load balancer: run.sh starts the database and this
// test (make cluster-test); without run.sh's TODOS_CLUSTER_DB the test is skipped.
package cluster

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
)

// instances is how many servers run; each check spreads its calls over all of them.
const instances = 3

// instance is one server, a child process.
type instance struct {
	cmd  *exec.Cmd
	url  string
	done chan error
	todo todov1.Todos
}

var listening = regexp.MustCompile(`^todos: listening on (http://\S+)$`)

// httpClient is shared by every client of the test, with enough idle connections kept
// for its concurrency that the calls do not use up the ports of 127.0.0.1.
var httpClient = &http.Client{
	Transport: &http.Transport{MaxIdleConnsPerHost: 64},
	Timeout:   30 * time.Second,
	// The plain-form check reads the redirect itself.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// start runs the server bin on a free port of 127.0.0.1 over db. It is killed when the
// test ends if still running, and with the test's process if that dies first.
func start(t *testing.T, bin, db string) *instance {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", db, "-db-conns", "8")
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{cmd: cmd, done: make(chan error, 1)}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-in.done
	})
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			in.url = m[1]
			break
		}
	}
	go func() {
		io.Copy(io.Discard, stdout)
		err := cmd.Wait()
		in.done <- err
		in.done <- err // for the cleanup too
	}()
	if in.url == "" {
		t.Fatalf("a server exited without printing its address: %v", <-in.done)
	}
	in.todo = todov1.NewTodosClient(in.url, client.WithHTTPClient(httpClient))
	return in
}

// TestCluster starts three servers at once on one new PostgreSQL database (so that they
// race to migrate it) and checks that they behave as one server would.
func TestCluster(t *testing.T) {
	db := os.Getenv("TODOS_CLUSTER_DB")
	if db == "" {
		t.Skip("TODOS_CLUSTER_DB is not set: make cluster-test (cluster/run.sh) starts PostgreSQL and sets it")
	}
	began := time.Now()
	bin := filepath.Join(t.TempDir(), "todos")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	servers := make([]*instance, instances)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() { servers[i] = start(t, bin, db) })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, s := range servers {
		if got := status(t, s.url+"/readyz"); got != http.StatusOK {
			t.Fatalf("%s/readyz: %d, want 200", s.url, got)
		}
	}
	t.Logf("%d servers up in %v", instances, time.Since(began).Round(time.Millisecond))

	// Each check runs on the state the previous left, so they run in order.
	t.Run("adds", func(t *testing.T) { testAdds(t, servers) })
	t.Run("toggles", func(t *testing.T) { testToggles(t, servers) })
	t.Run("form error", func(t *testing.T) { testFormError(t, servers) })
	t.Run("kill", func(t *testing.T) { testKill(t, servers) })
	t.Logf("the cluster's checks took %v", time.Since(began).Round(time.Millisecond))
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := httpClient.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// listAll lists every todo through todos, a page of 200 at a time.
func listAll(t *testing.T, todos todov1.Todos) map[int64]todov1.Todo {
	t.Helper()
	all := map[int64]todov1.Todo{}
	limit := uint32(200)
	in := todov1.ListTodos{Limit: &limit}
	for {
		list, err := todos.ListTodos(context.Background(), &in)
		if err != nil {
			t.Fatal(err)
		}
		for _, todo := range list.Todos {
			all[todo.ID] = todo
		}
		if list.NextCursor == nil {
			return all
		}
		in.Cursor = list.NextCursor
	}
}

// addConcurrently adds todos titled prefix plus a number, from clients goroutines, call i
// to the server of pick(i), until stop is closed or n are answered, whichever comes
// first (a nil stop: n calls). It returns the acknowledged todos, by id, and the errors
// of each server's calls.
func addConcurrently(t *testing.T, servers []*instance, n, clients int, prefix string, pick func(i int) int, stop <-chan struct{}, acked func(int)) (map[int64]string, [][]error) {
	var mu sync.Mutex
	got := map[int64]string{}
	errs := make([][]error, len(servers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				s := pick(i)
				title := fmt.Sprintf("%s %d", prefix, i)
				todo, err := servers[s].todo.AddTodo(context.Background(), &todov1.AddTodo{Title: title})
				mu.Lock()
				if err != nil {
					errs[s] = append(errs[s], err)
				} else {
					got[todo.ID] = title
				}
				k := len(got)
				mu.Unlock()
				if err == nil && acked != nil {
					acked(k)
				}
			}
		})
	}
	wg.Wait()
	return got, errs
}

// checkPresent fails t unless every todo of want is listed, with its title, by each of
// servers.
func checkPresent(t *testing.T, servers []*instance, want map[int64]string) {
	t.Helper()
	for i, s := range servers {
		have := listAll(t, s.todo)
		missing := 0
		for id, title := range want {
			if have[id].Title != title {
				missing++
				if missing <= 5 {
					t.Errorf("server %d: acknowledged todo %d %q is missing (found %q)", i, id, title, have[id].Title)
				}
			}
		}
		if missing > 0 {
			t.Errorf("server %d: %d of %d acknowledged todos missing", i, missing, len(want))
		}
	}
}

// testAdds sends 1,000 add_todo calls from 48 clients, spread over the servers in turn:
// each is acknowledged with an id of its own, and every server lists all 1,000.
func testAdds(t *testing.T, servers []*instance) {
	const n = 1000
	began := time.Now()
	acked, errs := addConcurrently(t, servers, n, 48, "add", func(i int) int { return i % len(servers) }, nil, nil)
	for i, e := range errs {
		for _, err := range e {
			t.Errorf("server %d: %v", i, err)
		}
	}
	if len(acked) != n {
		t.Fatalf("%d distinct ids acknowledged for %d adds", len(acked), n)
	}
	t.Logf("%d adds over %d servers in %v", n, len(servers), time.Since(began).Round(time.Millisecond))
	checkPresent(t, servers, acked)
	for i, s := range servers {
		st, err := s.todo.TodoStats(context.Background())
		if err != nil || st.Total != n {
			t.Errorf("server %d: todo_stats %+v, %v; want %d todos", i, st, err, n)
		}
	}
}

// testToggles toggles one todo 301 times at once, through all the servers: every toggle
// is acknowledged, and the todo ends done exactly when an odd number were, as every
// server reads it.
func testToggles(t *testing.T, servers []*instance) {
	const toggles, clients = 301, 30
	ctx := context.Background()
	todo, err := servers[0].todo.AddTodo(ctx, &todov1.AddTodo{Title: "toggled"})
	if err != nil {
		t.Fatal(err)
	}
	var acked atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < toggles; i = int(next.Add(1)) - 1 {
				if _, err := servers[i%len(servers)].todo.ToggleTodo(ctx, &todov1.ToggleTodo{ID: todo.ID}); err != nil {
					t.Errorf("toggle %d: %v", i, err)
					continue
				}
				acked.Add(1)
			}
		})
	}
	wg.Wait()
	want := acked.Load()%2 == 1
	after := fmt.Sprint(todo.ID - 1)
	one := uint32(1)
	for i, s := range servers {
		list, err := s.todo.ListTodos(ctx, &todov1.ListTodos{Cursor: &after, Limit: &one})
		if err != nil || len(list.Todos) != 1 || list.Todos[0].ID != todo.ID {
			t.Fatalf("server %d: reading todo %d: %+v, %v", i, todo.ID, list, err)
		}
		if list.Todos[0].Done != want {
			t.Errorf("server %d: after %d acknowledged toggles, done = %v, want %v", i, acked.Load(), list.Todos[0].Done, want)
		}
	}
}

// testFormError posts the add form with a blank title, as a browser without JavaScript
// does, to one server, and follows its redirect on another: the error is in the
// redirect's address (__path and __err), not in the server that answered, so the other
// shows it beside the title, and a page without them shows none.
func testFormError(t *testing.T, servers []*instance) {
	from, to := servers[0], servers[1]
	req, err := http.NewRequest("POST", from.url+todov1.TodosAddTodoPath, strings.NewReader("title=++"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Referer", from.url+"/")
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode/100 != 3 || loc.Query().Get("__err") == "" {
		t.Fatalf("the form post: %s, Location %q; want a redirect carrying __err", res.Status, res.Header.Get("Location"))
	}
	page := func(u string) string {
		t.Helper()
		res, err := httpClient.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s, %v", u, res.Status, err)
		}
		return string(body)
	}
	const reason = "must not be empty"
	if body := page(to.url + loc.RequestURI()); !strings.Contains(body, reason) {
		t.Errorf("another server's page at %s does not show %q", loc.RequestURI(), reason)
	}
	if body := page(to.url + "/"); strings.Contains(body, reason) {
		t.Errorf("another server's page without __err shows %q", reason)
	}
}

// testKill has 32 clients add todos over all the servers, SIGKILLs the last server after
// 300 acknowledgements, and goes on until the others have acknowledged 300 more: the
// others answer every call, before and after the kill, and every todo acknowledged by
// any server, the killed one included, is listed by the others.
func testKill(t *testing.T, servers []*instance) {
	const before, after, limit = 300, 300, 5000
	victim := len(servers) - 1
	stop := make(chan struct{})
	killed := make(chan struct{})
	var once, stopOnce sync.Once
	var ackedAfter atomic.Int64
	var killedAt time.Time
	acked, errs := addConcurrently(t, servers, limit, 32, "kill", func(i int) int { return i % len(servers) }, stop, func(k int) {
		select {
		case <-killed:
			if ackedAfter.Add(1) == after {
				stopOnce.Do(func() { close(stop) })
			}
			return
		default:
		}
		if k >= before {
			once.Do(func() {
				servers[victim].cmd.Process.Signal(syscall.SIGKILL)
				killedAt = time.Now()
				close(killed)
			})
		}
	})
	select {
	case <-killed:
	default:
		t.Fatal("the writers stopped before the kill")
	}
	if err := <-servers[victim].done; err == nil {
		t.Errorf("the killed server exited with status 0")
	}
	if n := ackedAfter.Load(); n < after {
		t.Errorf("only %d adds acknowledged after the kill, want %d", n, after)
	}
	for i, e := range errs {
		if i == victim {
			t.Logf("server %d, killed: %d calls failed (not acknowledged)", i, len(e))
			continue
		}
		for _, err := range e {
			t.Errorf("server %d failed a call: %v", i, err)
		}
	}
	t.Logf("%d adds acknowledged in all, %d after the kill at %s", len(acked), ackedAfter.Load(), killedAt.Format("15:04:05.000"))
	checkPresent(t, servers[:victim], acked)
	for i, s := range servers[:victim] {
		if got := status(t, s.url+"/readyz"); got != http.StatusOK {
			t.Errorf("server %d /readyz after the kill: %d, want 200", i, got)
		}
	}
}
