package wire

import (
	"encoding/hex"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSONFloatLayout(t *testing.T) {
	t.Parallel()
	// serde_json (ryu) spellings.
	cases := []struct {
		f    float64
		bits int
		want string
	}{
		{1, 64, "1.0"}, {0.1, 64, "0.1"}, {math.Copysign(0, -1), 64, "-0.0"},
		{1e21, 64, "1e21"}, {1e-7, 64, "1e-7"}, {1e15, 64, "1000000000000000.0"},
		{1e16, 64, "1e16"}, {1.5e16, 64, "1.5e16"}, {123456.789, 64, "123456.789"},
		{0.0001, 64, "0.0001"}, {0.00001, 64, "0.00001"}, {0.000001, 64, "1e-6"}, {1.5e300, 64, "1.5e300"},
		{5e-324, 64, "5e-324"}, {math.MaxFloat64, 64, "1.7976931348623157e308"},
		{float64(float32(0.1)), 32, "0.1"}, {1e12, 32, "1000000000000.0"}, {1e13, 32, "1e13"},
		{float64(float32(1e-6)), 32, "0.000001"}, {float64(float32(1e-7)), 32, "1e-7"},
		{float64(float32(3.4028235e38)), 32, "3.4028235e38"},
	}
	for _, tc := range cases {
		if got := string(appendJSONFloat(nil, tc.f, tc.bits)); got != tc.want {
			t.Errorf("appendJSONFloat(%v, %d) = %q, want %q", tc.f, tc.bits, got, tc.want)
		}
	}
}

func TestRustDisplayFloat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		f    float64
		bits int
		want string
	}{
		{1, 64, "1"}, {0.1, 64, "0.1"}, {1e21, 64, "1000000000000000000000"}, {1e-7, 64, "0.0000001"},
		{math.NaN(), 64, "NaN"}, {math.Inf(1), 64, "inf"}, {math.Inf(-1), 32, "-inf"},
		{math.Copysign(0, -1), 64, "-0"}, {float64(float32(0.1)), 32, "0.1"},
	}
	for _, tc := range cases {
		if got := string(appendRustFloat(nil, tc.f, tc.bits)); got != tc.want {
			t.Errorf("appendRustFloat(%v, %d) = %q, want %q", tc.f, tc.bits, got, tc.want)
		}
	}
}

