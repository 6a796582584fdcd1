package wire

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	type wrongScalar struct{ Title int }
	type noField struct{ Other string }
	type hidden struct {
		//lint:ignore U1000 the plan must refuse an unexported field
		title string
	}
	type badList struct{ Tags []int }
	type badMap struct{ M map[string]int }
	type notIface struct{ Shape string }
	type iface struct{ Shape any }
	type wrapperTwo struct{ A, B string }
	type wrapper struct{ S string }
	type timeField struct{ When string }
	type embedded struct{ noField }
	str := func(goName string) []Field { return []Field{{Name: "x", GoName: goName, Type: String}} }
	cases := []struct {
		name string
		m    *Message
		want string
	}{
		{"not a struct", &Message{Name: "p.M", GoType: reflect.TypeFor[int]()}, "p.M: Go type int is not a struct"},
		{"missing field", &Message{Name: "p.M", Fields: str("Title"), GoType: reflect.TypeFor[noField]()}, "p.M.x: Go type wire.noField has no exported field \"Title\""},
		{"promoted field", &Message{Name: "p.M", Fields: str("Other"), GoType: reflect.TypeFor[embedded]()}, "p.M.x: Go type wire.embedded has no exported field \"Other\""},
		{"unexported field", &Message{Name: "p.M", Fields: str("title"), GoType: reflect.TypeFor[hidden]()}, "has no exported field \"title\""},
		{"wrong scalar", &Message{Name: "p.M", Fields: str("Title"), GoType: reflect.TypeFor[wrongScalar]()}, "p.M.x: Go type int, want string"},
		{"wrong list element", &Message{Name: "p.M", Fields: []Field{{Name: "tags", GoName: "Tags", Type: ListOf(String)}}, GoType: reflect.TypeFor[badList]()}, "p.M.tags: Go type int, want string"},
		{"wrong map value", &Message{Name: "p.M", Fields: []Field{{Name: "m", GoName: "M", Type: MapOf(String, String)}}, GoType: reflect.TypeFor[badMap]()}, "p.M.m: Go type int, want string"},
		{"bad map key", &Message{Name: "p.M", Fields: []Field{{Name: "m", GoName: "M", Type: MapOf(Float64, String)}}}, "p.M.m: map key of kind float64"},
		{"no type", &Message{Name: "p.M", Fields: []Field{{Name: "x"}}}, "p.M.x: no type"},
		{"invalid kind", &Message{Name: "p.M", Fields: []Field{{Name: "x", Type: &Type{}}}}, "p.M.x: invalid kind invalid"},
		{"timestamp", &Message{Name: "p.M", Fields: []Field{{Name: "when", GoName: "When", Type: Timestamp}}, GoType: reflect.TypeFor[timeField]()}, "p.M.when: Go type string, want time.Time"},
		{"duplicate field", &Message{Name: "p.M", Fields: []Field{{Name: "x", Type: String}, {Name: "x", Type: Bool}}}, "p.M: two fields named \"x\""},
		{"oneof not an interface", &Message{Name: "p.M", Fields: []Field{{Name: "shape", GoName: "Shape", Oneof: &Oneof{}}}, GoType: reflect.TypeFor[notIface]()}, "p.M.shape: Go type string of a oneof is not an interface"},
		{"wrapper of two fields", &Message{Name: "p.M", Fields: []Field{{Name: "shape", GoName: "Shape", Oneof: &Oneof{Variants: []Variant{{Name: "A", Type: String, GoType: reflect.TypeFor[wrapperTwo]()}}}}}, GoType: reflect.TypeFor[iface]()}, "p.M.shape.A: wrapper wire.wrapperTwo is not a struct with one exported field"},
		{"wrapper not implementing", &Message{Name: "p.M", Fields: []Field{{Name: "shape", GoName: "Shape", Oneof: &Oneof{Variants: []Variant{{Name: "A", Type: String, GoType: reflect.TypeFor[wrapper]()}}}}}, GoType: reflect.TypeFor[Everything]()}, "p.M.shape.A: wrapper wire.wrapper does not implement wire.EverythingShape"},
		{"wrapper used twice", &Message{Name: "p.M", Fields: []Field{{Name: "shape", GoName: "Shape", Oneof: &Oneof{Variants: []Variant{
			{Name: "A", Type: String, GoType: reflect.TypeFor[wrapper]()}, {Name: "B", Type: String, GoType: reflect.TypeFor[wrapper]()}}}}}, GoType: reflect.TypeFor[iface]()}, "p.M.shape.B: wrapper wire.wrapper used by two variants"},
		{"transparent of two", &Message{Name: "p.M", Transparent: true, Fields: []Field{{Name: "a", Type: String}, {Name: "b", Type: String}}}, "p.M: a transparent message has exactly one field, not 2"},
		{"unit with fields", &Message{Name: "p.M", Unit: true, Fields: str("")}, "p.M: a unit message has no fields"},
		{"nested message of another type", &Message{Name: "p.M", Fields: []Field{{Name: "addr", GoName: "Addr", Type: MessageType(typedVectors["Circle"])}}, GoType: reflect.TypeFor[Everything]()}, "p.M.addr: Go type wire.Address, want vectors.v1.Circle's Go type wire.Circle"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.m.Check()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check() = %v, want an error containing %q", err, tc.want)
			}
			// The failure sticks, and every entry point reports it.
			if _, err2 := MarshalJSON(tc.m, &struct{}{}); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("MarshalJSON error %v, want %v", err2, err)
			}
			if tc.m.New() != nil {
				t.Errorf("New() of a broken message is not nil")
			}
		})
	}
}

