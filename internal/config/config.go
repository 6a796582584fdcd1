// Package config reads sfn.yaml, the project file that tells sfn's commands what to do when
// they are given no schema files: which schemas make up each generation target, their import
// roots, and where the Go and TypeScript code goes. It sits beside the pipeline, not in it:
// the CLI (internal/cli) reads a Config, then hands each target's inputs and roots to stage 1
// (schema) and its outputs to the generators, exactly as it does with command-line flags.
//
// The Go types are internal on purpose: the file format, documented in docs/config.md and
// versioned by its "version" key, is the contract, so these types can change with the CLI.
//
// Every mistake in the file is reported at once as a diag.List, each at file:line:col.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sfn-dev/sfn/diag"
)

// FileName is the name Find looks for.
const FileName = "sfn.yaml"

// Version is the only format version this sfn reads.
const Version = 1

// Config is one sfn.yaml, its paths resolved.
type Config struct {
	// Path is the file, as found or given (relative to the working directory when it was).
	Path string
	// Dir is the directory that the file's relative paths are relative to: Path's.
	Dir     string
	Version int
	Targets []Target
}

// Target is one schema set and the code generated from it. The paths are resolved: relative
// ones are joined to the config file's directory, so they work from the working directory.
type Target struct {
	// Name is the target's name, for --target and messages; "" when the file gives none.
	Name string
	// Pos is where the target starts in the file.
	Pos diag.Pos
	// Inputs are .sfn files and directories, as the commands' file arguments.
	Inputs []string
	// ImportPaths are the -I roots; empty means each input file's directory.
	ImportPaths []string
	// Go and TS are the outputs; nil when the target generates none in that language.
	Go *GoOutput
	TS *TSOutput
}

// GoOutput is where and how Go code is generated (sfn generate --go-out).
type GoOutput struct {
	// Out is the directory below which files go to their go_package's directory.
	Out string
	// Module is the Go module path of Out; "" means: read from the go.mod at or above Out.
	Module string
}

// TSOutput is where and how TypeScript code is generated (sfn generate --ts-out).
type TSOutput struct {
	Out string
	// BigInt types 64-bit integers as bigint (sfn generate --ts-bigint).
	BigInt bool
}

// Label names t in messages: its name, or its place in the file.
func (t *Target) Label() string {
	if t.Name != "" {
		return fmt.Sprintf("target %q", t.Name)
	}
	return fmt.Sprintf("the target at %s", t.Pos)
}

// ErrNotFound is returned by Find when no sfn.yaml is found.
var ErrNotFound = errors.New("no " + FileName + " found")

// Find looks for sfn.yaml in dir and each directory above it, and returns its path. The search
// stops after the first directory holding .git (the root of the repository or work tree) and at
// the file system's root: a file outside the project is never picked up. It does not stop at a
// go.mod, since one repository may hold several modules (as sfn's own does) with one config.
// The path returned is dir joined with "..", as often as needed, so a relative dir gives a
// relative path.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel := dir
	for {
		p := filepath.Join(rel, FileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return "", ErrNotFound
		}
		up := filepath.Dir(abs)
		if up == abs {
			return "", ErrNotFound
		}
		abs, rel = up, filepath.Join(rel, "..")
	}
}

// Discover finds the sfn.yaml for dir (see Find) and loads it.
func Discover(dir string) (*Config, error) {
	p, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return Load(p)
}

// Load reads and checks the file at path. A mistake in the file comes back as a diag.List
// holding every mistake found, each at its position; a file that cannot be read, as the
// error of the read.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse checks the contents of the config file at path (which names the file in diagnostics
// and gives the directory its relative paths are relative to) and checks that every input and
// import root exists.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{Path: path, Dir: filepath.Dir(path)}
	p := &parser{file: path, dir: c.Dir}
	p.parse(data, c)
	if len(p.diags) > 0 {
		p.diags.Sort()
		return nil, p.diags
	}
	return c, nil
}

// Select returns the targets with the given names, in the file's order, or every target when
// names is empty. A name that no target has is an error that lists the names there are.
func (c *Config) Select(names []string) ([]Target, error) {
	if len(names) == 0 {
		return c.Targets, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []Target
	var all []string
	for _, t := range c.Targets {
		if t.Name != "" {
			all = append(all, t.Name)
		}
		if want[t.Name] {
			out = append(out, t)
			delete(want, t.Name)
		}
	}
	for _, n := range names {
		if !want[n] {
			continue
		}
		hint := diag.DidYouMean(diag.Suggest(n, all))
		if hint == "" && len(all) > 0 {
			hint = "; its targets are " + diag.OrList(quoteAll(all))
		} else if hint == "" {
			hint = "; its targets have no names (give them a name key)"
		}
		return nil, fmt.Errorf("%s has no target %q%s", c.Path, n, hint)
	}
	return out, nil
}
