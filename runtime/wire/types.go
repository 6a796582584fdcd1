package wire

import (
	"reflect"
	"strconv"
	"sync/atomic"
)

// Kind is the shape of a value in serde's data model, one per row of SPEC section 1's type
// table.
type Kind uint8

// The kinds. KindInvalid is the zero value, so a Type left unset is caught when its plan is
// built instead of passing for a string.
const (
	KindInvalid     Kind = iota
	KindString           // string
	KindBool             // bool
	KindInt32            // int32, sint32, sfixed32
	KindInt64            // int64, sint64, sfixed64
	KindUint32           // uint32, fixed32
	KindUint64           // uint64, fixed64
	KindFloat32          // float
	KindFloat64          // double
	KindBytes            // bytes: serde_bytes, []byte
	KindEnum             // a unit-variant enum; Go holds the wire name in a string type
	KindMessage          // a struct
	KindList             // repeated T: Vec<T>, []T
	KindMap              // map<K, V>: BTreeMap<K, V>, map[K]V
	KindOptional         // optional T and the wrapper types: Option<T>, *T
	KindTimestamp        // google.protobuf.Timestamp: chrono's DateTime<Utc>, time.Time
	KindJSONValue        // google.protobuf.Value: serde_json::Value, any (JSON only)
	KindJSONObject       // google.protobuf.Struct: serde_json::Map, map[string]any (JSON only)
	KindTextVariant      // an enum of newtype variants holding a string: {"Args":"..."} (text_variant.go)
)

var kindNames = [...]string{
	KindInvalid:     "invalid",
	KindString:      "string",
	KindBool:        "bool",
	KindInt32:       "int32",
	KindInt64:       "int64",
	KindUint32:      "uint32",
	KindUint64:      "uint64",
	KindFloat32:     "float32",
	KindFloat64:     "float64",
	KindBytes:       "bytes",
	KindEnum:        "enum",
	KindMessage:     "message",
	KindList:        "list",
	KindMap:         "map",
	KindOptional:    "optional",
	KindTimestamp:   "timestamp",
	KindJSONValue:   "json_value",
	KindJSONObject:  "json_object",
	KindTextVariant: "text_variant",
}

// String returns the kind's lowercase name, as the schema spells it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Type is a value's type. Elem is set for lists, optionals and map values, Key for map keys
// (a string, bool or integer type), Enum and Message for named types (Enum also names a
// text variant's variants). Types are plain data:
// generated code declares them as package-level variables, a CLI builds them from the
// compiler's IR. A Type may be shared by any number of fields.
type Type struct {
	Kind    Kind
	Elem    *Type
	Key     *Type
	Enum    *Enum
	Message *Message

	_ [0]func() // never compared (pointers are): no equality function linked
}

// Ready-made scalar types. They are shared; do not modify them.
var (
	String     = &Type{Kind: KindString}
	Bool       = &Type{Kind: KindBool}
	Int32      = &Type{Kind: KindInt32}
	Int64      = &Type{Kind: KindInt64}
	Uint32     = &Type{Kind: KindUint32}
	Uint64     = &Type{Kind: KindUint64}
	Float32    = &Type{Kind: KindFloat32}
	Float64    = &Type{Kind: KindFloat64}
	Bytes      = &Type{Kind: KindBytes}
	Timestamp  = &Type{Kind: KindTimestamp}
	JSONValue  = &Type{Kind: KindJSONValue}
	JSONObject = &Type{Kind: KindJSONObject}
)

// ListOf returns the type repeated t.
func ListOf(t *Type) *Type { return &Type{Kind: KindList, Elem: t} }

// MapOf returns the type map<k, v>.
func MapOf(k, v *Type) *Type { return &Type{Kind: KindMap, Key: k, Elem: v} }

// OptionalOf returns the type optional t.
func OptionalOf(t *Type) *Type { return &Type{Kind: KindOptional, Elem: t} }

// MessageType returns the type of a field holding message m by value.
func MessageType(m *Message) *Type { return &Type{Kind: KindMessage, Message: m} }

// EnumType returns the type of a field holding a value of enum e.
func EnumType(e *Enum) *Type { return &Type{Kind: KindEnum, Enum: e} }

