package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sfn-dev/sfn/internal/config"
	"github.com/sfn-dev/sfn/schema"
)

// watchDebounce is how long sfn generate --watch waits after the last change before it
// generates: an editor's save is often several events (write, chmod, rename), and a checkout
// changes many files at once.
const watchDebounce = 100 * time.Millisecond

// runWatch is sfn generate --watch: generate, then again after every change to a schema or
// the config file, until the context ends (SIGINT in cmd/sfn), which is a normal exit.
//
// It watches directories, not files: editors that save by writing a new file and renaming it
// over the old one replace the file a watch on it would follow, while the directory sees the
// new name appear. The directories are those of the inputs (an input directory and every
// directory below it), of the import roots the same way, and the config file's; after each
// run new ones are added, so a new subdirectory of schemas is picked up.
func (g *generateCmd) runWatch(e *env, args []string) int {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn generate: --watch: %v\n", err)
		return exitUser
	}
	defer w.Close()
	watched := map[string]bool{}
	watch := func(d string) {
		if !watched[d] {
			if err := w.Add(d); err == nil {
				watched[d] = true
			}
		}
	}
	// The config file, once known; watched even while it does not load, so a fix is seen.
	var cfgPath string
	if len(args) == 0 {
		cfgPath = g.pf.configFile
		if cfgPath == "" {
			cfgPath, _ = config.Find(".")
		}
	}
	round := func() int {
		code, p := g.run(e, args)
		if p != nil {
			if p.cfg != nil {
				cfgPath = p.cfg.Path
			}
			for _, d := range watchDirs(p) {
				watch(d)
			}
		}
		if cfgPath != "" {
			watch(filepath.Clean(filepath.Dir(cfgPath)))
		}
		dirs := fmt.Sprintf("%d directories", len(watched))
		if len(watched) == 1 {
			dirs = "1 directory"
		}
		if code == exitOK {
			fmt.Fprintf(e.stderr, "sfn generate: up to date; watching %s (Ctrl-C stops)\n", dirs)
		} else if len(watched) > 0 {
			fmt.Fprintf(e.stderr, "sfn generate: watching %s for a fix (Ctrl-C stops)\n", dirs)
		}
		return code
	}
	// A wrong command line, or nothing to watch, ends the command at once; a mistake in a
	// schema or in the config file is waited out.
	if code := round(); code == exitUsage || len(watched) == 0 {
		return code
	}
	relevant := func(name string) bool {
		if cfgPath != "" && filepath.Clean(name) == filepath.Clean(cfgPath) {
			return true
		}
		return strings.HasSuffix(name, schema.Extension) || strings.HasSuffix(name, ".proto")
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return exitOK
		case ev, ok := <-w.Events:
			if !ok {
				return exitOK
			}
			if ev.Op&fsnotify.Create != 0 {
				// A new directory below a watched input directory may hold schemas.
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !skipDir(info.Name()) {
					timer.Reset(watchDebounce)
					continue
				}
			}
			if ev.Op == fsnotify.Chmod || !relevant(ev.Name) {
				continue
			}
			timer.Reset(watchDebounce)
		case err, ok := <-w.Errors:
			if !ok {
				return exitOK
			}
			fmt.Fprintf(e.stderr, "sfn generate: --watch: %v\n", err)
		case <-timer.C:
			round()
		}
	}
}

// watchDirs returns the directories to watch for the project.
func watchDirs(p *project) []string {
	var dirs []string
	seen := map[string]bool{}
	add := func(d string) {
		d = filepath.Clean(d)
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	walk := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			add(path)
			return nil
		})
	}
	for _, t := range p.targets {
		for _, in := range t.Inputs {
			if info, err := os.Stat(in); err == nil && info.IsDir() {
				walk(in)
			} else {
				add(filepath.Dir(in))
			}
		}
		for _, root := range t.ImportPaths {
			walk(root)
		}
	}
	if p.cfg != nil {
		add(p.cfg.Dir)
	}
	return dirs
}

// skipDir reports whether a directory below a watched one is left out: hidden ones (.git)
// and node_modules, which hold no schemas and many files.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}
