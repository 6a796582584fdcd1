package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/client"
)

// buildServer builds the example's command into a temporary directory of t's.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "todos")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serverProcess is the example's command running as a child process.
type serverProcess struct {
	cmd  *exec.Cmd
	url  string
	done chan error // receives cmd.Wait's result
}

var listening = regexp.MustCompile(`^todos: listening on (http://\S+)$`)

// startProcess runs the built command bin on a free port of 127.0.0.1 with the database
// at dbPath, and returns once it prints its address. The process is killed when the test
// ends if it is still running.
func startProcess(t *testing.T, bin, dbPath string) *serverProcess {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", dbPath)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, done: make(chan error, 1)}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			p.url = m[1]
			break
		}
	}
	// Wait reads nothing more from stdout, so drain it: a full pipe would block the server.
	go func() {
		for lines.Scan() {
		}
		p.done <- cmd.Wait()
	}()
	if p.url == "" {
		t.Fatalf("the server exited without printing its address: %v", <-p.done)
	}
	return p
}

// wait returns how the process ended, killing it if it has not ended after a minute, far
// longer than the 10 s it gives requests to finish: a hang is a failure, not a slow run.
func (p *serverProcess) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		return err
	case <-time.After(time.Minute):
		t.Fatal("the server did not exit within a minute of the signal")
		return nil
	}
}

// TestSignalKeepsAcknowledgedWrites runs the built server as a child process, has 32
// clients add todos as fast as it answers, and sends SIGINT or SIGTERM while those writes
// are in flight. The server must exit with status 0, and once started again on the same
// file, must hold every todo whose add_todo was answered.
func TestSignalKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	bin := buildServer(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			const clients, signalAfter, maxPerClient = 32, 200, 1000
			path := filepath.Join(t.TempDir(), "todos.db")
			p := startProcess(t, bin, path)
			ctx := context.Background()

			var mu sync.Mutex
			acked := map[int64]string{}
			signalled := make(chan struct{})
			var count atomic.Int64
			var wg sync.WaitGroup
			for w := range clients {
				tr := &http.Transport{}
				defer tr.CloseIdleConnections()
				c := todov1.NewTodosClient(p.url, client.WithHTTPClient(&http.Client{Transport: tr}))
				wg.Go(func() {
					// Each writer goes on until the server stops answering; the bound only
					// keeps a server that ignores the signal from holding the test forever.
					for i := range maxPerClient {
						title := fmt.Sprintf("writer %d todo %d", w, i)
						todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: title})
						if err != nil {
							return
						}
						mu.Lock()
						acked[todo.ID] = title
						mu.Unlock()
						if count.Add(1) == signalAfter {
							close(signalled)
						}
					}
				})
			}
			writing := make(chan struct{})
			go func() { wg.Wait(); close(writing) }()
			select {
			case <-signalled:
			case <-writing:
				t.Fatalf("the writers stopped after %d writes, before the signal", count.Load())
			}
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := p.wait(t); err != nil {
				t.Errorf("the server exited with %v after %v, want status 0", err, sig)
			}
			<-writing
			if n := count.Load(); n >= clients*maxPerClient {
				t.Fatalf("all %d writes were answered: the server kept serving after %v", n, sig)
			}
			t.Logf("%d writes acknowledged before the server stopped", len(acked))

			again := startProcess(t, bin, path)
			have := map[int64]string{}
			for _, todo := range listAll(t, ctx, todov1.NewTodosClient(again.url), todov1.ListTodos{}) {
				have[todo.ID] = todo.Title
			}
			for id, title := range acked {
				if have[id] != title {
					t.Errorf("acknowledged todo %d %q is missing after the restart (found %q)", id, title, have[id])
				}
			}
			if err := again.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if err := again.wait(t); err != nil {
				t.Errorf("the restarted server exited with %v", err)
			}
		})
	}
}
