package compat

import (
	"fmt"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
)

// comparer holds one comparison: the pairs of types compared so far, each once per
// direction, and what each function reports.
type comparer struct {
	old, new *Schema
	pairs    map[pairKey]*pair
	all      []*pair
	top      []Change // function-level changes
	roots    []root
}

// root is where a function's part (arguments, result, error) starts in the pair graph.
type root struct {
	function, part string
	rolling        bool
	pair           *pair
}

type pairKind uint8

const (
	kindMessage pairKind = iota
	kindEnum
	kindError
)

// pairKey identifies a comparison: a writer's type, a reader's type, the format between them
// and which of the two is the old schema's.
type pairKey struct {
	kind        pairKind
	w, r        any
	format      ir.Format
	writerIsOld bool
}

// pair is the result of comparing two types: the findings about their own members, and edges
// to the pairs of the types they contain.
type pair struct {
	direct []finding
	edges  []edge
	// dirty is set when a finding is reachable from the pair.
	dirty bool
}

type finding struct {
	path      string // relative to the pair's types
	pos       diag.Pos
	msg, rule string
}

type edge struct {
	path string
	to   *pair
}

func (p *pair) add(path string, pos diag.Pos, rule, format string, args ...any) {
	p.direct = append(p.direct, finding{path: path, pos: pos, rule: rule, msg: fmt.Sprintf(format, args...)})
}

// dir is the direction of a comparison: the format values travel in, and whether the writer
// is the old schema (old clients' arguments, an old server's results when rolling).
type dir struct {
	format      ir.Format
	writerIsOld bool
}

// oldNew orders a writer's and a reader's things as old and new.
func oldNew[T any](d dir, w, r T) (old, new T) {
	if d.writerIsOld {
		return w, r
	}
	return r, w
}

func (c *comparer) lookup(key pairKey) (*pair, bool) {
	if p, ok := c.pairs[key]; ok {
		return p, true
	}
	p := &pair{}
	c.pairs[key] = p
	c.all = append(c.all, p)
	return p, false
}

// writer and reader return the schemas the writer's and the reader's types come from.
func (c *comparer) writer(d dir) *Schema {
	if d.writerIsOld {
		return c.old
	}
	return c.new
}

func (c *comparer) reader(d dir) *Schema {
	if d.writerIsOld {
		return c.new
	}
	return c.old
}

