package wire

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A plan is a Message resolved against its Go type once: every field's offset in the struct
// and a codec (kind, Go type, size, nested plans) for every value. The three formats walk
// the same plan, each with its own switch on the kind, and read and write values through
// unsafe pointers at the recorded offsets, so no call does reflection on field names or
// types. Plans are built on first use, under planMu, and published through Message.plan.

// codec is one value's step in a plan.
type codec struct {
	_     [0]func() // never compared: no equality function linked for it
	kind  Kind
	rtype reflect.Type
	size  uintptr
	elem  *codec // list element, optional target, map value
	key   *codec // map key
	enum  *enumPlan
	msg   *msgPlan
	// boxed marks a message reference in a dynamic plan that points back at a message whose
	// struct type is still being built: reflect.StructOf cannot make recursive types, so
	// the value is held as an any holding a *T instead.
	boxed bool
	// ptrWord is the type word of *rtype, for valueAt.
	ptrWord unsafe.Pointer
	// ops are a map codec's native operations, nil for maps done through reflect.
	ops mapOps
	// entries and scratch keep one map codec's scratch for encoding (sortedEntries) and
	// decoding (newMapBuilder) between calls.
	entries atomic.Pointer[mapEntries]
	scratch atomic.Pointer[mapScratch]
}

type msgPlan struct {
	desc        *Message
	rtype       reflect.Type
	ptrWord     unsafe.Pointer
	ptrType     reflect.Type
	fields      []fieldPlan
	byName      map[string]int
	transparent bool
	unit        bool
	cborHead    []byte // CBOR map header for len(fields)
	// jsonOnly names the first field path, if any, holding a kind that only JSON carries
	// (google.protobuf.Value or Struct); form and CBOR refuse such messages up front.
	jsonOnly string
	// zero is a zero value of rtype, encoded for a boxed reference that holds nil.
	zero unsafe.Pointer
	err  error
}

type fieldPlan struct {
	name    string
	offset  uintptr
	codec   *codec     // nil for a oneof group
	oneof   *oneofPlan // set for a oneof group
	jsonKey []byte     // `"name":`
	cborKey []byte     // CBOR text item of the name
	formKey []byte     // the name percent-encoded as serde_qs writes key segments
}

type oneofPlan struct {
	itype    reflect.Type // the field's interface type
	ptrWord  unsafe.Pointer
	variants []variantPlan
	names    []string
}

type variantPlan struct {
	name    string
	wrapper reflect.Type // struct with one field at offset 0 holding the value
	// direct reports that Go stores a wrapper value in the interface word itself rather
	// than behind a pointer (a struct whose only field is pointer-shaped).
	direct  bool
	codec   *codec
	jsonKey []byte
	cborKey []byte
	formKey []byte
}

type enumPlan struct {
	desc  *Enum
	index map[string]int
	json  [][]byte // quoted names
	cbor  [][]byte // CBOR text items
	form  [][]byte // percent-encoded names
}

// lookup returns the index of the value named s, or -1.
func (e *enumPlan) lookup(s string) int {
	if len(e.desc.Values) <= 8 {
		for i, v := range e.desc.Values {
			if v == s {
				return i
			}
		}
		return -1
	}
	if i, ok := e.index[s]; ok {
		return i
	}
	return -1
}

// find returns the index of the field with wire name name, or -1. hint is the field found
// last: bodies list fields in declaration order, and a form body repeats a list's field, so
// that field and the next are tried first.
func (p *msgPlan) find(name []byte, hint int) int {
	if uint(hint) < uint(len(p.fields)) && p.fields[hint].name == string(name) {
		return hint
	}
	if h := hint + 1; uint(h) < uint(len(p.fields)) && p.fields[h].name == string(name) {
		return h
	}
	if len(p.fields) <= 8 {
		for i := range p.fields {
			if p.fields[i].name == string(name) {
				return i
			}
		}
		return -1
	}
	if i, ok := p.byName[string(name)]; ok {
		return i
	}
	return -1
}

// required reports whether a field must be present. Lists and maps are required in JSON and
// CBOR, as serde derives them; the form decoder is lenient about those (SPEC 4.1) and
// passes lenientCollections.
func (f *fieldPlan) required(lenientCollections bool) bool {
	if f.oneof != nil {
		return false
	}
	switch f.codec.kind {
	case KindOptional:
		return false
	case KindList, KindMap:
		return !lenientCollections
	}
	return true
}

var planMu sync.Mutex

func (m *Message) getPlan() (*msgPlan, error) {
	if p := m.plan.Load(); p != nil {
		return p, p.err
	}
	return m.buildPlan(dynamicTypes())
}

// buildPlan builds m's plan with dyn making the types of dynamic mode (nil when it is off)
// and publishes it with those of the messages it reaches.
func (m *Message) buildPlan(dyn typeMaker) (*msgPlan, error) {
	planMu.Lock()
	defer planMu.Unlock()
	if p := m.plan.Load(); p != nil {
		return p, p.err
	}
	b := &planBuilder{plans: map[*Message]*msgPlan{}, enums: map[*Enum]*enumPlan{}, dyn: dyn}
	p := b.message(m)
	if b.err == nil {
		b.finish()
	}
	if b.err != nil {
		// Only m's failure is published: the messages it uses are rebuilt on their own
		// if asked for, and succeed unless the failure is theirs. Nor is a failure for
		// want of dynamic mode, which a later New or Check turns on.
		if !b.needDynamic {
			m.plan.Store(&msgPlan{desc: m, err: b.err})
		}
		return nil, b.err
	}
	for msg, pl := range b.plans {
		msg.plan.Store(pl)
	}
	return p, nil
}
