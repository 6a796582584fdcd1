package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sfn-dev/sfn/diag"
)

// parser walks the YAML node tree by hand rather than decoding into structs: that way every
// unknown key and bad value is reported at its own line and column, all in one run, with a
// "did you mean" for a misspelt key.
type parser struct {
	file  string
	dir   string
	diags diag.List
}

func (p *parser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.file, Line: n.Line, Col: n.Column}
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.diags.Add(p.pos(n), format, args...)
}

// yamlLine finds the line in the YAML library's syntax errors ("yaml: line 3: ..."), which
// carry no column: the message is placed at column 1 of that line.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) parse(data []byte, c *Config) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		pos := diag.Pos{File: p.file}
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			pos.Col = 1
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		p.diags.Add(pos, "syntax error: %s", msg)
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.diags.Add(diag.Pos{File: p.file}, "the file is empty; it needs at least version and targets (see docs/config.md)")
		return
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "want a mapping with the keys version and targets, not %s", describe(root))
		return
	}
	fields := p.mapping(root, "", []string{"version", "targets"})
	if v, ok := fields["version"]; !ok {
		p.errorf(root, "missing key \"version\" (the format's version: write version: %d)", Version)
	} else if n, ok := p.integer(v, "version"); ok {
		if n != Version {
			p.errorf(v, "version %d is not supported: this sfn reads version %d", n, Version)
		}
		c.Version = n
	}
	ts, ok := fields["targets"]
	if !ok {
		p.errorf(root, "missing key \"targets\" (a list of targets, each with inputs and outputs)")
		return
	}
	if ts.Kind != yaml.SequenceNode || len(ts.Content) == 0 {
		p.errorf(ts, "targets: want a list of one or more targets, not %s", describe(ts))
		return
	}
	names := map[string]diag.Pos{}
	for _, tn := range ts.Content {
		t, ok := p.target(resolve(tn))
		if !ok {
			continue
		}
		if t.Name != "" {
			if prev, dup := names[t.Name]; dup {
				p.diags.Add(t.Pos, "target name %q already used at %s", t.Name, prev)
				continue
			}
			names[t.Name] = t.Pos
		}
		c.Targets = append(c.Targets, t)
	}
}

var targetKeys = []string{"name", "inputs", "import_paths", "go", "ts"}

func (p *parser) target(n *yaml.Node) (Target, bool) {
	t := Target{Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "target: want a mapping with the keys %s, not %s", diag.OrList(targetKeys), describe(n))
		return t, false
	}
	before := len(p.diags)
	fields := p.mapping(n, "target ", targetKeys)
	if v, ok := fields["name"]; ok {
		if s, ok := p.str(v, "name"); ok {
			if s == "" || strings.ContainsAny(s, " \t\n,") {
				p.errorf(v, "name: want a name without spaces or commas, not %q", s)
			}
			t.Name = s
		}
	}
	if v, ok := fields["inputs"]; ok {
		t.Inputs = p.paths(v, "inputs", true)
		if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
			p.errorf(v, "inputs: want one or more .sfn files or directories")
		}
	} else {
		p.errorf(n, "target: missing key \"inputs\" (the .sfn files or directories to read)")
	}
	if v, ok := fields["import_paths"]; ok {
		t.ImportPaths = p.paths(v, "import_paths", false)
	}
	if v, ok := fields["go"]; ok {
		if f := p.output(v, "go", []string{"out", "module"}); f != nil {
			t.Go = &GoOutput{Out: p.outDir(f, v, "go")}
			if m, ok := f["module"]; ok {
				if s, ok := p.str(m, "go.module"); ok {
					if s == "" || strings.ContainsAny(s, " \t") {
						p.errorf(m, "go.module: want a Go module path, not %q", s)
					}
					t.Go.Module = s
				}
			}
		}
	}
	if v, ok := fields["ts"]; ok {
		if f := p.output(v, "ts", []string{"out", "bigint"}); f != nil {
			t.TS = &TSOutput{Out: p.outDir(f, v, "ts")}
			if b, ok := f["bigint"]; ok {
				t.TS.BigInt, _ = p.boolean(b, "ts.bigint")
			}
		}
	}
	return t, len(p.diags) == before
}

// output checks an output section's mapping and returns its fields, or nil.
func (p *parser) output(n *yaml.Node, what string, keys []string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping with the keys %s, not %s", what, diag.OrList(keys), describe(n))
		return nil
	}
	return p.mapping(n, what+" ", keys)
}

func (p *parser) outDir(f map[string]*yaml.Node, n *yaml.Node, what string) string {
	v, ok := f["out"]
	if !ok {
		p.errorf(n, "%s: missing key \"out\" (the directory to write below)", what)
		return ""
	}
	s, ok := p.str(v, what+".out")
	if !ok {
		return ""
	}
	if s == "" {
		p.errorf(v, "%s.out: want a directory, not \"\" (write . for the config file's own)", what)
		return ""
	}
	return p.resolvePath(s)
}

// mapping returns a mapping's values by key, reporting keys that are not in known (with a
// suggestion) and keys given twice.
func (p *parser) mapping(n *yaml.Node, what string, known []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%skey: want a name, not %s", what, describe(k))
			continue
		}
		if prev, dup := keys[k.Value]; dup {
			p.errorf(k, "key %q already given at %s", k.Value, p.pos(prev))
			continue
		}
		keys[k.Value] = k
		if !slices.Contains(known, k.Value) {
			hint := diag.DidYouMean(diag.Suggest(k.Value, known))
			if hint == "" {
				hint = "; the keys are " + diag.OrList(quoteAll(known))
			}
			p.errorf(k, "unknown %skey %q%s", what, k.Value, hint)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (p *parser) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v, true
		}
	}
	p.errorf(n, "%s: want an integer, not %s", what, describe(n))
	return 0, false
}

func (p *parser) boolean(n *yaml.Node, what string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		if v, err := strconv.ParseBool(n.Value); err == nil {
			return v, true
		}
	}
	p.errorf(n, "%s: want true or false, not %s", what, describe(n))
	return false, false
}

func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		return n.Value, true
	}
	p.errorf(n, "%s: want a string, not %s", what, describe(n))
	return "", false
}

// paths reads a list of paths, resolves them against the config file's directory and checks
// that each exists (a directory, for import roots).
func (p *parser) paths(n *yaml.Node, what string, filesToo bool) []string {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list of paths, not %s", what, describe(n))
		return nil
	}
	var out []string
	for _, e := range n.Content {
		e = resolve(e)
		s, ok := p.str(e, what+" entry")
		if !ok {
			continue
		}
		if s == "" {
			p.errorf(e, "%s: want a path, not \"\"", what)
			continue
		}
		full := p.resolvePath(s)
		info, err := os.Stat(full)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.errorf(e, "%s: %s does not exist", what, full)
			continue
		case err != nil:
			p.errorf(e, "%s: %v", what, err)
			continue
		case !filesToo && !info.IsDir():
			p.errorf(e, "%s: %s is not a directory", what, full)
			continue
		}
		out = append(out, full)
	}
	return out
}

// resolvePath makes a path from the file relative to the file's directory.
func (p *parser) resolvePath(s string) string {
	s = filepath.FromSlash(s)
	if filepath.IsAbs(s) {
		return filepath.Clean(s)
	}
	return filepath.Join(p.dir, s)
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describe says what a node is, for "want X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return strconv.Quote(n.Value)
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		return n.Value
	}
	return "this"
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	sort.Strings(out)
	return out
}
