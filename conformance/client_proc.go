package conformance

// The client program: starting it, its JSON-lines protocol, and ending it.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// clientProc is a running client program.
type clientProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *os.File
	lines  chan []byte // stdout, line by line; closed at its end
	quit   chan struct{}
	stderr *tail
	exited chan struct{} // closed when the process has been waited for
	err    error         // the process's exit error, set before exited is closed
	done   bool          // killed or waited for: its process group is not ours to signal any more
}

// startClient starts the client and reads its hello line.
func startClient(ctx context.Context, opts ClientOptions) (*clientProc, *Hello, error) {
	cmd := exec.Command("sh", "-c", opts.Command)
	cmd.Dir = opts.Dir
	setProcessGroup(cmd)
	// Wait returns soon after the client exits even when something it started still holds
	// its stderr.
	cmd.WaitDelay = time.Second
	p := &clientProc{cmd: cmd, lines: make(chan []byte), quit: make(chan struct{}), stderr: &tail{max: 4096}, exited: make(chan struct{})}
	if opts.Stderr != nil {
		cmd.Stderr = io.MultiWriter(p.stderr, opts.Stderr)
	} else {
		cmd.Stderr = p.stderr
	}
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, nil, err
	}
	// Stdout is a pipe of our own, not StdoutPipe: its reads must not race with Wait.
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdout = w
	err = cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		return nil, nil, fmt.Errorf("starting the client: %v", err)
	}
	p.stdout = r
	go func() {
		defer close(p.lines)
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 0 {
				select {
				case p.lines <- line:
				case <-p.quit:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	line, problem := p.readLine(ctx, opts.StartTimeout)
	if problem != "" {
		p.kill()
		return nil, nil, fmt.Errorf("the client wrote no hello line: %s", problem)
	}
	var h struct {
		Hello *string  `json:"hello"`
		Lacks []string `json:"lacks"`
	}
	if err := json.Unmarshal(line, &h); err != nil || h.Hello == nil {
		p.kill()
		return nil, nil, fmt.Errorf(`the client's first line is not a hello line {"hello": "name version", "lacks": [...]}: %s`, showLine(line))
	}
	return p, &Hello{Hello: *h.Hello, Lacks: h.Lacks}, nil
}

// readLine reads the client's next line, or says what went wrong: it exited, took too long.
func (p *clientProc) readLine(ctx context.Context, timeout time.Duration) (line []byte, problem string) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case line, ok := <-p.lines:
		if ok {
			return line, ""
		}
	case <-p.exited:
		// It may have written its last line just before it exited.
		select {
		case line, ok := <-p.lines:
			if ok {
				return line, ""
			}
		case <-time.After(time.Second):
		}
	case <-t.C:
		return nil, fmt.Sprintf("no answer within %v", timeout) + p.stderr.report()
	case <-ctx.Done():
		return nil, ctx.Err().Error()
	}
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		return nil, "the client closed its output but did not exit" + p.stderr.report()
	}
	status := "exit status 0"
	if p.err != nil {
		status = p.err.Error()
	}
	return nil, "the client exited (" + status + ")" + p.stderr.report()
}

// ask sends the case line and reads the answer. broken reports that the client must be
// started again: it died, hung or broke the protocol.
func (p *clientProc) ask(ctx context.Context, c *Case, baseURL string, timeout time.Duration) (ans *Answer, prob problems, broken bool) {
	args := c.Call.Args
	if args == nil {
		args = json.RawMessage("{}")
	}
	line, err := json.Marshal(CaseLine{Case: c.Name, BaseURL: baseURL, Function: c.Call.Function, Args: args, Input: c.Call.Input})
	if err != nil {
		prob.add("encoding the case line: %v", err)
		return nil, prob, false
	}
	if _, err := p.stdin.Write(append(line, '\n')); err != nil {
		_, problem := p.readLine(ctx, time.Second)
		if problem == "" {
			problem = err.Error()
		}
		prob.add("sending the case to the client: %s", problem)
		return nil, prob, true
	}
	out, problem := p.readLine(ctx, timeout)
	if problem != "" {
		prob.add("%s", problem)
		return nil, prob, true
	}
	a := &Answer{}
	if err := decodeStrict(out, a); err != nil {
		prob.add("the client's answer is not an answer line (%v): %s", err, showLine(out))
		return nil, prob, true
	}
	if a.Case != c.Name {
		prob.add("the client answered case %q instead", a.Case)
		return nil, prob, true
	}
	if a.Error != nil {
		var raw struct {
			Error struct {
				Tag     *string `json:"tag"`
				Message *string `json:"message"`
				Status  *int    `json:"status"`
			} `json:"error"`
		}
		switch {
		case json.Unmarshal(out, &raw) != nil:
			prob.add("the answer's error does not decode: %s", showLine(out))
			return nil, prob, false
		case a.Error.Typed != nil:
			if raw.Error.Status == nil || raw.Error.Tag != nil || raw.Error.Message != nil || !isVariant(a.Error.Typed) {
				prob.add(`the answer's typed error needs a status and typed, one variant ({"NotFound":{...}}), and no tag or message: %s`, showLine(out))
				return nil, prob, false
			}
		case raw.Error.Tag == nil || raw.Error.Message == nil || raw.Error.Status == nil:
			prob.add("the answer's error needs a tag, a message and a status: %s", showLine(out))
			return nil, prob, false
		}
		if a.Error.MessageMatch != "" {
			prob.add("the answer's error has a member that only cases have, message_match: %s", showLine(out))
			return nil, prob, false
		}
	}
	return a, prob, false
}

func showLine(b []byte) string {
	return clip(fmt.Sprintf("%q", strings.TrimRight(string(b), "\n")), 300)
}

// closeInput closes the client's stdin, its signal to exit.
func (p *clientProc) closeInput() { p.stdin.Close() }

// wait waits for the client to exit, killing it after timeout, and returns its exit error.
func (p *clientProc) wait(timeout time.Duration) error {
	close(p.quit) // a client may still print; do not let that block it
	select {
	case <-p.exited:
		killProcessGroup(p.cmd) // anything it left running
		p.finish()
		return p.err
	case <-time.After(timeout):
		p.kill()
		return fmt.Errorf("still running %v after its input ended; killed", timeout)
	}
}

// kill ends the client and what it started, and waits for it.
func (p *clientProc) kill() {
	if p == nil || p.done {
		return
	}
	p.stdin.Close()
	killProcessGroup(p.cmd)
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
	}
	p.finish()
}

func (p *clientProc) finish() {
	p.done = true
	p.stdout.Close()
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(b), nil
}

// report returns the kept stderr as a suffix for a problem, or nothing when it is empty.
func (t *tail) report() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if s == "" {
		return ""
	}
	return "; its stderr ends:\n    " + strings.ReplaceAll(s, "\n", "\n    ")
}
