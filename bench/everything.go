package bench

import (
	"reflect"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// Everything is vectors.v1.Everything as sfn's Go generator emits it, with its descriptor.

type Address struct {
	Street string
	Zip    uint32
}

type Status string

const StatusActive Status = "Active"

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

type EverythingShape interface{ isEverythingShape() }

type EverythingShapeCircle struct{ Circle Circle }

type EverythingShapeLabel struct{ Label string }

func (EverythingShapeCircle) isEverythingShape() {}
func (EverythingShapeLabel) isEverythingShape()  {}

// EverythingDesc and DynamicEverythingDesc describe Everything, bound to the Go type above
// and in dynamic mode.
var (
	EverythingDesc        = everythingDesc(true)
	DynamicEverythingDesc = everythingDesc(false)
)

func everythingDesc(typed bool) *wire.Message {
	goType := func(t reflect.Type) reflect.Type {
		if typed {
			return t
		}
		return nil
	}
	status := &wire.Enum{Name: "vectors.v1.Status", Values: []string{"Active", "Archived"}}
	address := &wire.Message{
		Name: "vectors.v1.Address",
		Fields: []wire.Field{
			{Name: "street", GoName: "Street", Type: wire.String},
			{Name: "zip", GoName: "Zip", Type: wire.Uint32},
		},
		GoType: goType(reflect.TypeFor[Address]()),
	}
	circle := &wire.Message{
		Name:   "vectors.v1.Circle",
		Fields: []wire.Field{{Name: "radius", GoName: "Radius", Type: wire.Float64}},
		GoType: goType(reflect.TypeFor[Circle]()),
	}
	return &wire.Message{
		Name: "vectors.v1.Everything",
		Fields: []wire.Field{
			{Name: "s", GoName: "S", Type: wire.String},
			{Name: "b", GoName: "B", Type: wire.Bool},
			{Name: "i32v", GoName: "I32v", Type: wire.Int32},
			{Name: "u32v", GoName: "U32v", Type: wire.Uint32},
			{Name: "i64v", GoName: "I64v", Type: wire.Int64},
			{Name: "u64v", GoName: "U64v", Type: wire.Uint64},
			{Name: "f32v", GoName: "F32v", Type: wire.Float32},
			{Name: "f64v", GoName: "F64v", Type: wire.Float64},
			{Name: "bytes", GoName: "Bytes", Type: wire.Bytes},
			{Name: "opt_s", GoName: "OptS", Type: wire.OptionalOf(wire.String)},
			{Name: "opt_i", GoName: "OptI", Type: wire.OptionalOf(wire.Int64)},
			{Name: "opt_addr", GoName: "OptAddr", Type: wire.OptionalOf(wire.MessageType(address))},
			{Name: "addr", GoName: "Addr", Type: wire.MessageType(address)},
			{Name: "tags", GoName: "Tags", Type: wire.ListOf(wire.String)},
			{Name: "addrs", GoName: "Addrs", Type: wire.ListOf(wire.MessageType(address))},
			{Name: "nums", GoName: "Nums", Type: wire.ListOf(wire.Int64)},
			{Name: "labels", GoName: "Labels", Type: wire.MapOf(wire.String, wire.String)},
			{Name: "ids", GoName: "Ids", Type: wire.MapOf(wire.Int64, wire.String)},
			{Name: "status", GoName: "Status", Type: wire.EnumType(status)},
			{Name: "shape", GoName: "Shape", Oneof: &wire.Oneof{Variants: []wire.Variant{
				{Name: "Circle", Type: wire.MessageType(circle), GoType: goType(reflect.TypeFor[EverythingShapeCircle]())},
				{Name: "Label", Type: wire.String, GoType: goType(reflect.TypeFor[EverythingShapeLabel]())},
			}}},
		},
		GoType: goType(reflect.TypeFor[Everything]()),
	}
}

// Base is the reference vectors' everything_base value.
func Base() *Everything {
	s, i := "x", int64(-1)
	return &Everything{
		S: "hello", B: true, I32v: -42, U32v: 42, I64v: -1234567890123, U64v: 1234567890123,
		F32v: 0.5, F64v: 2.5, Bytes: []byte{1, 2, 3}, OptS: &s, OptI: &i,
		OptAddr: &Address{Street: "PO Box 7", Zip: 10001},
		Addr:    Address{Street: "221B Baker St", Zip: 12345},
		Tags:    []string{"red", "green"},
		Addrs:   []Address{{Street: "1 First Ave", Zip: 11111}},
		Nums:    []int64{1, -1, 0},
		Labels:  map[string]string{"env": "prod", "tier": "web"},
		Ids:     map[int64]string{1: "one", 2: "two"},
		Status:  StatusActive,
	}
}

// The reference's bodies for everything_base.
const (
	BaseURL  = "s=hello&b=true&i32v=-42&u32v=42&i64v=-1234567890123&u64v=1234567890123&f32v=0.5&f64v=2.5&bytes=%01%02%03&opt_s=x&opt_i=-1&opt_addr[street]=PO+Box+7&opt_addr[zip]=10001&addr[street]=221B+Baker+St&addr[zip]=12345&tags[0]=red&tags[1]=green&addrs[0][street]=1+First+Ave&addrs[0][zip]=11111&nums[0]=1&nums[1]=-1&nums[2]=0&labels[env]=prod&labels[tier]=web&ids[1]=one&ids[2]=two&status=Active"
	BaseJSON = `{"s":"hello","b":true,"i32v":-42,"u32v":42,"i64v":-1234567890123,"u64v":1234567890123,"f32v":0.5,"f64v":2.5,"bytes":[1,2,3],"opt_s":"x","opt_i":-1,"opt_addr":{"street":"PO Box 7","zip":10001},"addr":{"street":"221B Baker St","zip":12345},"tags":["red","green"],"addrs":[{"street":"1 First Ave","zip":11111}],"nums":[1,-1,0],"labels":{"env":"prod","tier":"web"},"ids":{"1":"one","2":"two"},"status":"Active","shape":null}`
	BaseCBOR = "b461736568656c6c6f6162f5646933327638296475333276182a64693634763b0000011f71fb04ca64753634761b0000011f71fb04cb6466333276f938006466363476f9410065627974657343010203656f70745f736178656f70745f6920686f70745f61646472a26673747265657468504f20426f782037637a69701927116461646472a2667374726565746d323231422042616b6572205374637a69701930396474616773826372656465677265656e65616464727381a2667374726565746b3120466972737420417665637a6970192b67646e756d7383012000666c6162656c73a263656e766470726f6464746965726377656263696473a201636f6e65026374776f6673746174757366416374697665657368617065f6"
)

// Peer is the same value as one struct for encoding/json and fxamacker/cbor, tagged with
// the wire names.
type Peer struct {
	S       string            `json:"s" cbor:"s"`
	B       bool              `json:"b" cbor:"b"`
	I32v    int32             `json:"i32v" cbor:"i32v"`
	U32v    uint32            `json:"u32v" cbor:"u32v"`
	I64v    int64             `json:"i64v" cbor:"i64v"`
	U64v    uint64            `json:"u64v" cbor:"u64v"`
	F32v    float32           `json:"f32v" cbor:"f32v"`
	F64v    float64           `json:"f64v" cbor:"f64v"`
	Bytes   []byte            `json:"bytes" cbor:"bytes"`
	OptS    *string           `json:"opt_s" cbor:"opt_s"`
	OptI    *int64            `json:"opt_i" cbor:"opt_i"`
	OptAddr *PeerAddress      `json:"opt_addr" cbor:"opt_addr"`
	Addr    PeerAddress       `json:"addr" cbor:"addr"`
	Tags    []string          `json:"tags" cbor:"tags"`
	Addrs   []PeerAddress     `json:"addrs" cbor:"addrs"`
	Nums    []int64           `json:"nums" cbor:"nums"`
	Labels  map[string]string `json:"labels" cbor:"labels"`
	Ids     map[int64]string  `json:"ids" cbor:"ids"`
	Status  string            `json:"status" cbor:"status"`
	Shape   *PeerShape        `json:"shape" cbor:"shape"`
}

// PeerForm is the value for go-playground/form, which reads the bytes field as text and
// has no oneofs (everything_base has no shape).
type PeerForm struct {
	S       string            `form:"s"`
	B       bool              `form:"b"`
	I32v    int32             `form:"i32v"`
	U32v    uint32            `form:"u32v"`
	I64v    int64             `form:"i64v"`
	U64v    uint64            `form:"u64v"`
	F32v    float32           `form:"f32v"`
	F64v    float64           `form:"f64v"`
	Bytes   string            `form:"bytes"`
	OptS    *string           `form:"opt_s"`
	OptI    *int64            `form:"opt_i"`
	OptAddr *PeerAddress      `form:"opt_addr"`
	Addr    PeerAddress       `form:"addr"`
	Tags    []string          `form:"tags"`
	Addrs   []PeerAddress     `form:"addrs"`
	Nums    []int64           `form:"nums"`
	Labels  map[string]string `form:"labels"`
	Ids     map[int64]string  `form:"ids"`
	Status  string            `form:"status"`
}

type PeerAddress struct {
	Street string `json:"street" cbor:"street" form:"street"`
	Zip    uint32 `json:"zip" cbor:"zip" form:"zip"`
}

type PeerShape struct {
	Circle *struct {
		Radius float64 `json:"radius" cbor:"radius" form:"radius"`
	} `json:"Circle,omitempty" cbor:"Circle,omitempty" form:"Circle"`
	Label *string `json:"Label,omitempty" cbor:"Label,omitempty" form:"Label"`
}

// PeerBase is Base as a Peer.
func PeerBase() *Peer {
	b := Base()
	return &Peer{
		S: b.S, B: b.B, I32v: b.I32v, U32v: b.U32v, I64v: b.I64v, U64v: b.U64v, F32v: b.F32v,
		F64v: b.F64v, Bytes: b.Bytes, OptS: b.OptS, OptI: b.OptI,
		OptAddr: &PeerAddress{Street: b.OptAddr.Street, Zip: b.OptAddr.Zip},
		Addr:    PeerAddress{Street: b.Addr.Street, Zip: b.Addr.Zip},
		Tags:    b.Tags,
		Addrs:   []PeerAddress{{Street: b.Addrs[0].Street, Zip: b.Addrs[0].Zip}},
		Nums:    b.Nums, Labels: b.Labels, Ids: b.Ids, Status: string(b.Status),
	}
}

// PeerFormBase is Base as a PeerForm.
func PeerFormBase() *PeerForm {
	p := PeerBase()
	return &PeerForm{
		S: p.S, B: p.B, I32v: p.I32v, U32v: p.U32v, I64v: p.I64v, U64v: p.U64v, F32v: p.F32v,
		F64v: p.F64v, Bytes: string(p.Bytes), OptS: p.OptS, OptI: p.OptI, OptAddr: p.OptAddr,
		Addr: p.Addr, Tags: p.Tags, Addrs: p.Addrs, Nums: p.Nums, Labels: p.Labels, Ids: p.Ids,
		Status: p.Status,
	}
}
