package wire

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	bad := "a\xffb"
	cases := []struct {
		name       string
		v          *Everything
		path, text string
		formats    []format // nil for all three
	}{
		{"unknown enum", &Everything{Status: "Deleted"}, "status", "invalid value \"Deleted\" for enum vectors.v1.Status, expected `Active` or `Archived`", nil},
		{"empty enum", &Everything{}, "status", "invalid value \"\" for enum vectors.v1.Status, expected `Active` or `Archived`", nil},
		{"string not UTF-8", &Everything{S: bad, Status: StatusActive}, "s", "string is not valid UTF-8", nil},
		{"optional string not UTF-8", &Everything{OptS: &bad, Status: StatusActive}, "opt_s", "string is not valid UTF-8", nil},
		{"list element not UTF-8", &Everything{Tags: []string{"ok", bad}, Status: StatusActive}, "tags[1]", "string is not valid UTF-8", nil},
		{"map key not UTF-8", &Everything{Labels: map[string]string{bad: "v"}, Status: StatusActive}, `labels["a\xffb"]`, "map key is not valid UTF-8", nil},
		{"map value not UTF-8", &Everything{Labels: map[string]string{"k": bad}, Status: StatusActive}, `labels["k"]`, "string is not valid UTF-8", nil},
		{"int map value", &Everything{Ids: map[int64]string{-3: bad}, Status: StatusActive}, "ids[-3]", "string is not valid UTF-8", nil},
		{"variant value", &Everything{Status: StatusActive, Shape: EverythingShapeLabel{Label: bad}}, "shape.Label", "string is not valid UTF-8", nil},
		{"pointer to a wrapper", &Everything{Status: StatusActive, Shape: &EverythingShapeCircle{}}, "shape", "holds a *wire.EverythingShapeCircle, which is none of the oneof's variant wrappers", nil},
	}
	for _, tc := range cases {
		for _, f := range []format{formForm, formJSON, formCBOR} {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				_, err := f.enc(everythingDesc, tc.v)
				var ee *EncodeError
				if !errors.As(err, &ee) {
					t.Fatalf("err = %v, want an *EncodeError", err)
				}
				if diff := cmp.Diff(tc.path+": "+tc.text, ee.Path+": "+ee.Msg); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestEncodeRefusals(t *testing.T) {
	t.Parallel()
	bag := typedExtras.jsonBag
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"wrong Go type", func() error { _, err := MarshalJSON(everythingDesc, &AddTodo{}); return err },
			"wire: MarshalJSON vectors.v1.Everything: value of type *wire.AddTodo, want *wire.Everything"},
		{"not a pointer", func() error { _, err := MarshalCBOR(everythingDesc, Everything{}); return err },
			"wire: MarshalCBOR vectors.v1.Everything: value of type wire.Everything, want *wire.Everything"},
		{"nil pointer", func() error { return UnmarshalForm(everythingDesc, nil, (*Everything)(nil), nil) },
			"wire: UnmarshalForm vectors.v1.Everything: nil *wire.Everything"},
		{"nil value", func() error { return UnmarshalJSON(everythingDesc, nil, nil, nil) },
			"wire: UnmarshalJSON vectors.v1.Everything: value of type nil, want *wire.Everything"},
		{"nil message", func() error { _, err := MarshalForm(nil, &Everything{}); return err },
			"wire: MarshalForm: nil *Message"},
		{"JSON kinds in form", func() error { _, err := MarshalForm(bag, &JSONBag{}); return err },
			"field any holds google.protobuf.Value or Struct, which form encoding cannot carry"},
		{"JSON kinds in CBOR", func() error { return UnmarshalCBOR(bag, []byte{0xa0}, &JSONBag{}, nil) },
			"field any holds google.protobuf.Value or Struct, which CBOR cannot carry"},
		{"unsupported any", func() error { _, err := MarshalJSON(bag, &JSONBag{Any: time.Second}); return err },
			"any: a google.protobuf.Value cannot hold a time.Duration"},
		{"cyclic any", func() error {
			m := map[string]any{}
			m["self"] = m
			_, err := MarshalJSON(bag, &JSONBag{Obj: m})
			return err
		}, "value nested more than 1000 levels deep (a cycle?)"},
		{"transparent list in form", func() error { _, err := MarshalForm(typedExtras.todoList, &TodoList{}); return err },
			"form encoding needs a struct at the top level, and extras.v1.TodoList stands for a list"},
		{"timestamp out of chrono's range", func() error {
			_, err := MarshalJSON(typedExtras.extras, &Extras{When: time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}, "when: timestamp year 300000 is outside chrono's range"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.run()
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if got := err.Error(); !strings.HasSuffix(got, tc.want) {
				t.Errorf("error %q, want it to end %q", got, tc.want)
			}
		})
	}
}

// TestHugeSparseIndex checks that an index only orders a list: tags[99999999999]=x costs
// what tags[0]=x costs.
func TestHugeSparseIndex(t *testing.T) {
	decode := func(body string) func() {
		return func() {
			var s Search
			if err := UnmarshalForm(searchDesc, []byte(body), &s, nil); err != nil {
				t.Fatal(err)
			}
			if len(s.Tags) != 1 || s.Tags[0] != "x" {
				t.Fatalf("tags = %q", s.Tags)
			}
		}
	}
	// Under -race sync.Pool drops a quarter of what it is given, at random, so a run can
	// count an allocation or two more: the fewest of three runs of each is compared, with
	// one allocation of slack.
	fewest := func(f func()) float64 {
		return min(testing.AllocsPerRun(100, f), testing.AllocsPerRun(100, f), testing.AllocsPerRun(100, f))
	}
	small := fewest(decode("q=z&tags[0]=x"))
	huge := fewest(decode("q=z&tags[99999999999]=x"))
	if huge > small+1 {
		t.Errorf("tags[99999999999] took %v allocations, tags[0] %v", huge, small)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		decode("q=z&tags[18446744073709551615]=x")()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 100; per > 4096 {
		t.Errorf("a huge index allocated %d bytes a decode", per)
	}
}

func TestDecodeReplacesValue(t *testing.T) {
	t.Parallel()
	// Decoding replaces the value, it does not merge into it.
	v := &Search{Q: "old", Page: new(uint32), Tags: []string{"old"}}
	if err := UnmarshalForm(searchDesc, []byte("q=new"), v, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&Search{Q: "new"}, v, cmpOpts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
