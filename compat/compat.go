package compat

import (
	"fmt"
	"sort"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/schema"
)

// Schema is one side of a comparison: a compiled package and the numbers of its fields and
// enum values.
type Schema struct {
	Package *ir.Package
	// numbers maps "pkg.Message.field" and "pkg.Enum.VALUE" to the declared number.
	numbers map[string]int32
}

// NewSchema pairs a compiled package with the descriptors it was compiled from. set may be
// nil (for an IR built by hand); then a renamed field reads as one removed and one added.
func NewSchema(set *schema.Set, pkg *ir.Package) *Schema {
	s := &Schema{Package: pkg, numbers: map[string]int32{}}
	if set == nil {
		return s
	}
	enums := func(eds protoreflect.EnumDescriptors) {
		for i := 0; i < eds.Len(); i++ {
			ed := eds.Get(i)
			for j := 0; j < ed.Values().Len(); j++ {
				vd := ed.Values().Get(j)
				s.numbers[string(ed.FullName())+"."+string(vd.Name())] = int32(vd.Number())
			}
		}
	}
	var messages func(mds protoreflect.MessageDescriptors)
	messages = func(mds protoreflect.MessageDescriptors) {
		for i := 0; i < mds.Len(); i++ {
			md := mds.Get(i)
			for j := 0; j < md.Fields().Len(); j++ {
				fd := md.Fields().Get(j)
				s.numbers[string(md.FullName())+"."+string(fd.Name())] = int32(fd.Number())
			}
			enums(md.Enums())
			messages(md.Messages())
		}
	}
	for _, fd := range set.All {
		enums(fd.Enums())
		messages(fd.Messages())
	}
	return s
}

// number returns the declared number of member name of the type full, or 0 when unknown.
func (s *Schema) number(full, name string) int32 { return s.numbers[full+"."+name] }

// Options tune a comparison.
type Options struct {
	// Rolling adds the reverse direction: clients built from the new schema calling a server
	// built from the old one, as during a rolling deploy.
	Rolling bool
}

// Change is one breaking change.
type Change struct {
	// Pos is the place in the new schema, or in the old one for something removed.
	Pos diag.Pos
	// Function is the function's full name, "todo.v1.Todos.add_todo".
	Function string
	// Part is "arguments", "result" or "error", or empty for the function itself.
	Part string
	// Field is the path of the field within the part, "items[].title", "tags{}" for a map's
	// values, "tags{key}" for its keys; empty for the part as a whole.
	Field string
	// Message says what changed, "type changed from string to int64".
	Message string
	// Rule names the rule of SPEC section 10 that the change breaks, for tools.
	Rule string
	// Rolling is set for changes that break only new clients calling an old server.
	Rolling bool
}

// Path is the part and the field joined, "arguments.items[].title".
func (c Change) Path() string { return joinPath(c.Part, c.Field) }

// Text is the change without its position:
// `function "todo.v1.Todos.add_todo": arguments field "title": type changed from string to int64`.
func (c Change) Text() string {
	s := fmt.Sprintf("function %q: ", c.Function)
	switch {
	case c.Part != "" && c.Field != "":
		s += fmt.Sprintf("%s field %q: ", c.Part, c.Field)
	case c.Part != "":
		s += c.Part + ": "
	}
	s += c.Message
	if c.Rolling {
		s += " (rolling deploy: a new client calling an old server)"
	}
	return s
}

// String formats the change as a diagnostic, "file.sfn:12:3: function ...".
func (c Change) String() string { return diag.Diagnostic{Pos: c.Pos, Msg: c.Text()}.String() }

// Compare lists the changes from old to new that break old clients calling a new server
// (and, with opts.Rolling, new clients calling an old server), sorted by position and text,
// without duplicates. Only the functions of files named on the command line are compared.
func Compare(old, new *Schema, opts Options) []Change {
	c := &comparer{old: old, new: new, pairs: map[pairKey]*pair{}}
	c.functions(false)
	if opts.Rolling {
		c.functions(true)
	}
	c.markDirty()
	out := append([]Change(nil), c.top...)
	for _, r := range c.roots {
		out = append(out, c.collect(r)...)
	}
	return Sort(out)
}

// Sort orders changes by position, then text, and removes duplicates, and the rolling twin of
// a change that breaks both directions (a type changed from string to int64), which is
// reported once without the rolling note. Compare's result is sorted; a caller that rewrites
// positions sorts again.
func Sort(out []Change) []Change {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		return a.Text() < b.Text()
	})
	both := map[Change]bool{}
	for _, ch := range out {
		if !ch.Rolling {
			both[ch] = true
		}
	}
	dedup := out[:0]
	for i, ch := range out {
		if i > 0 && ch == out[i-1] {
			continue
		}
		if twin := ch; ch.Rolling {
			twin.Rolling = false
			if both[twin] {
				continue
			}
		}
		dedup = append(dedup, ch)
	}
	return dedup
}

// fn is a function with its service's names.
type fn struct {
	*ir.Func
	service *ir.Service
}

func (f fn) fullName() string { return f.service.FullName + "." + f.Name }

func functionsOf(pkg *ir.Package) []fn {
	var out []fn
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		for _, s := range f.Services {
			for _, x := range s.Funcs {
				out = append(out, fn{x, s})
			}
		}
	}
	return out
}

