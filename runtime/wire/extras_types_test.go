package wire

import (
	"reflect"
	"time"
)

// Types beyond the vectors, for the kinds and shapes vectors.sfn does not have: timestamps,
// JSON values, bool and unsigned map keys, lists of enums and bytes, maps of messages,
// recursion, transparent and unit messages, and a oneof variant that Go stores directly in
// the interface word.

type Extras struct {
	When     time.Time
	MaybeAt  *time.Time
	Flags    map[bool]int32
	Counts   map[uint32]uint64
	Small    map[int32]float32
	Statuses []Status
	Blobs    [][]byte
	Places   map[string]Address
	Wrapped  *int32
	Choice   ExtrasChoice
}

// ExtrasChoice is a oneof whose Ptr variant's wrapper is pointer-shaped.
type ExtrasChoice interface{ isExtrasChoice() }

type ExtrasChoicePtr struct{ Ptr PtrOnly }

type ExtrasChoiceNum struct{ Num uint64 }

func (ExtrasChoicePtr) isExtrasChoice() {}
func (ExtrasChoiceNum) isExtrasChoice() {}

// PtrOnly is a message with one optional field: a struct holding one pointer.
type PtrOnly struct {
	Note *string
}

type Node struct {
	Name string
	Kids []Node
	Next *Node
}

type TodoList struct {
	Todos []AddTodo
}

type TitleLen struct {
	Len uint64
}

type JSONBag struct {
	Any   any
	Obj   map[string]any
	Maybe *map[string]any
}

type extrasSchema struct {
	extras, node, todoList, titleLen, jsonBag, ptrOnly *Message
}

func newExtrasSchema(typed bool) extrasSchema {
	goType := func(t reflect.Type) reflect.Type {
		if typed {
			return t
		}
		return nil
	}
	vs := vectorSchema(typed)
	status := vs["Everything"].Fields[18].Type
	ptrOnly := &Message{
		Name:   "extras.v1.PtrOnly",
		Fields: []Field{{Name: "note", GoName: "Note", Type: OptionalOf(String)}},
		GoType: goType(reflect.TypeFor[PtrOnly]()),
	}
	extras := &Message{
		Name: "extras.v1.Extras",
		Fields: []Field{
			{Name: "when", GoName: "When", Type: Timestamp},
			{Name: "maybe_at", GoName: "MaybeAt", Type: OptionalOf(Timestamp)},
			{Name: "flags", GoName: "Flags", Type: MapOf(Bool, Int32)},
			{Name: "counts", GoName: "Counts", Type: MapOf(Uint32, Uint64)},
			{Name: "small", GoName: "Small", Type: MapOf(Int32, Float32)},
			{Name: "statuses", GoName: "Statuses", Type: ListOf(status)},
			{Name: "blobs", GoName: "Blobs", Type: ListOf(Bytes)},
			{Name: "places", GoName: "Places", Type: MapOf(String, MessageType(vs["Address"]))},
			{Name: "wrapped", GoName: "Wrapped", Type: OptionalOf(Int32)},
			{Name: "choice", GoName: "Choice", Oneof: &Oneof{Variants: []Variant{
				{Name: "ptr", Type: MessageType(ptrOnly), GoType: goType(reflect.TypeFor[ExtrasChoicePtr]())},
				{Name: "num", Type: Uint64, GoType: goType(reflect.TypeFor[ExtrasChoiceNum]())},
			}}},
		},
		GoType: goType(reflect.TypeFor[Extras]()),
	}
	node := &Message{Name: "extras.v1.Node", GoType: goType(reflect.TypeFor[Node]())}
	node.Fields = []Field{
		{Name: "name", GoName: "Name", Type: String},
		{Name: "kids", GoName: "Kids", Type: ListOf(MessageType(node))},
		{Name: "next", GoName: "Next", Type: OptionalOf(MessageType(node))},
	}
	todoList := &Message{
		Name:        "extras.v1.TodoList",
		Transparent: true,
		Fields:      []Field{{Name: "todos", GoName: "Todos", Type: ListOf(MessageType(vs["AddTodo"]))}},
		GoType:      goType(reflect.TypeFor[TodoList]()),
	}
	titleLen := &Message{
		Name:        "extras.v1.TitleLen",
		Transparent: true,
		Fields:      []Field{{Name: "len", GoName: "Len", Type: Uint64}},
		GoType:      goType(reflect.TypeFor[TitleLen]()),
	}
	jsonBag := &Message{
		Name: "extras.v1.JSONBag",
		Fields: []Field{
			{Name: "any", GoName: "Any", Type: JSONValue},
			{Name: "obj", GoName: "Obj", Type: JSONObject},
			{Name: "maybe", GoName: "Maybe", Type: OptionalOf(JSONObject)},
		},
		GoType: goType(reflect.TypeFor[JSONBag]()),
	}
	return extrasSchema{extras, node, todoList, titleLen, jsonBag, ptrOnly}
}

var (
	typedExtras   = newExtrasSchema(true)
	dynamicExtras = newExtrasSchema(false)
)
