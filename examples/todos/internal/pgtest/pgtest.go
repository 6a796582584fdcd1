// Package pgtest starts a throwaway PostgreSQL server for tests, from the binaries of
// Debian's postgresql package: initdb in a temporary directory, the server listening on a
// unix socket in that directory only (no TCP port), run as an unprivileged user when the
// test runs as root (PostgreSQL refuses to run as root). Stop removes it all.
//
// It is the Go twin of examples/todos/cluster/run.sh, which does the same in shell for the
// cluster recipe.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for database/sql
)

// ErrNotInstalled is Start's error when PostgreSQL's binaries are not found: callers skip
// their PostgreSQL tests then, and say why.
var ErrNotInstalled = errors.New("PostgreSQL's binaries (initdb, postgres) are not installed: apt-get install -y postgresql, or set PG_BIN to their directory")

// Superuser is the role initdb creates, which every URL connects as.
const Superuser = "todos"

// Server is a running throwaway PostgreSQL.
type Server struct {
	dir  string // holds data/, the socket and the log
	cmd  *exec.Cmd
	done chan error
	db   *sql.DB // to the "postgres" database, for CreateDB
}

// BinDir returns the directory of initdb and postgres: $PG_BIN, else the newest
// /usr/lib/postgresql/*/bin (where Debian puts them, outside PATH), else the one in PATH.
func BinDir() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", ErrNotInstalled
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start initializes and starts a server. Settings favour a test's speed over durability
// (fsync off): the server is thrown away, and a crash of the machine is not what the tests
// are about.
func Start() (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "sfn-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir}
	ok := false
	defer func() {
		if !ok {
			s.Stop()
		}
	}()
	cred, err := unprivileged()
	if err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", Superuser,
		"--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	logFile, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-p", "5432",
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "dynamic_shared_memory_type=mmap")
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	// Its own process group, so that a Ctrl-C meant for the tests does not reach it
	// first; and killed if the test process dies without stopping it.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()

	if s.db, err = sql.Open("pgx", s.URL("postgres")); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = s.db.PingContext(ctx)
		cancel()
		if err == nil {
			break
		}
		select {
		case werr := <-s.done:
			s.done <- werr
			log, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("postgres exited at start: %v\n%s", werr, log)
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("postgres did not answer within 30s: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	ok = true
	return s, nil
}

// unprivileged returns the credentials to run PostgreSQL with: nil when not root, else
// the user postgres (which Debian's package creates) or, failing that, nobody.
func unprivileged() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and neither the user postgres nor nobody exists to run PostgreSQL as")
}

// URL is the connection URL of database db: over the unix socket, as Superuser.
func (s *Server) URL(db string) string {
	return "postgres://" + Superuser + "@/" + db + "?host=" + url.QueryEscape(s.dir) + "&port=5432"
}

// CreateDB creates an empty database named name and returns its URL.
func (s *Server) CreateDB(ctx context.Context, name string) (string, error) {
	// CREATE DATABASE takes no parameters; the name is quoted as an identifier.
	if _, err := s.db.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
		return "", fmt.Errorf("creating database %q: %w", name, err)
	}
	return s.URL(name), nil
}

// Stop shuts the server down (a fast shutdown, then SIGKILL after 10s) and removes its
// directory.
func (s *Server) Stop() error {
	if s.db != nil {
		s.db.Close()
	}
	var err error
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case err = <-s.done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			err = errors.Join(errors.New("postgres did not stop within 10s of SIGINT: killed"), <-s.done)
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Exited() {
			err = nil // its status after a fast shutdown is not news
		}
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}