// match pairs old functions with new ones by service and function name; a function whose
// service's package was renamed is matched by the service's short name, when that is
// unambiguous, so that the report says its path changed rather than that it went away.
func match(olds, news []fn) (pairs [][2]*fn, removed, added []*fn) {
	byFull := map[string]*fn{}
	for i := range news {
		byFull[news[i].fullName()] = &news[i]
	}
	used := map[*fn]bool{}
	var rest []*fn
	for i := range olds {
		o := &olds[i]
		if n, ok := byFull[o.fullName()]; ok {
			pairs = append(pairs, [2]*fn{o, n})
			used[n] = true
			continue
		}
		rest = append(rest, o)
	}
	short := func(f *fn) string { return f.service.Name + "." + f.Name }
	count := map[string]int{}
	byShort := map[string]*fn{}
	for i := range news {
		n := &news[i]
		if !used[n] {
			count[short(n)]++
			byShort[short(n)] = n
		}
	}
	oldCount := map[string]int{}
	for _, o := range rest {
		oldCount[short(o)]++
	}
	for _, o := range rest {
		k := short(o)
		if count[k] == 1 && oldCount[k] == 1 {
			pairs = append(pairs, [2]*fn{o, byShort[k]})
			used[byShort[k]] = true
			continue
		}
		removed = append(removed, o)
	}
	for i := range news {
		if !used[&news[i]] {
			added = append(added, &news[i])
		}
	}
	return pairs, removed, added
}

// functions compares every function in one direction: old clients and a new server, or
// (rolling) new clients and an old server.
func (c *comparer) functions(rolling bool) {
	olds, news := functionsOf(c.old.Package), functionsOf(c.new.Package)
	pairs, removed, added := match(olds, news)
	report := func(pos diag.Pos, f *fn, rule, format string, args ...any) {
		c.top = append(c.top, Change{Pos: pos, Function: f.fullName(), Message: fmt.Sprintf(format, args...), Rule: rule, Rolling: rolling})
	}
	// The function-level changes break both directions alike; they are reported once, in
	// the main one. Only a function added breaks just the rolling direction.
	if !rolling {
		for _, o := range removed {
			report(o.Pos, o, "function-removed", "removed")
		}
	} else {
		for _, n := range added {
			report(n.Pos, n, "function-added", "added, and an old server does not serve it")
		}
	}
	if rolling {
		report = func(diag.Pos, *fn, string, string, ...any) {}
	}
	for _, p := range pairs {
		o, n := p[0], p[1]
		name := n
		if o.Path != n.Path {
			report(n.Pos, name, "path-changed", "path changed from %q to %q", o.Path, n.Path)
		}
		if o.Encoding != n.Encoding {
			report(n.Pos, name, "encoding-changed", "encoding changed from %s to %s", o.Encoding, n.Encoding)
			continue // every value travels differently; the fields' rules no longer apply
		}
		// Arguments: the client writes, the server reads.
		client, server := o, n
		if rolling {
			client, server = n, o
		}
		c.root(name, "arguments", rolling, c.messagePair(client.Input, server.Input, n.Encoding.ArgsFormat(), !rolling))
		switch {
		case o.Unit && !n.Unit:
			report(n.Pos, name, "result-changed", "result changed from () to %s", n.Output)
		case !o.Unit && n.Unit:
			report(n.Pos, name, "result-changed", "result changed from %s to ()", o.Output)
		case !o.Unit:
			// Results: the server writes, the client reads.
			c.root(name, "result", rolling, c.typePair(server.Output, client.Output, n.Encoding.ResultFormat(), rolling, n.Pos))
		}
		switch {
		case o.Error == nil && n.Error != nil:
			report(n.Pos, name, "error-added", "typed error %s added; old clients read its body as text", n.Error.FullName)
		case o.Error != nil && n.Error == nil:
			report(n.Pos, name, "error-removed", "typed error %s removed; old clients cannot decode the text errors", o.Error.FullName)
		case o.Error != nil:
			if o.Error.Error.Format != n.Error.Error.Format {
				report(n.Error.Pos, name, "error-changed", "typed error %s encoding changed from %s to %s", n.Error.FullName, o.Error.Error.Format, n.Error.Error.Format)
				continue
			}
			c.root(name, "error", rolling, c.errorPair(server.Error, client.Error, rolling))
		}
	}
}

// root remembers a function part's pair for collecting.
func (c *comparer) root(f *fn, part string, rolling bool, p *pair) {
	c.roots = append(c.roots, root{function: f.fullName(), part: part, rolling: rolling, pair: p})
}

// collect lists the findings reachable from r's pair, each with the shortest field path that
// reaches it. Only dirty pairs (with a finding somewhere below) are entered.
func (c *comparer) collect(r root) []Change {
	var out []Change
	type item struct {
		p    *pair
		path string
	}
	seen := map[*pair]bool{r.pair: true}
	queue := []item{{r.pair, ""}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, f := range it.p.direct {
			out = append(out, Change{
				Pos: f.pos, Function: r.function, Part: r.part, Field: joinPath(it.path, f.path),
				Message: f.msg, Rule: f.rule, Rolling: r.rolling,
			})
		}
		for _, e := range it.p.edges {
			if e.to.dirty && !seen[e.to] {
				seen[e.to] = true
				queue = append(queue, item{e.to, joinPath(it.path, e.path)})
			}
		}
	}
	return out
}

// joinPath appends a field path to another: "items" and "title" give "items.title", "items"
// and "[]" give "items[]".
func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case b[0] == '[' || b[0] == '{':
		return a + b
	}
	return a + "." + b
}
