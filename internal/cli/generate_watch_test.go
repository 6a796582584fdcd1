package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the watching command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls cond until it holds, failing the test after a generous deadline (the machine
// may be busy): the test waits for what the watcher does, never for a fixed time.
func waitFor(t *testing.T, what string, cond func() bool, log func() string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; output so far:\n%s", what, log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestGenerateWatch: a change to the schema rewrites the output; a broken schema prints its
// diagnostics and the watch goes on; a fix saved the way many editors save (a new file renamed
// over the old) regenerates; a change to the config is followed; cancelling ends with exit 0.
func TestGenerateWatch(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, twoTargets)
	cfg := filepath.Join(dir, "sfn.yaml")
	schemaFile := filepath.Join(dir, "api", "api.sfn")
	tsFile := filepath.Join(dir, "web", "gen", "api.ts")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"generate", "--watch", "--config", cfg}, strings.NewReader(""), &stdout, &stderr)
	}()
	log := func() string { return "stdout:\n" + stdout.String() + "stderr:\n" + stderr.String() }
	count := func(s string) func() int { return func() int { return strings.Count(stderr.String(), s) } }
	upToDate := count("up to date; watching")
	waitFor(t, "the first generation", func() bool { return upToDate() >= 1 }, log)
	if !exists(t, tsFile) {
		t.Fatalf("the first round wrote no %s:\n%s", tsFile, log())
	}
	contains := func(p, s string) func() bool {
		return func() bool {
			b, err := os.ReadFile(p)
			return err == nil && strings.Contains(string(b), s)
		}
	}

	// A change rewrites the output.
	changed := strings.Replace(apiSchema, "message A { string s = 1; }", "message A { string s = 1; string added = 2; }", 1)
	if err := os.WriteFile(schemaFile, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the change in the output", contains(tsFile, "added"), log)
	waitFor(t, "the second round to end", func() bool { return upToDate() >= 2 }, log)

	// A broken schema prints diagnostics and keeps watching.
	broken := strings.Replace(apiSchema, "string s = 1;", "Uuid s = 1;", 1)
	if err := os.WriteFile(schemaFile, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the diagnostics", func() bool {
		return strings.Contains(stderr.String(), schemaFile+`:4:13: field app.v1.A.s: unknown type "Uuid"`) &&
			strings.Contains(stderr.String(), "for a fix (Ctrl-C stops)")
	}, log)
	select {
	case code := <-done:
		t.Fatalf("the watch ended with exit %d on a broken schema:\n%s", code, log())
	default:
	}

	// The fix, written beside and renamed over the schema, regenerates.
	fixed := strings.Replace(apiSchema, "message A { string s = 1; }", "message A { string s = 1; string fixed = 3; }", 1)
	tmp := filepath.Join(dir, "api", ".api.sfn.swp")
	if err := os.WriteFile(tmp, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, schemaFile); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the fix in the output", contains(tsFile, "fixed"), log)
	waitFor(t, "the round after the fix", func() bool { return upToDate() >= 3 }, log)

	// The config is watched too: a new target's output appears.
	newCfg := strings.Replace(twoTargets, "ts: {out: admin/ts}", "ts: {out: admin/ts2}", 1)
	if err := os.WriteFile(cfg, []byte(newCfg), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the config change", func() bool { return exists(t, filepath.Join(dir, "admin", "ts2", "admin.ts")) }, log)

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after cancel, want 0:\n%s", code, log())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the watch did not end after cancel")
	}
}

// TestGenerateWatchUsage: a wrong command line ends --watch at once instead of watching.
func TestGenerateWatchUsage(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, twoTargets)
	code, _, errs := run(t, "generate", "--watch", filepath.Join(dir, "api"))
	if code != 2 || !strings.Contains(errs, "--go-out or --ts-out is required") {
		t.Errorf("--watch without outputs: exit %d: %s", code, errs)
	}
}
