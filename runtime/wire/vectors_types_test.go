package wire

import "reflect"

// The Go types of shared/vectors/vectors.sfn exactly as sfn's Go generator emits them
// (SPEC section 1's table, the brief's section 2), with their descriptors. vectorSchema
// builds the descriptors twice over: bound to these types, and without Go types (dynamic
// mode), so every vector runs through both.

type Address struct {
	Street string
	Zip    uint32
}

type Status string

const (
	StatusActive   Status = "Active"
	StatusArchived Status = "Archived"
)

type Circle struct {
	Radius float64
}

type Everything struct {
	S       string
	B       bool
	I32v    int32
	U32v    uint32
	I64v    int64
	U64v    uint64
	F32v    float32
	F64v    float64
	Bytes   []byte
	OptS    *string
	OptI    *int64
	OptAddr *Address
	Addr    Address
	Tags    []string
	Addrs   []Address
	Nums    []int64
	Labels  map[string]string
	Ids     map[int64]string
	Status  Status
	Shape   EverythingShape
}

// EverythingShape holds one of Everything's shape variants, or nil.
type EverythingShape interface{ isEverythingShape() }

type EverythingShapeCircle struct{ Circle Circle }

type EverythingShapeLabel struct{ Label string }

func (EverythingShapeCircle) isEverythingShape() {}
func (EverythingShapeLabel) isEverythingShape()  {}

type AddTodo struct {
	Title string
}

type Empty struct{}

type Search struct {
	Q    string
	Page *uint32
	Tags []string
}

// vectorSchema returns the messages of vectors.sfn by name. With typed set they are bound
// to the Go types above; without, they are dynamic.
func vectorSchema(typed bool) map[string]*Message {
	goType := func(t reflect.Type) reflect.Type {
		if typed {
			return t
		}
		return nil
	}
	status := &Enum{Name: "vectors.v1.Status", Values: []string{"Active", "Archived"}}
	address := &Message{
		Name: "vectors.v1.Address",
		Fields: []Field{
			{Name: "street", GoName: "Street", Type: String},
			{Name: "zip", GoName: "Zip", Type: Uint32},
		},
		GoType: goType(reflect.TypeFor[Address]()),
	}
	circle := &Message{
		Name:   "vectors.v1.Circle",
		Fields: []Field{{Name: "radius", GoName: "Radius", Type: Float64}},
		GoType: goType(reflect.TypeFor[Circle]()),
	}
	everything := &Message{
		Name: "vectors.v1.Everything",
		Fields: []Field{
			{Name: "s", GoName: "S", Type: String},
			{Name: "b", GoName: "B", Type: Bool},
			{Name: "i32v", GoName: "I32v", Type: Int32},
			{Name: "u32v", GoName: "U32v", Type: Uint32},
			{Name: "i64v", GoName: "I64v", Type: Int64},
			{Name: "u64v", GoName: "U64v", Type: Uint64},
			{Name: "f32v", GoName: "F32v", Type: Float32},
			{Name: "f64v", GoName: "F64v", Type: Float64},
			{Name: "bytes", GoName: "Bytes", Type: Bytes},
			{Name: "opt_s", GoName: "OptS", Type: OptionalOf(String)},
			{Name: "opt_i", GoName: "OptI", Type: OptionalOf(Int64)},
			{Name: "opt_addr", GoName: "OptAddr", Type: OptionalOf(MessageType(address))},
			{Name: "addr", GoName: "Addr", Type: MessageType(address)},
			{Name: "tags", GoName: "Tags", Type: ListOf(String)},
			{Name: "addrs", GoName: "Addrs", Type: ListOf(MessageType(address))},
			{Name: "nums", GoName: "Nums", Type: ListOf(Int64)},
			{Name: "labels", GoName: "Labels", Type: MapOf(String, String)},
			{Name: "ids", GoName: "Ids", Type: MapOf(Int64, String)},
			{Name: "status", GoName: "Status", Type: EnumType(status)},
			{Name: "shape", GoName: "Shape", Oneof: &Oneof{Variants: []Variant{
				{Name: "Circle", Type: MessageType(circle), GoType: goType(reflect.TypeFor[EverythingShapeCircle]())},
				{Name: "Label", Type: String, GoType: goType(reflect.TypeFor[EverythingShapeLabel]())},
			}}},
		},
		GoType: goType(reflect.TypeFor[Everything]()),
	}
	addTodo := &Message{
		Name:   "vectors.v1.AddTodo",
		Fields: []Field{{Name: "title", GoName: "Title", Type: String}},
		GoType: goType(reflect.TypeFor[AddTodo]()),
	}
	empty := &Message{Name: "vectors.v1.Empty", GoType: goType(reflect.TypeFor[Empty]())}
	search := &Message{
		Name: "vectors.v1.Search",
		Fields: []Field{
			{Name: "q", GoName: "Q", Type: String},
			{Name: "page", GoName: "Page", Type: OptionalOf(Uint32)},
			{Name: "tags", GoName: "Tags", Type: ListOf(String)},
		},
		GoType: goType(reflect.TypeFor[Search]()),
	}
	return map[string]*Message{
		"Address":    address,
		"Circle":     circle,
		"Everything": everything,
		"AddTodo":    addTodo,
		"Empty":      empty,
		"Search":     search,
	}
}

// Package-level descriptors for the typed tests and benchmarks, as generated code declares
// them.
var (
	typedVectors   = vectorSchema(true)
	everythingDesc = typedVectors["Everything"]
	searchDesc     = typedVectors["Search"]
	addTodoDesc    = typedVectors["AddTodo"]
	dynamicVectors = vectorSchema(false)
)