func TestCBORFloatWidth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		f    float64
		want string
	}{
		{0, "f90000"}, {math.Copysign(0, -1), "f98000"}, {1, "f93c00"}, {1.5, "f93e00"},
		{65504, "f97bff"}, {65505, "fa477fe100"}, {5.960464477539063e-8, "f90001"},
		{6.103515625e-05, "f90400"}, {math.Inf(1), "f97c00"}, {math.Inf(-1), "f9fc00"},
		{math.NaN(), "f97e00"}, {math.Float64frombits(0x7ff8000000000001), "f97e00"},
		{0.1, "fb3fb999999999999a"}, {float64(float32(0.1)), "fa3dcccccd"}, {100000, "fa47c35000"},
		{1e-45, "fb3696d601ad376ab9"}, {float64(math.Float32frombits(1)), "fa00000001"},
	}
	for _, tc := range cases {
		if got := hex.EncodeToString(appendCBORFloat(nil, tc.f)); got != tc.want {
			t.Errorf("appendCBORFloat(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
	for h := range 1 << 16 {
		f := float16Value(uint16(h))
		if math.IsNaN(f) {
			continue
		}
		if got, ok := float16Bits(f); !ok || got != uint16(h) {
			t.Fatalf("float16Bits(float16Value(%#04x) = %v) = %#04x, %v", h, f, got, ok)
		}
	}
}

func TestRustParse(t *testing.T) {
	t.Parallel()
	ints := []struct {
		in       string
		min, max int64
		want     int64
		msg      string
	}{
		{"0", math.MinInt32, math.MaxInt32, 0, ""},
		{"+7", math.MinInt32, math.MaxInt32, 7, ""},
		{"-2147483648", math.MinInt32, math.MaxInt32, math.MinInt32, ""},
		{"007", math.MinInt32, math.MaxInt32, 7, ""},
		{"-9223372036854775808", math.MinInt64, math.MaxInt64, math.MinInt64, ""},
		{"", math.MinInt32, math.MaxInt32, 0, msgIntEmpty},
		{"-", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
		{"+", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
		{" 1", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
		{"1 ", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
		{"--1", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
		{"99999999999x", math.MinInt32, math.MaxInt32, 0, msgIntTooLarge},
		{"-99999999999x", math.MinInt32, math.MaxInt32, 0, msgIntTooSmall},
		{"1x99999999999", math.MinInt32, math.MaxInt32, 0, msgIntInvalid},
	}
	for _, tc := range ints {
		got, msg := parseRustInt([]byte(tc.in), tc.min, tc.max)
		if got != tc.want || msg != tc.msg {
			t.Errorf("parseRustInt(%q) = %d, %q; want %d, %q", tc.in, got, msg, tc.want, tc.msg)
		}
	}
	if _, msg := parseRustUint([]byte("-0"), math.MaxUint32); msg != msgIntInvalid {
		t.Errorf("parseRustUint(-0) = %q", msg)
	}
	floats := []struct {
		in   string
		want float64
		msg  string
	}{
		{"1", 1, ""}, {"1.", 1, ""}, {".5", 0.5, ""}, {"+1.5", 1.5, ""}, {"-1e3", -1000, ""}, {"1E+2", 100, ""},
		{"inf", math.Inf(1), ""}, {"-Infinity", math.Inf(-1), ""}, {"1e400", math.Inf(1), ""}, {"1e-400", 0, ""},
		{"", 0, msgFloatEmpty}, {".", 0, msgFloatBad}, {"e5", 0, msgFloatBad}, {"1e", 0, msgFloatBad},
		{"0x1p3", 0, msgFloatBad}, {"1_0", 0, msgFloatBad}, {" 1", 0, msgFloatBad}, {"infx", 0, msgFloatBad},
	}
	for _, tc := range floats {
		got, msg := parseRustFloat(tc.in, 64)
		if got != tc.want || msg != tc.msg {
			t.Errorf("parseRustFloat(%q) = %v, %q; want %v, %q", tc.in, got, msg, tc.want, tc.msg)
		}
	}
	if f, msg := parseRustFloat("NaN", 64); !math.IsNaN(f) || msg != "" {
		t.Errorf("parseRustFloat(NaN) = %v, %q", f, msg)
	}
}

func TestTimestamps(t *testing.T) {
	t.Parallel()
	format := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "2024-01-02T03:04:05Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 120_000_000, time.UTC), "2024-01-02T03:04:05.120Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 1_000, time.UTC), "2024-01-02T03:04:05.000001Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 1, time.UTC), "2024-01-02T03:04:05.000000001Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)), "2024-01-02T02:04:05Z"},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "0000-01-01T00:00:00Z"},
		{time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), "-0001-01-01T00:00:00Z"},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "+10000-01-01T00:00:00Z"},
		{time.Time{}, "0001-01-01T00:00:00Z"},
	}
	for _, tc := range format {
		got, err := appendTimestamp(nil, tc.t)
		if err != nil || string(got) != tc.want {
			t.Errorf("appendTimestamp(%v) = %q, %v; want %q", tc.t, got, err, tc.want)
		}
		back, msg := parseTimestamp(tc.want)
		if msg != "" || !back.Equal(tc.t) {
			t.Errorf("parseTimestamp(%q) = %v, %q; want %v", tc.want, back, msg, tc.t)
		}
	}
	parse := []struct {
		in   string
		want time.Time
		msg  string
	}{
		{"2024-01-02T03:04:05+01:30", time.Date(2024, 1, 2, 1, 34, 5, 0, time.UTC), ""},
		{"2024-01-02t03:04:05.5z", time.Date(2024, 1, 2, 3, 4, 5, 500_000_000, time.UTC), ""},
		{"2024-01-02 03:04:05-00:00", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), ""},
		{"2024-01-02T03:04:05.1234567891Z", time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC), ""},
		{"2024-02-30T00:00:00Z", time.Time{}, msgTimeRange},
		{"2024-01-02T24:00:00Z", time.Time{}, msgTimeRange},
		{"2024-01-02T03:04:05", time.Time{}, msgTimeShort},
		{"2024-01-02T03:04:05Zx", time.Time{}, msgTimeTrailing},
		{"2024-01-02X03:04:05Z", time.Time{}, msgTimeInvalid},
		{"24-01-02T03:04:05Z", time.Time{}, msgTimeInvalid},
		{"", time.Time{}, msgTimeShort},
	}
	for _, tc := range parse {
		got, msg := parseTimestamp(tc.in)
		if msg != tc.msg || !got.Equal(tc.want) {
			t.Errorf("parseTimestamp(%q) = %v, %q; want %v, %q", tc.in, got, msg, tc.want, tc.msg)
		}
	}
}

