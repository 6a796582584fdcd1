package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
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
	cmd    *exec.Cmd
	url    string
	done   chan error // receives cmd.Wait's result
	stderr *lockedBuffer
}

// lockedBuffer is a bytes.Buffer safe for one writer and readers at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`^todos: listening on (http://\S+)$`)

// startProcess runs the built command bin on a free port of 127.0.0.1 with the database
// at dbPath and the flags args, and returns once it prints its address. Its stderr goes to
// the test's and to p.stderr. The process is killed when the test ends if it is still
// running.
func startProcess(t *testing.T, bin, dbPath string, args ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-db", dbPath}, args...)...)
	stderr := &lockedBuffer{}
	cmd.Stderr = io.MultiWriter(os.Stderr, stderr)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, done: make(chan error, 1), stderr: stderr}
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

// wait returns how the process ended, failing t if it has not ended after a minute, far
// longer than the shutdown timeout: a hang is a failure, not a slow run.
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
// clients add todos as fast as it answers and one more hold a request whose body is half
// sent, and sends SIGINT or SIGTERM while those writes are in flight. The server must
// wait for the calls in flight, cut off the half-sent one after its shutdown timeout
// (-shutdown 2s), and exit with status 0; no call may fail for the database being closed
// under it (a 500, or "database is closed" in its log); and once started again on the same
// file, it must hold every todo whose add_todo was answered.
func TestSignalKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	bin := buildServer(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			const clients, signalAfter, maxPerClient, grace = 32, 200, 1000, 2 * time.Second
			path := filepath.Join(t.TempDir(), "todos.db")
			p := startProcess(t, bin, path, "-shutdown", grace.String())
			ctx := context.Background()

			// A client that sends add_todo's headers and half its body, then nothing.
			half, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer half.Close()
			fmt.Fprintf(half, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntitle=half", todov1.TodosAddTodoPath)

			var mu sync.Mutex
			acked := map[int64]string{}
			var failures []error // answers that say the server failed
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
							// Refused while shutting down (503) or cut off: not acknowledged.
							if status, ok := statusOf(err); ok && status >= 500 && status != http.StatusServiceUnavailable {
								mu.Lock()
								failures = append(failures, err)
								mu.Unlock()
							}
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
			signalledAt := time.Now()
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := p.wait(t); err != nil {
				t.Errorf("the server exited with %v after %v, want status 0", err, sig)
			}
			took := time.Since(signalledAt)
			<-writing
			if n := count.Load(); n >= clients*maxPerClient {
				t.Fatalf("all %d writes were answered: the server kept serving after %v", n, sig)
			}
			t.Logf("%d writes acknowledged before the server stopped, %v after the signal", len(acked), took.Round(time.Millisecond))
			// The half-sent call held the shutdown until the timeout cut it off.
			if took < grace {
				t.Errorf("the server exited %v after the signal, before the %v shutdown timeout, with a call in flight", took, grace)
			}
			half.SetReadDeadline(time.Now().Add(time.Second))
			if _, err := io.ReadAll(half); errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("the half-sent call's connection is still open after the server exited")
			}
			for _, err := range failures {
				t.Errorf("a call failed during the shutdown: %v", err)
			}
			if log := p.stderr.String(); strings.Contains(log, "database is closed") {
				t.Errorf("a call ran after the database was closed:\n%s", log)
			}

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
			for id, title := range have {
				if title == "half" {
					t.Errorf("the half-sent todo was stored, as %d", id)
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