// TestDynamicModeOff checks a Message without a GoType planned before dynamic mode is on:
// it fails saying why, and the failure is not kept, so New still works afterwards.
func TestDynamicModeOff(t *testing.T) {
	t.Parallel()
	m := &Message{Name: "p.M", Fields: []Field{{Name: "x", Type: String}}}
	_, err := m.buildPlan(nil)
	if want := "p.M: no GoType, and dynamic mode is off"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("plan error %v, want one containing %q", err, want)
	}
	if m.plan.Load() != nil {
		t.Fatal("the failure was kept")
	}
	v := m.New()
	if v == nil {
		t.Fatal("New() = nil after the failure")
	}
	if err := UnmarshalJSON(m, []byte(`{"x":"y"}`), v, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDynamicTypes(t *testing.T) {
	t.Parallel()
	m := &Message{Name: "p.M", Fields: []Field{
		{Name: "opt_addr", Type: String},
		{Name: "OptAddr", Type: String},
		{Name: "9lives", Type: Bool},
		{Name: "x", GoName: "Custom", Type: Int64},
		{Name: "éclair", Type: Timestamp},
		{Name: "v", Oneof: &Oneof{Variants: []Variant{{Name: "a", Type: String}, {Name: "A", Type: String}}}},
	}}
	v := m.New()
	if v == nil {
		t.Fatal(m.Check())
	}
	rt := reflect.TypeOf(v).Elem()
	var names []string
	for i := range rt.NumField() {
		names = append(names, rt.Field(i).Name+" "+rt.Field(i).Type.String())
	}
	want := []string{"OptAddr string", "OptAddr_1 string", "F9lives bool", "Custom int64", "Éclair time.Time", "V interface {}"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("dynamic fields (-want +got):\n%s", diff)
	}
	p, _ := m.getPlan()
	if a, b := p.fields[5].oneof.variants[0].wrapper, p.fields[5].oneof.variants[1].wrapper; a == b {
		t.Errorf("two variants share the wrapper %v", a)
	}
	// The dynamic value goes through the codecs like any other.
	rv := reflect.ValueOf(v).Elem()
	rv.Field(0).SetString("a b")
	rv.Field(4).Set(reflect.ValueOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)))
	w := reflect.New(p.fields[5].oneof.variants[1].wrapper).Elem()
	w.Field(0).SetString("z")
	rv.Field(5).Set(w)
	js, err := MarshalJSON(m, v)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{"opt_addr":"a b","OptAddr":"","9lives":false,"x":0,"éclair":"2020-01-01T00:00:00Z","v":{"A":"z"}}`
	if string(js) != wantJSON {
		t.Errorf("MarshalJSON = %s, want %s", js, wantJSON)
	}
	back := m.New()
	if err := UnmarshalJSON(m, js, back, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestConcurrentFirstUse builds a plan from many goroutines at once (run with -race).
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	for _, typed := range []bool{true, false} {
		m := vectorSchema(typed)["Everything"]
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				v := m.New()
				if err := UnmarshalForm(m, []byte(baseURL), v, nil); err != nil {
					t.Error(err)
					return
				}
				if got, err := MarshalForm(m, v); err != nil || string(got) != baseURL {
					t.Errorf("MarshalForm = %q, %v", got, err)
				}
			})
		}
		wg.Wait()
	}
}

// TestDynamicRecursion: reflect.StructOf cannot make recursive types, so a dynamic Node
// holds its recursive references boxed; values still go through every format.
func TestDynamicRecursion(t *testing.T) {
	t.Parallel()
	m := dynamicExtras.node
	in := `{"name":"root","kids":[{"name":"a","kids":[],"next":null}],"next":{"name":"n","kids":[{"name":"deep","kids":[],"next":null}],"next":null}}`
	v := m.New()
	if err := UnmarshalJSON(m, []byte(in), v, nil); err != nil {
		t.Fatal(err)
	}
	rt := reflect.TypeOf(v).Elem()
	if got := rt.Field(1).Type.String(); got != "[]interface {}" {
		t.Errorf("kids has Go type %s, want []interface {}", got)
	}
	out, err := MarshalJSON(m, v)
	if err != nil || string(out) != in {
		t.Errorf("MarshalJSON = %s, %v; want %s", out, err, in)
	}
	for _, f := range []format{formForm, formCBOR} {
		data, err := f.enc(m, v)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		back := m.New()
		if err := f.dec(m, data, back, nil); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if out, _ := MarshalJSON(m, back); string(out) != in {
			t.Errorf("%s round trip = %s", f.name, out)
		}
	}
}
