package conformance_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/sfn-dev/sfn/conformance"
	"github.com/sfn-dev/sfn/conformance/refserver"
)

// TestBuiltinCases checks that the case files in cases/ are valid and that the set built into
// the package is the one on disk.
func TestBuiltinCases(t *testing.T) {
	t.Parallel()
	builtin, err := conformance.Builtin()
	if err != nil {
		t.Fatalf("the built-in case files have mistakes:\n%v", err)
	}
	disk, err := conformance.LoadDir("cases")
	if err != nil {
		t.Fatal(err)
	}
	names := func(s *conformance.Suite) []string {
		var out []string
		for _, c := range s.Cases {
			out = append(out, c.Name)
		}
		return out
	}
	if !slices.Equal(names(builtin), names(disk)) {
		t.Errorf("the built-in cases differ from cases/")
	}
	server, client := 0, 0
	for _, c := range builtin.Cases {
		if c.IsServerCase() {
			server++
		}
		if c.IsClientCase() {
			client++
		}
	}
	if server == 0 || client == 0 {
		t.Errorf("%d server cases and %d client cases", server, client)
	}
	t.Logf("%d files, %d cases: %d server cases, %d client cases", len(builtin.Files), len(builtin.Cases), server, client)
}

// TestSuiteAgainstRefserver runs every server case against the reference server: sfn's server
// runtime must pass them all.
func TestSuiteAgainstRefserver(t *testing.T) {
	t.Parallel()
	suite, err := conformance.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	// Failing functions are logged; hundreds of cases fail on purpose.
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	srv := httptest.NewServer(refserver.Handler())
	defer srv.Close()
	var out bytes.Buffer
	sum, err := conformance.RunServer(context.Background(), suite.Cases, conformance.ServerOptions{URL: srv.URL, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range suite.Cases {
		if c.IsServerCase() {
			want++
		}
	}
	if wantLine := fmt.Sprintf("%d passed, 0 failed\n", want); !bytes.HasSuffix(out.Bytes(), []byte(wantLine)) || !sum.OK() {
		t.Errorf("want %q; the runner said:\n%s", wantLine, out.String())
	}
}