// Spell spells t the way the schema would, for error messages. (Not String: a String
// method would be linked into every program whose descriptors allocate a Type, since
// fmt.Stringer's method is called somewhere in any Go program; a WebAssembly client
// needs it nowhere.)
func (t *Type) Spell() string {
	if t == nil {
		return "<nil>"
	}
	switch t.Kind {
	case KindEnum:
		if t.Enum != nil {
			return t.Enum.Name
		}
	case KindMessage:
		if t.Message != nil {
			return t.Message.Name
		}
	case KindList, KindOptional:
		return t.Kind.String() + "<" + t.Elem.Spell() + ">"
	case KindMap:
		return "map<" + t.Key.Spell() + ", " + t.Elem.Spell() + ">"
	}
	return t.Kind.String()
}

// Enum is a set of named values. On every wire a value is its name (a serde unit variant),
// and the Go value is that same name held in a string type.
type Enum struct {
	// Name is the full name, such as "vectors.v1.Status".
	Name string
	// Values are the wire names in declaration order.
	Values []string
}

// Message describes a struct: a function's arguments, its result, or a part of either.
//
// The codecs resolve a Message into a plan (field offsets and per-kind steps) the first
// time it is used and keep it; a Message must not be changed after that. Fields may be
// filled in after the Message is declared (generated code does so in an init function for
// recursive types), as long as that happens before first use.
type Message struct {
	// Name is the full name, such as "vectors.v1.Everything".
	Name string
	// Fields are the message's fields in declaration order, which is also wire order.
	Fields []Field
	// Transparent marks a one-field message that stands for its field's value on every
	// wire (serde's transparent): TodoList{Todos []Todo} is a JSON array.
	Transparent bool
	// Unit marks google.protobuf.Empty used as a function's result, Rust's (): JSON null,
	// CBOR f6, and decoders accept exactly that. Zero-field arguments are an ordinary
	// Message with no fields instead.
	Unit bool
	// GoType is the Go struct type values have. When nil the plan builds one with
	// reflect.StructOf (dynamic mode), which New returns values of; New or Check must
	// have been called (for any Message) before such a Message is used.
	GoType reflect.Type

	plan atomic.Pointer[msgPlan]
}

// Field is one member of a message: a value field, or a oneof group standing as one field.
type Field struct {
	// Name is the wire name (json_name when the schema gives one).
	Name string
	// GoName is the name of the Go struct field that holds the value. In dynamic mode it
	// names the generated struct field; when empty or not exported one is derived from Name.
	GoName string
	// Type is the field's type; nil when the field is a oneof group.
	Type *Type
	// Oneof is set instead of Type when the field is a oneof group.
	Oneof *Oneof

	// Fields are never compared; saying so spares every program the equality functions
	// Go would otherwise emit for each [N]Field array that descriptors are built from
	// (about 5 KB of a WebAssembly client).
	_ [0]func()
}

// Oneof is a group of alternatives of which at most one is set: Rust's Option<E> with one
// newtype variant per member, externally tagged. Its Go field has an interface type and
// holds nil or one variant's wrapper struct by value.
type Oneof struct {
	Variants []Variant
}

// Variant is one member of a oneof.
type Variant struct {
	// Name is the wire name, the serde variant name.
	Name string
	// Type is the variant's value type.
	Type *Type
	// GoType is the wrapper struct, with a single field holding the value, such as
	// EverythingShapeCircle{Circle Circle}. In dynamic mode (nil) one is built.
	GoType reflect.Type

	_ [0]func() // never compared, as Field
}

// UnitMessage is google.protobuf.Empty as a function's result: Rust's (), Go struct{}.
var UnitMessage = &Message{
	Name:   "google.protobuf.Empty",
	Unit:   true,
	GoType: reflect.TypeFor[struct{}](),
}

// New returns a pointer to a new zero value of m's Go type: *T for a generated type, or a
// pointer to the reflect.StructOf type in dynamic mode, which it turns on. It returns nil
// when m's plan cannot be built; the codecs report why.
func (m *Message) New() any {
	enableDynamic()
	p, err := m.getPlan()
	if err != nil {
		return nil
	}
	return reflect.New(p.rtype).Interface()
}

// Check builds m's plan, if not built yet, and reports whether m and its Go type agree. The
// codecs report the same error on every call; Check lets a program find it at start-up.
// Like New, it turns dynamic mode on.
func (m *Message) Check() error {
	enableDynamic()
	_, err := m.getPlan()
	return err
}
