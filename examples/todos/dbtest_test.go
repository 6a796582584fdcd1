package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sfn-dev/sfn/examples/todos/internal/pgtest"
)

// The store's tests run on both databases: SQLite files, and databases of a throwaway
// PostgreSQL server that the first test to need one starts (internal/pgtest) and TestMain
// stops. Without PostgreSQL's binaries the PostgreSQL variants are skipped, saying so,
// except under CI (CI=true), whose .ci/run installs them: there a missing server fails.

var pg struct {
	once sync.Once
	srv  *pgtest.Server
	err  error
	n    atomic.Int64 // names the databases
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pg.srv != nil {
		if err := pg.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping the test PostgreSQL:", err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// postgresDB returns the URL of a new, empty PostgreSQL database for t.
func postgresDB(t testing.TB) string {
	t.Helper()
	pg.once.Do(func() { pg.srv, pg.err = pgtest.Start() })
	if pg.err == pgtest.ErrNotInstalled && os.Getenv("CI") == "" {
		t.Skipf("skipping the PostgreSQL variant: %v", pg.err)
	}
	if pg.err != nil {
		t.Fatalf("starting a test PostgreSQL: %v", pg.err)
	}
	url, err := pg.srv.CreateDB(context.Background(), fmt.Sprintf("test_%d", pg.n.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	return url
}

// newDBs are the databases the store's tests run on, each making the -db value of a new,
// empty database.
var newDBs = []struct {
	name string
	new  func(t testing.TB) string
}{
	{"SQLite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "todos.db") }},
	{"PostgreSQL", postgresDB},
}

// forEachDB runs test in parallel subtests, once on each database, with the -db value of
// a new, empty one.
func forEachDB(t *testing.T, test func(t *testing.T, dsn string)) {
	t.Helper()
	for _, db := range newDBs {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			test(t, db.new(t))
		})
	}
}