// TestExtrasEncodings pins the bytes of kinds the vectors do not cover.
func TestExtrasEncodings(t *testing.T) {
	t.Parallel()
	n := int32(-5)
	v := &Extras{
		When:     time.Date(2024, 1, 2, 3, 4, 5, 120_000_000, time.UTC),
		Flags:    map[bool]int32{true: 1, false: -1},
		Counts:   map[uint32]uint64{10: 1, 9: 2},
		Small:    map[int32]float32{-1: 0.5},
		Statuses: []Status{StatusArchived},
		Blobs:    [][]byte{{0xff}, {}},
		Places:   map[string]Address{"b": {"x", 1}, "a": {"", 0}},
		Wrapped:  &n,
		Choice:   ExtrasChoicePtr{Ptr: PtrOnly{Note: new(string)}},
	}
	m := typedExtras.extras
	want := map[string]string{
		"form": "when=2024-01-02T03%3A04%3A05.120Z&flags[false]=-1&flags[true]=1&counts[9]=2&counts[10]=1&small[-1]=0.5&statuses[0]=Archived&blobs[0]=%FF&blobs[1]=&places[a][street]=&places[a][zip]=0&places[b][street]=x&places[b][zip]=1&wrapped=-5&choice[ptr][note]=",
		"json": `{"when":"2024-01-02T03:04:05.120Z","maybe_at":null,"flags":{"false":-1,"true":1},"counts":{"9":2,"10":1},"small":{"-1":0.5},"statuses":["Archived"],"blobs":[[255],[]],"places":{"a":{"street":"","zip":0},"b":{"street":"x","zip":1}},"wrapped":-5,"choice":{"ptr":{"note":""}}}`,
		"cbor": "aa647768656e7818323032342d30312d30325430333a30343a30352e3132305a686d617962655f6174f665666c616773a2f420f50166636f756e7473a209020a01" +
			"65736d616c6ca120f93800687374617475736573816841726368697665646562" +
			"6c6f62738241ff4066706c61636573a26161a266737472656574606" + "37a697000" +
			"6162a2667374726565746178637a69700167777261707065642466" + "63686f696365a163707472a1646e6f746560",
	}
	for _, f := range []format{formForm, formJSON, formCBOR} {
		got, err := f.enc(m, v)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		s := string(got)
		if f.name == "cbor" {
			s = hex.EncodeToString(got)
		}
		if diff := cmp.Diff(want[f.name], s); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.name, diff)
		}
		back := &Extras{}
		if err := f.dec(m, got, back, nil); err != nil {
			t.Fatalf("%s: decoding: %v", f.name, err)
		}
		wantBack := any(v)
		if f.name == "form" {
			wantBack = formLossy(m, v)
		}
		if diff := cmp.Diff(wantBack, back, cmpOpts...); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", f.name, diff)
		}
	}
}

// TestJSONObjectOrder checks that free-form objects are written with their keys sorted
// bytewise at every level, as serde_json's Map (a BTreeMap) writes them.
func TestJSONObjectOrder(t *testing.T) {
	t.Parallel()
	v := &JSONBag{
		Any: map[string]any{"b": 1, "a": []any{map[string]any{"z": true, "y": nil}}},
		Obj: map[string]any{"k2": "x", "k1": 2.5, "K0": false, "": "empty"},
	}
	got, err := MarshalJSON(typedExtras.jsonBag, v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"any":{"a":[{"y":null,"z":true}],"b":1},"obj":{"":"empty","K0":false,"k1":2.5,"k2":"x"},"maybe":null}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUnitAndTransparent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		m    *Message
		v    any
		json string
		cbor string
	}{
		{"unit", UnitMessage, &struct{}{}, "null", "f6"},
		{"transparent number", typedExtras.titleLen, &TitleLen{Len: 8}, "8", "08"},
		{"transparent list", typedExtras.todoList, &TodoList{Todos: []AddTodo{{"a"}}}, `[{"title":"a"}]`, "81a1657469746c656161"},
		{"empty message", typedVectors["Empty"], &Empty{}, "{}", "a0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			js, err := MarshalJSON(tc.m, tc.v)
			if err != nil || string(js) != tc.json {
				t.Errorf("MarshalJSON = %s, %v; want %s", js, err, tc.json)
			}
			cb, err := MarshalCBOR(tc.m, tc.v)
			if err != nil || hex.EncodeToString(cb) != tc.cbor {
				t.Errorf("MarshalCBOR = %x, %v; want %s", cb, err, tc.cbor)
			}
			got := tc.m.New()
			if err := UnmarshalJSON(tc.m, []byte(" "+tc.json+" "), got, nil); err != nil {
				t.Errorf("UnmarshalJSON: %v", err)
			} else if diff := cmp.Diff(tc.v, got, cmpOpts...); diff != "" {
				t.Errorf("UnmarshalJSON (-want +got):\n%s", diff)
			}
			got = tc.m.New()
			if err := UnmarshalCBOR(tc.m, cb, got, nil); err != nil {
				t.Errorf("UnmarshalCBOR: %v", err)
			} else if diff := cmp.Diff(tc.v, got, cmpOpts...); diff != "" {
				t.Errorf("UnmarshalCBOR (-want +got):\n%s", diff)
			}
		})
	}
}
