package casegen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// shared is the shared reference data, beside the repository.
var shared = filepath.Join("..", "..", "..", "..", "shared")

const casesDir = "../../cases"

// TestCaseFiles checks that conformance/cases holds exactly the files Build makes;
// SFN_UPDATE=1 rewrites them.
func TestCaseFiles(t *testing.T) {
	files, missing, err := Build(shared)
	if err != nil {
		t.Fatal(err)
	}
	if missing {
		t.Logf("%s is absent: the files with cases derived from it (encodings, bad-input, leptos) are not checked", shared)
	}
	if os.Getenv("SFN_UPDATE") != "" {
		if missing {
			t.Fatalf("SFN_UPDATE needs %s", shared)
		}
		if err := Write(casesDir, files); err != nil {
			t.Fatal(err)
		}
	}
	total := 0
	for _, f := range files {
		want, err := f.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(casesDir, f.Area+".json")
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (SFN_UPDATE=1 go test ./conformance/internal/casegen writes it)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run SFN_UPDATE=1 go test ./conformance/internal/casegen", path)
		}
		total += len(f.Cases)
		t.Logf("%s: %d cases", f.Area, len(f.Cases))
	}
	t.Logf("%d cases", total)
	if missing {
		t.Skipf("%s is absent: derived case files skipped", shared)
	}
}
