package ir

import "fmt"

// Kind is the shape of a value in serde's data model.
type Kind uint8

// The kinds, one per row of SPEC section 1's type table.
const (
	KindInvalid Kind = iota
	KindString
	KindBool
	KindInt32
	KindInt64
	KindUint32
	KindUint64
	KindFloat32
	KindFloat64
	KindBytes
	KindEnum
	KindMessage
	KindList      // repeated T: Vec<T>
	KindMap       // map<K, V>: BTreeMap<K, V>
	KindOptional  // optional T and the wrapper types: Option<T>
	KindTimestamp // google.protobuf.Timestamp: an RFC 3339 string
	KindJSONValue // google.protobuf.Value: serde_json::Value
	KindJSONObject
)

var kindNames = [...]string{
	KindInvalid:    "invalid",
	KindString:     "string",
	KindBool:       "bool",
	KindInt32:      "int32",
	KindInt64:      "int64",
	KindUint32:     "uint32",
	KindUint64:     "uint64",
	KindFloat32:    "float32",
	KindFloat64:    "float64",
	KindBytes:      "bytes",
	KindEnum:       "enum",
	KindMessage:    "message",
	KindList:       "list",
	KindMap:        "map",
	KindOptional:   "optional",
	KindTimestamp:  "timestamp",
	KindJSONValue:  "json_value",
	KindJSONObject: "json_object",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Type is a value's type. Elem is set for lists, optionals and map values, Key for map keys,
// Enum and Message for named types.
type Type struct {
	Kind    Kind
	Elem    *Type
	Key     *Type
	Enum    *Enum
	Message *Message
}

// String spells t the way the schema would, for diagnostics and dumps:
// "list<todo.v1.Todo>", "map<string, int64>", "optional<string>".
func (t *Type) String() string {
	if t == nil {
		return "<nil>"
	}
	switch t.Kind {
	case KindEnum:
		return t.Enum.FullName
	case KindMessage:
		return t.Message.FullName
	case KindList, KindOptional:
		return t.Kind.String() + "<" + t.Elem.String() + ">"
	case KindMap:
		return "map<" + t.Key.String() + ", " + t.Elem.String() + ">"
	}
	return t.Kind.String()
}

// IsScalar reports whether t is a single value with no inner structure.
func (t *Type) IsScalar() bool {
	switch t.Kind {
	case KindMessage, KindList, KindMap, KindOptional, KindJSONValue, KindJSONObject:
		return false
	}
	return true
}

// Is64Bit reports whether t is a 64-bit integer, which a JavaScript number cannot always hold.
func (t *Type) Is64Bit() bool { return t.Kind == KindInt64 || t.Kind == KindUint64 }
