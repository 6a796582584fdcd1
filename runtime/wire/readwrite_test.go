package wire

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The writers and readers are held to the plan-driven codecs through generated code in
// gen/go (client_codecs_test.go and the golden packages' codecs_test.go); these are the
// parts generated code calls that have no plan-driven twin.

func TestSortedKeys(t *testing.T) {
	t.Parallel()
	if got, want := SortedKeys(map[string]int{"b": 1, "a": 2, "": 3, "ab": 4}), []string{"", "a", "ab", "b"}; !cmp.Equal(got, want) {
		t.Errorf("strings: %v, want %v", got, want)
	}
	if got, want := SortedKeys(map[int64]int{10: 1, -3: 2, 2: 3}), []int64{-3, 2, 10}; !cmp.Equal(got, want) {
		t.Errorf("integers: %v, want %v", got, want)
	}
	if got := SortedKeys(map[uint32]int(nil)); len(got) != 0 {
		t.Errorf("nil map: %v", got)
	}
}

func TestPut(t *testing.T) {
	t.Parallel()
	var m map[string]int
	if !Put(&m, "a", 1) || m == nil || m["a"] != 1 {
		t.Fatalf("first Put: %v", m)
	}
	if Put(&m, "a", 2) || m["a"] != 1 {
		t.Errorf("duplicate Put replaced the value: %v", m)
	}
}

func TestEmptyAndUnit(t *testing.T) {
	t.Parallel()
	if b, err := EncodeJSON(nil, EmptyJSON); err != nil || string(b) != "{}" {
		t.Errorf("EmptyJSON = %q, %v", b, err)
	}
	if b, err := EncodeCBOR(nil, EmptyCBOR); err != nil || string(b) != "\xa0" {
		t.Errorf("EmptyCBOR = %x, %v", b, err)
	}
	if b, err := EncodeForm([]byte("p?"), nil); err != nil || string(b) != "p?" {
		t.Errorf("EncodeForm(nil) = %q, %v", b, err)
	}
	for _, tc := range []struct {
		in, err string
	}{
		{" null ", ""},
		{"{}", "invalid type: map, expected unit"},
		{"nul", "EOF while parsing a value at line 1 column 3"},
		{"nulx", "expected ident at line 1 column 4"},
		{"nx", "expected ident at line 1 column 2"},
		{"null 1", "trailing characters at line 1 column 6"},
	} {
		err := DecodeJSON([]byte(tc.in), nil, UnitJSON)
		if got := errText(err); got != tc.err {
			t.Errorf("UnitJSON(%q) = %q, want %q", tc.in, got, tc.err)
		}
		if werr := UnmarshalJSON(UnitMessage, []byte(tc.in), new(struct{}), nil); errText(werr) != tc.err {
			t.Errorf("UnmarshalJSON(%q) = %q, want %q", tc.in, errText(werr), tc.err)
		}
	}
	for _, tc := range []struct {
		in, err string
	}{
		{"\xf6", ""},
		{"\xf7", "invalid type: undefined, expected unit"},
		{"\xa0", "invalid type: map, expected unit"},
		{"\xf6\x00", "1 trailing bytes after the value"},
	} {
		err := DecodeCBOR([]byte(tc.in), nil, UnitCBOR)
		if got := errText(err); got != tc.err {
			t.Errorf("UnitCBOR(%x) = %q, want %q", tc.in, got, tc.err)
		}
		if werr := UnmarshalCBOR(UnitMessage, []byte(tc.in), new(struct{}), nil); errText(werr) != tc.err {
			t.Errorf("UnmarshalCBOR(%x) = %q, want %q", tc.in, errText(werr), tc.err)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
