package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// gitSnapshot is a temporary copy of the schema paths as they were at a git revision, for
// "sfn breaking --against-git".
type gitSnapshot struct {
	dir   string
	args  []string // the schema arguments that existed at the revision, inside dir
	roots []string // the -I roots, inside dir
	// names maps a path inside dir to the path the user typed for it, longest first.
	names [][2]string
}

func (s *gitSnapshot) remove() { os.RemoveAll(s.dir) }

// display turns the snapshot's paths in s (a file name or a message) back into the paths the
// user typed.
func (s *gitSnapshot) display(text string) string {
	for _, n := range s.names {
		text = strings.ReplaceAll(text, n[0], n[1])
	}
	return text
}

// snapshot copies the schema arguments, the directories they import from (each file's own
// directory, or the -I roots) at the revision ref into a temporary directory with
// "git archive". On failure it prints why and returns nil with the exit code.
func snapshot(e *env, ref string, args, roots []string) (*gitSnapshot, int) {
	fail := func(code int, format string, a ...any) (*gitSnapshot, int) {
		fmt.Fprintf(e.stderr, "sfn breaking: "+format+"\n", a...)
		return nil, code
	}
	start := args[0]
	if info, err := os.Stat(start); err != nil || !info.IsDir() {
		start = filepath.Dir(start)
	}
	if strings.HasPrefix(ref, "-") {
		return fail(exitUsage, "--against-git: %q is not a revision", ref)
	}
	top, err := git(e.ctx, start, "rev-parse", "--show-toplevel")
	if err != nil {
		return fail(exitUser, "--against-git needs the schemas in a git working tree: %v", err)
	}
	top = strings.TrimSpace(top)
	if _, err := git(e.ctx, top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return fail(exitUsage, "--against-git: %q is not a revision of the repository at %s", ref, top)
	}
	rel := func(p string) (string, error) {
		abs, err := filepath.Abs(p)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			return "", err
		}
		r, err := filepath.Rel(top, abs)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("%s is not in the git working tree %s", p, top)
		}
		return filepath.ToSlash(r), nil
	}

	dir, err := os.MkdirTemp("", "sfn-breaking-")
	if err != nil {
		return fail(exitUser, "%v", err)
	}
	s := &gitSnapshot{dir: dir}
	// What to copy: each argument, and the directories its imports resolve against.
	inDir := func(r string) string { return filepath.Join(dir, filepath.FromSlash(r)) }
	var copies []string
	argRels := make([]string, len(args))
	for i, a := range args {
		r, err := rel(a)
		if err != nil {
			s.remove()
			return fail(exitUser, "%v", err)
		}
		argRels[i] = r
		copies = append(copies, r)
		s.names = append(s.names, [2]string{inDir(r), filepath.Clean(a)})
		if info, err := os.Stat(a); err == nil && !info.IsDir() && len(roots) == 0 {
			copies = append(copies, pathDir(r))
			s.names = append(s.names, [2]string{inDir(pathDir(r)), filepath.Dir(a)})
		}
	}
	for _, root := range roots {
		r, err := rel(root)
		if err != nil {
			s.remove()
			return fail(exitUser, "%v", err)
		}
		copies = append(copies, r)
		s.roots = append(s.roots, inDir(r))
		s.names = append(s.names, [2]string{inDir(r), filepath.Clean(root)})
	}
	// Paths that did not exist at ref are new: there is nothing to copy.
	var present []string
	seen := map[string]bool{}
	for _, c := range copies {
		if seen[c] {
			continue
		}
		seen[c] = true
		if _, err := git(e.ctx, top, "cat-file", "-e", ref+":"+treePath(c)); err == nil {
			present = append(present, c)
		}
	}
	if len(present) > 0 {
		if err := gitArchive(e.ctx, top, ref, present, dir); err != nil {
			s.remove()
			return fail(exitUser, "reading %s at %s: %v", strings.Join(present, ", "), ref, err)
		}
	}
	for _, r := range argRels {
		if p := inDir(r); hasSchemas(p) {
			s.args = append(s.args, p)
		}
	}
	sort.SliceStable(s.names, func(i, j int) bool { return len(s.names[i][0]) > len(s.names[j][0]) })
	return s, exitOK
}

// treePath spells a path relative to the repository's top for "REV:path": the top is "".
func treePath(p string) string {
	if p == "." {
		return ""
	}
	return p
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

// hasSchemas reports whether p is a schema file, or a directory holding one.
func hasSchemas(p string) bool {
	info, err := os.Stat(p)
	if err != nil {
		return false
	}
	if !info.IsDir() {
		return true
	}
	found := false
	filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(q, ".sfn") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return stdout.String(), nil
}

// gitArchive extracts paths (relative to the repository's top) at ref into dir. Only regular
// files are written, and none outside dir.
func gitArchive(ctx context.Context, top, ref string, paths []string, dir string) error {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", top, "archive", "--format=tar", ref, "--"}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	extractErr := extractTar(out, dir)
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return errors.New(msg)
		}
		return err
	}
	return extractErr
}

func extractTar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}