// markDirty marks every pair from which a finding can be reached, walking the edges
// backwards from the pairs that have findings: linear in the pairs and edges.
func (c *comparer) markDirty() {
	back := map[*pair][]*pair{}
	var queue []*pair
	for _, p := range c.all {
		for _, e := range p.edges {
			back[e.to] = append(back[e.to], p)
		}
		if len(p.direct) > 0 {
			p.dirty = true
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range back[p] {
			if !q.dirty {
				q.dirty = true
				queue = append(queue, q)
			}
		}
	}
}

// typePair compares a result type: a message pair, or for the well-known result types
// (Timestamp, wrappers) a pair of its own.
func (c *comparer) typePair(w, r *ir.Type, format ir.Format, writerIsOld bool, pos diag.Pos) *pair {
	if w.Kind == ir.KindMessage && r.Kind == ir.KindMessage {
		return c.messagePair(w.Message, r.Message, format, writerIsOld)
	}
	p := &pair{}
	d := dir{format, writerIsOld}
	if !c.values(p, d, "", w, r) {
		c.typeChanged(p, d, "", pos, w, r)
	}
	return p
}

// messagePair compares a message written as w and read as r.
func (c *comparer) messagePair(w, r *ir.Message, format ir.Format, writerIsOld bool) *pair {
	p, done := c.lookup(pairKey{kindMessage, w, r, format, writerIsOld})
	if done {
		return p
	}
	d := dir{format, writerIsOld}
	_, newM := oldNew(d, w, r)
	if w.Transparent != r.Transparent {
		verb := "removed from"
		if newM.Transparent {
			verb = "added to"
		}
		p.add("", newM.Pos, "transparent-changed", "(sfn.v1.transparent) %s message %s", verb, newM.FullName)
		return p
	}
	if w.Transparent {
		// On the wire the message is its one field's value: the field's name is not there.
		if len(w.Fields) == 1 && len(r.Fields) == 1 {
			_, nf := oldNew(d, w.Fields[0], r.Fields[0])
			c.field(p, d, nf.Name, w, r, w.Fields[0], r.Fields[0])
		}
		return p
	}
	c.fields(p, d, w, r)
	return p
}

// fields compares the fields of two messages, matched by wire name, then by declared name
// (a json_name changed), then by number (a field renamed).
func (c *comparer) fields(p *pair, d dir, w, r *ir.Message) {
	matched := matchMembers(len(w.Fields), len(r.Fields),
		func(i int) string { return w.Fields[i].WireName }, func(i int) string { return r.Fields[i].WireName },
		func(i int) string { return w.Fields[i].Name }, func(i int) string { return r.Fields[i].Name },
		func(i int) int32 { return fieldNumber(c.writer(d), w, w.Fields[i]) },
		func(i int) int32 { return fieldNumber(c.reader(d), r, r.Fields[i]) })
	for ri, rf := range r.Fields {
		wi, ok := matched[ri]
		if !ok {
			c.missing(p, d, rf)
			continue
		}
		wf := w.Fields[wi]
		of, nf := oldNew(d, wf, rf)
		if wf.WireName != rf.WireName {
			p.add(nf.Name, nf.Pos, "wire-name-changed", "wire name changed from %q to %q", of.WireName, nf.WireName)
			continue
		}
		c.field(p, d, nf.Name, w, r, wf, rf)
	}
}

// fieldNumber is a field's number; a oneof, which has none, goes by its first member's.
func fieldNumber(s *Schema, m *ir.Message, f *ir.Field) int32 {
	if f.Oneof != nil {
		if len(f.Oneof.Variants) == 0 {
			return 0
		}
		return s.number(m.FullName, f.Oneof.Variants[0].Name)
	}
	return s.number(m.FullName, f.Name)
}

// missing reports a field the reader has and the writer does not write, unless the reader
// does without it: an optional field or a oneof is None, and a list or map is empty in form
// arguments (SPEC 4.1); JSON and CBOR readers (serde) report it missing.
func (c *comparer) missing(p *pair, d dir, rf *ir.Field) {
	if rf.Oneof != nil || rf.Type.Kind == ir.KindOptional {
		return
	}
	kind := "required"
	if k := rf.Type.Kind; k == ir.KindList || k == ir.KindMap {
		if d.format == ir.FormatForm {
			return
		}
		kind = "repeated"
		if k == ir.KindMap {
			kind = "map"
		}
		if d.writerIsOld {
			p.add(rf.Name, rf.Pos, "field-added", "new %s field: %s readers (serde) report it missing; only form arguments read a missing list or map as empty", kind, formatName[d.format])
		} else {
			p.add(rf.Name, rf.Pos, "field-removed", "%s field removed: %s readers built from the old schema (serde) report it missing", kind, formatName[d.format])
		}
		return
	}
	if d.writerIsOld {
		p.add(rf.Name, rf.Pos, "field-added", "new required field")
	} else {
		p.add(rf.Name, rf.Pos, "field-removed", "required field removed: readers built from the old schema need it")
	}
}

var formatName = map[ir.Format]string{ir.FormatForm: "form", ir.FormatJSON: "JSON", ir.FormatCBOR: "CBOR"}

// field compares a field that both sides have, under the same wire name.
func (c *comparer) field(p *pair, d dir, path string, wm, rm *ir.Message, wf, rf *ir.Field) {
	of, nf := oldNew(d, wf, rf)
	switch {
	case wf.Oneof != nil && rf.Oneof != nil:
		c.oneof(p, d, path, wm, rm, wf.Oneof, rf.Oneof)
	case wf.Oneof != nil || rf.Oneof != nil:
		p.add(path, nf.Pos, "type-changed", "type changed from %s to %s", fieldType(of), fieldType(nf))
	case !c.values(p, d, path, wf.Type, rf.Type):
		c.typeChanged(p, d, path, nf.Pos, wf.Type, rf.Type)
	}
}

func fieldType(f *ir.Field) string {
	if f.Oneof != nil {
		return "oneof " + f.Name
	}
	return f.Type.String()
}

func (c *comparer) typeChanged(p *pair, d dir, path string, pos diag.Pos, w, r *ir.Type) {
	ot, nt := oldNew(d, w, r)
	p.add(path, pos, "type-changed", "type changed from %s to %s", ot, nt)
}

// widens reports whether a reader of kind r reads every value a writer of kind w writes, for
// two different scalar kinds.
func widens(w, r ir.Kind) bool {
	switch w {
	case ir.KindInt32:
		return r == ir.KindInt64
	case ir.KindUint32:
		return r == ir.KindUint64 || r == ir.KindInt64
	case ir.KindFloat32:
		return r == ir.KindFloat64
	}
	return false
}

// values compares a writer's type with a reader's. It returns false when their shapes do not
// fit (the caller reports the whole types); what differs inside named types is found in
// their own pairs, reached by an edge at path.
func (c *comparer) values(p *pair, d dir, path string, w, r *ir.Type) bool {
	switch {
	case w.Kind == ir.KindOptional && r.Kind == ir.KindOptional:
		return c.values(p, d, path, w.Elem, r.Elem)
	case r.Kind == ir.KindOptional: // T read as optional T
		return c.values(p, d, path, w, r.Elem)
	case w.Kind != r.Kind:
		return widens(w.Kind, r.Kind)
	}
	switch w.Kind {
	case ir.KindList:
		return c.values(p, d, path+"[]", w.Elem, r.Elem)
	case ir.KindMap:
		return c.values(p, d, path+"{key}", w.Key, r.Key) && c.values(p, d, path+"{}", w.Elem, r.Elem)
	case ir.KindEnum:
		p.edges = append(p.edges, edge{path, c.enumPair(w.Enum, r.Enum, d)})
	case ir.KindMessage:
		p.edges = append(p.edges, edge{path, c.messagePair(w.Message, r.Message, d.format, d.writerIsOld)})
	}
	return true
}

// enumPair compares two enums: a value the writer has and the reader lacks is breaking
// (removed from arguments, added to results); a value's wire name must stay.
func (c *comparer) enumPair(w, r *ir.Enum, d dir) *pair {
	p, done := c.lookup(pairKey{kindEnum, w, r, "", d.writerIsOld})
	if done {
		return p
	}
	matched := matchMembers(len(w.Values), len(r.Values),
		func(i int) string { return w.Values[i].WireName }, func(i int) string { return r.Values[i].WireName },
		func(i int) string { return w.Values[i].Name }, func(i int) string { return r.Values[i].Name },
		func(i int) int32 { return c.writer(d).number(w.FullName, w.Values[i].Name) },
		func(i int) int32 { return c.reader(d).number(r.FullName, r.Values[i].Name) })
	used := make([]bool, len(w.Values))
	for ri, rv := range r.Values {
		wi, ok := matched[ri]
		if !ok {
			continue
		}
		used[wi] = true
		wv := w.Values[wi]
		if wv.WireName != rv.WireName {
			ov, nv := oldNew(d, wv, rv)
			p.add("", nv.Pos, "wire-name-changed", "enum value %q: wire name changed from %q to %q", nv.Name, ov.WireName, nv.WireName)
		}
	}
	for wi, wv := range w.Values {
		if used[wi] {
			continue
		}
		if d.writerIsOld {
			p.add("", wv.Pos, "enum-value-removed", "enum value %q removed from %s", wv.WireName, w.FullName)
		} else {
			p.add("", wv.Pos, "enum-value-added", "enum value %q added to %s", wv.WireName, w.FullName)
		}
	}
	return p
}

// oneof compares two oneofs as enums of variants, and each variant's value. It returns the
// matched variants, writer's first.
func (c *comparer) oneof(p *pair, d dir, path string, wm, rm *ir.Message, w, r *ir.Oneof) [][2]*ir.Variant {
	matched := matchMembers(len(w.Variants), len(r.Variants),
		func(i int) string { return w.Variants[i].WireName }, func(i int) string { return r.Variants[i].WireName },
		func(i int) string { return w.Variants[i].Name }, func(i int) string { return r.Variants[i].Name },
		func(i int) int32 { return c.writer(d).number(wm.FullName, w.Variants[i].Name) },
		func(i int) int32 { return c.reader(d).number(rm.FullName, r.Variants[i].Name) })
	used := make([]bool, len(w.Variants))
	var both [][2]*ir.Variant
	for ri, rv := range r.Variants {
		wi, ok := matched[ri]
		if !ok {
			continue
		}
		used[wi] = true
		wv := w.Variants[wi]
		both = append(both, [2]*ir.Variant{wv, rv})
		ov, nv := oldNew(d, wv, rv)
		vpath := joinPath(path, nv.Name)
		if wv.WireName != rv.WireName {
			p.add(vpath, nv.Pos, "wire-name-changed", "wire name changed from %q to %q", ov.WireName, nv.WireName)
			continue
		}
		if !c.values(p, d, vpath, wv.Type, rv.Type) {
			c.typeChanged(p, d, vpath, nv.Pos, wv.Type, rv.Type)
		}
	}
	for wi, wv := range w.Variants {
		if used[wi] {
			continue
		}
		if d.writerIsOld {
			p.add(path, wv.Pos, "variant-removed", "oneof variant %q removed", wv.WireName)
		} else {
			p.add(path, wv.Pos, "variant-added", "oneof variant %q added", wv.WireName)
		}
	}
	return both
}

// errorPair compares two typed errors, which the server writes and the client reads: on the
// wire an error is its oneof alone, and each variant answers with its status.
func (c *comparer) errorPair(w, r *ir.Message, writerIsOld bool) *pair {
	d := dir{w.Error.Format, writerIsOld}
	p, done := c.lookup(pairKey{kindError, w, r, d.format, writerIsOld})
	if done {
		return p
	}
	status := map[*ir.Variant]int{}
	for _, et := range []*ir.ErrorType{w.Error, r.Error} {
		for _, v := range et.Variants {
			status[v.Member] = v.Status
		}
	}
	for _, vs := range c.oneof(p, d, "", w, r, w.Error.Oneof.Oneof, r.Error.Oneof.Oneof) {
		ov, nv := oldNew(d, vs[0], vs[1])
		if status[ov] != status[nv] {
			p.add(nv.Name, nv.Pos, "error-status-changed", "status changed from %d to %d", status[ov], status[nv])
		}
	}
	return p
}

// matchMembers pairs the reader's members (fields, enum values, variants) with the writer's:
// by wire name, then by declared name, then by number. It maps reader index to writer index.
func matchMembers(nw, nr int, wWire, rWire, wName, rName func(int) string, wNum, rNum func(int) int32) map[int]int {
	matched := make(map[int]int, nr)
	same := nw == nr
	for i := 0; same && i < nw; i++ {
		same = wWire(i) == rWire(i)
	}
	if same { // the common case: nothing renamed, nothing moved
		for i := 0; i < nw; i++ {
			matched[i] = i
		}
		return matched
	}
	used := make([]bool, nw)
	pass := func(wKey, rKey func(int) (any, bool)) {
		index := map[any]int{}
		for i := 0; i < nw; i++ {
			if k, ok := wKey(i); ok && !used[i] {
				if _, dup := index[k]; !dup {
					index[k] = i
				}
			}
		}
		for j := 0; j < nr; j++ {
			if _, done := matched[j]; done {
				continue
			}
			k, ok := rKey(j)
			if !ok {
				continue
			}
			if i, found := index[k]; found && !used[i] {
				matched[j] = i
				used[i] = true
			}
		}
	}
	str := func(f func(int) string) func(int) (any, bool) {
		return func(i int) (any, bool) { return f(i), true }
	}
	num := func(f func(int) int32) func(int) (any, bool) {
		return func(i int) (any, bool) { n := f(i); return n, n != 0 }
	}
	pass(str(wWire), str(rWire))
	pass(str(wName), str(rName))
	pass(num(wNum), num(rNum))
	return matched
}
