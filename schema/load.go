package schema

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/diag"
)

// OptionsFile is the import path of sfn's options file.
const OptionsFile = "sfn/v1/sfn.proto"

//go:embed sfn/v1/sfn.proto
var optionsSource []byte

// OptionsSource returns the text of sfn/v1/sfn.proto as the compiler ships it.
func OptionsSource() []byte { return bytes.Clone(optionsSource) }

// Extension is the file extension of sfn schemas; a directory argument loads every file with it.
const Extension = ".sfn"

// Options tells Load where to look.
type Options struct {
	// ImportPaths are the roots that import statements resolve against, as protoc's -I.
	// When empty, the directory of each file named on the command line is a root, so a schema
	// imports its neighbours by file name.
	ImportPaths []string
}

// Set is the linked result of one Load: the files asked for and everything they import.
type Set struct {
	// Files are the files named by Load's arguments, in argument order (a directory's files
	// sorted by name).
	Files []protoreflect.FileDescriptor
	// All holds every linked file: the named ones and their imports, the standard and sfn
	// option files included, each once.
	All []protoreflect.FileDescriptor

	display map[string]string
}

// DisplayPath returns the path to show a user for a file's import name: the path on disk as
// the user would type it, or the import name itself for files the compiler supplies.
func (s *Set) DisplayPath(name string) string {
	if p, ok := s.display[name]; ok {
		return p
	}
	return name
}

// Load parses and links the given .sfn files and directories. It returns the linked set, or
// every syntax, resolution and link error found, sorted. A nil Set comes with a non-empty list.
func Load(ctx context.Context, args []string, opts Options) (*Set, diag.List) {
	var diags diag.List
	inputs, err := expand(args)
	if err != nil {
		diags.Add(diag.Pos{}, "%v", err)
		return nil, diags
	}
	if len(inputs) == 0 {
		diags.Add(diag.Pos{}, "no %s files found in %s", Extension, strings.Join(args, ", "))
		return nil, diags
	}
	roots := opts.ImportPaths
	if len(roots) == 0 {
		roots = dirsOf(inputs)
	}
	l := &loader{roots: roots, display: map[string]string{}}
	var names []string
	for _, in := range inputs {
		name, ok := l.nameOf(in)
		if !ok {
			diags.Add(diag.Pos{File: in}, "file is not under any import path (-I %s)", strings.Join(roots, ", -I "))
			continue
		}
		if prev, dup := l.display[name]; dup && prev != in {
			diags.Add(diag.Pos{File: in}, "file has the same import name %q as %s", name, prev)
			continue
		}
		l.display[name] = in
		names = append(names, name)
	}
	if len(diags) > 0 {
		return nil, diags
	}
	files, errs := l.compile(ctx, names)
	diags = append(diags, errs...)
	if len(diags) > 0 {
		diags.Sort()
		return nil, diags
	}
	set := &Set{display: l.display}
	seen := map[string]bool{}
	var walk func(fd protoreflect.FileDescriptor)
	walk = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := 0; i < imports.Len(); i++ {
			walk(imports.Get(i).FileDescriptor)
		}
		set.All = append(set.All, fd)
	}
	for _, f := range files {
		set.Files = append(set.Files, f)
		walk(f)
	}
	return set, nil
}

// expand turns file and directory arguments into the list of schema files, keeping argument
// order and sorting each directory's files, without repeats.
func expand(args []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or directory", arg)
			}
			return nil, err
		}
		if !info.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, Extension) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}

func dirsOf(files []string) []string {
	var dirs []string
	seen := map[string]bool{}
	for _, f := range files {
		d := filepath.Dir(f)
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// loader resolves import names against the roots and remembers where each file came from,
// so diagnostics show the path the user knows.
type loader struct {
	roots []string

	mu      sync.Mutex
	display map[string]string
	// What the scan of each schema file read from disk found, by import name.
	sources map[string][]byte     // the text given to protocompile, bad map keys rewritten
	proto2  map[string]diag.Pos   // files in proto2, at their syntax statement
	noSyn   map[string]bool       // of those, files without a syntax statement
	mapKeys map[string][]mapKey   // map fields whose key type protobuf's grammar rejects
	shifts  map[string][]colShift // column shifts the rewriting caused
}

// nameOf returns the import name of a file on disk: its path relative to the first root that
// holds it, with forward slashes.
func (l *loader) nameOf(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	for _, root := range l.roots {
		r, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(r, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		return filepath.ToSlash(rel), true
	}
	return "", false
}

func (l *loader) open(name string) (io.ReadCloser, error) {
	if name == OptionsFile {
		return io.NopCloser(bytes.NewReader(optionsSource)), nil
	}
	l.mu.Lock()
	known, ok := l.display[name]
	l.mu.Unlock()
	if ok {
		return l.read(name, known)
	}
	for _, root := range l.roots {
		p := filepath.Join(root, filepath.FromSlash(name))
		rc, err := l.read(name, p)
		if err == nil {
			l.mu.Lock()
			l.display[name] = p
			l.mu.Unlock()
			return rc, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fs.ErrNotExist
}

// read reads a schema file from disk and scans it before protocompile sees it: a proto2
// file is noted, so that sfn's message replaces protocompile's errors for it, and a map key
// that is a message, an enum, or float, double or bytes, a syntax error in protobuf's
// grammar, is noted and rewritten as string so the rest of the file still links and reports.
func (l *loader) read(name, path string) (io.ReadCloser, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	toks := tokenize(src)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sources == nil {
		l.sources = map[string][]byte{}
		l.proto2 = map[string]diag.Pos{}
		l.noSyn = map[string]bool{}
		l.mapKeys = map[string][]mapKey{}
		l.shifts = map[string][]colShift{}
	}
	if syntax, line, col := syntaxOf(toks); (syntax == "" || syntax == "proto2") && !strings.HasPrefix(name, "google/protobuf/") {
		l.proto2[name] = diag.Pos{Line: line, Col: col}
		l.noSyn[name] = syntax == ""
	} else if keys := badMapKeys(toks); len(keys) > 0 {
		l.mapKeys[name] = keys
		src, l.shifts[name] = replaceMapKeys(src, keys)
	}
	l.sources[name] = src
	return io.NopCloser(bytes.NewReader(src)), nil
}

func (l *loader) compile(ctx context.Context, names []string) ([]linker.Result, diag.List) {
	var diags diag.List
	var (
		mu   sync.Mutex
		errs []reporter.ErrorWithPos
	)
	rep := reporter.NewReporter(func(err reporter.ErrorWithPos) error {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
		return nil // keep going: report every error of the run
	}, nil)
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: l.open,
		}),
		Reporter:       rep,
		SourceInfoMode: protocompile.SourceInfoStandard | protocompile.SourceInfoExtraOptionLocations,
	}
	files, err := c.Compile(ctx, names...)
	if err != nil && !errors.Is(err, reporter.ErrInvalidSource) {
		// Errors the reporter never sees (an import that cannot be found, a cancelled
		// context) come back here alone.
		var ewp reporter.ErrorWithPos
		if errors.As(err, &ewp) {
			errs = append(errs, ewp)
		} else {
			diags.Add(diag.Pos{}, "%v", err)
		}
	}
	diags = append(diags, l.report(errs)...)
	if len(diags) > 0 {
		return nil, diags
	}
	out := make([]linker.Result, len(files))
	for i, f := range files {
		out[i] = f.(linker.Result)
	}
	return out, nil
}
