package wire

import (
	"reflect"
	"unsafe"
)

// The value access the three formats share: the entry-point check, slices, optionals,
// oneofs and boxed messages (maps are in maps.go). Values are reached through unsafe
// pointers computed from the plan's offsets; the layouts relied on (slice headers, the two
// words of an interface) are the ones the reflect package itself relies on.

type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// target checks that v is a non-nil pointer to m's Go type and returns what it points at.
// It reads the interface's two words instead of going through reflect.ValueOf.
func (p *msgPlan) target(v any, op string) (unsafe.Pointer, error) {
	words := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	if words[0] != p.ptrWord {
		got := "nil"
		if v != nil {
			got = reflect.TypeOf(v).String()
		}
		return nil, &typeError{op: op, msg: p.desc.Name, got: got, want: p.ptrType.String()}
	}
	if words[1] == nil {
		return nil, &typeError{op: op, msg: p.desc.Name, want: p.ptrType.String(), isNil: true}
	}
	return words[1], nil
}

// typeError reports a value that is not of the message's Go type: a programming error, not
// a bad body, so it is neither a DecodeError nor an EncodeError. It holds the types' names,
// not the types: a reflect.Type in an error value would keep much of reflect's method
// code in every program.
type typeError struct {
	op, msg   string
	got, want string
	isNil     bool
}

func (e *typeError) Error() string {
	if e.isNil {
		return "wire: " + e.op + " " + e.msg + ": nil " + e.want
	}
	return "wire: " + e.op + " " + e.msg + ": value of type " + e.got + ", want " + e.want
}

// typeWord returns the type word of an interface holding a value of type rt.
func typeWord(rt reflect.Type) unsafe.Pointer {
	e := reflect.Zero(rt).Interface()
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&e))[0]
}

// valueAt returns the addressable reflect.Value of the value at p whose pointer type has
// the type word ptrWord. It is reflect.NewAt(T, p).Elem() without NewAt's look-up of *T in
// reflect's type cache, which costs more than the rest of a small map or slice operation
// for types (such as those made by reflect.StructOf) that have no *T in the binary: an any
// holding a pointer keeps the pointer itself in its data word.
func valueAt(ptrWord, p unsafe.Pointer) reflect.Value {
	var e any
	words := (*[2]unsafe.Pointer)(unsafe.Pointer(&e))
	words[0], words[1] = ptrWord, p
	return reflect.ValueOf(e).Elem()
}

// msgAt returns where the message held at p lives: p itself, or for a boxed reference the
// struct its interface points at (a zero value when it holds nil).
func (c *codec) msgAt(p unsafe.Pointer) unsafe.Pointer {
	if !c.boxed {
		return p
	}
	words := (*[2]unsafe.Pointer)(p)
	if words[0] == nil {
		return c.msg.zero
	}
	return words[1] // an any holding a *T keeps the pointer in its data word
}

// newBoxed allocates the struct of a boxed reference at p and returns where it lives.
func (c *codec) newBoxed(p unsafe.Pointer) unsafe.Pointer {
	np := reflect.New(c.msg.rtype)
	valueAt(c.ptrWord, p).Set(np)
	return np.UnsafePointer()
}

// get returns the variant the oneof field at p holds and where its value lives, or nil when
// it holds none. A value that is no variant's wrapper (a pointer to one, say) is an error.
func (o *oneofPlan) get(p unsafe.Pointer) (*variantPlan, unsafe.Pointer, error) {
	iv := valueAt(o.ptrWord, p)
	if iv.IsNil() {
		return nil, nil, nil
	}
	t := iv.Elem().Type()
	for i := range o.variants {
		v := &o.variants[i]
		if v.wrapper != t {
			continue
		}
		word := unsafe.Add(p, unsafe.Sizeof(uintptr(0)))
		if v.direct {
			return v, word, nil
		}
		return v, *(*unsafe.Pointer)(word), nil
	}
	return nil, nil, encodeErr("holds a " + t.String() + ", which is none of the oneof's variant wrappers")
}

// newVariant allocates a wrapper for variant v, so a decoder can fill its value in place;
// setVariant then stores it in the oneof field at p.
func (v *variantPlan) newVariant() reflect.Value {
	return reflect.New(v.wrapper)
}

func (o *oneofPlan) setVariant(p unsafe.Pointer, w reflect.Value) {
	valueAt(o.ptrWord, p).Set(w.Elem())
}

// makeSlice makes the list at p n zero elements long and returns where they start. Growing
// the field in place costs one allocation, where reflect.MakeSlice costs two.
func (c *codec) makeSlice(p unsafe.Pointer, n int) unsafe.Pointer {
	sv := valueAt(c.ptrWord, p)
	sv.Grow(n)
	sv.SetLen(n)
	return sv.UnsafePointer()
}

// appendSlot lengthens the list at p by one zero element, growing it as append does, and
// returns where that element is.
func (c *codec) appendSlot(p unsafe.Pointer) unsafe.Pointer {
	sv := valueAt(c.ptrWord, p)
	n := sv.Len()
	if n == sv.Cap() {
		sv.Grow(max(4, n)) // from 0 straight to 4, then doubling
	}
	sv.SetLen(n + 1)
	return unsafe.Add(sv.UnsafePointer(), uintptr(n)*c.elem.size)
}

// newOptional allocates the target of the optional at p and returns it.
func (c *codec) newOptional(p unsafe.Pointer) unsafe.Pointer {
	np := reflect.New(c.elem.rtype).UnsafePointer()
	*(*unsafe.Pointer)(p) = np
	return np
}

// bitset records which fields a message body has given, without allocating for messages
// of up to 64 fields.
type bitset struct {
	small uint64
	large []bool
}

func (b *bitset) init(n int) {
	if n > 64 {
		b.large = make([]bool, n)
	}
}

func (b *bitset) has(i int) bool {
	if b.large != nil {
		return b.large[i]
	}
	return b.small&(1<<uint(i)) != 0
}

func (b *bitset) set(i int) {
	if b.large != nil {
		b.large[i] = true
	} else {
		b.small |= 1 << uint(i)
	}
}
