package leptosechov1

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/sfn-dev/sfn/gen/go/internal/codectest"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Not generated: the generated client codecs of this golden package, held to runtime/wire's
// plan-driven codecs on the shared reference vectors, on random values and on mutations of
// their encodings (gen/go/internal/codectest).

var (
	everythingCodecs = &codectest.Codecs[Everything]{Message: everythingMessage,
		Form: (*Everything).appendForm, JSON: (*Everything).appendJSON, CBOR: (*Everything).appendCBOR,
		DecodeJSON: (*Everything).decodeJSON, DecodeCBOR: (*Everything).decodeCBOR}
	addressCodecs = &codectest.Codecs[Address]{Message: addressMessage,
		Form: (*Address).appendForm, JSON: (*Address).appendJSON, CBOR: (*Address).appendCBOR,
		DecodeJSON: (*Address).decodeJSON, DecodeCBOR: (*Address).decodeCBOR}
	circleCodecs = &codectest.Codecs[Circle]{Message: circleMessage,
		Form: (*Circle).appendForm, JSON: (*Circle).appendJSON, CBOR: (*Circle).appendCBOR,
		DecodeJSON: (*Circle).decodeJSON, DecodeCBOR: (*Circle).decodeCBOR}
	addTodoCodecs      = &codectest.Codecs[AddTodo]{Message: addTodoMessage, Form: (*AddTodo).appendForm}
	searchCodecs       = &codectest.Codecs[Search]{Message: searchMessage, Form: (*Search).appendForm}
	titleLenCodecs     = &codectest.Codecs[TitleLen]{Message: titleLenMessage, DecodeJSON: (*TitleLen).decodeJSON}
	searchResultCodecs = &codectest.Codecs[SearchResult]{Message: searchResultMessage, DecodeJSON: (*SearchResult).decodeJSON}
)

// empty stands for vectors.v1.Empty: the arguments of a function that takes none, which
// generated clients write with wire.EncodeForm(nil), wire.EmptyJSON and wire.EmptyCBOR.
type empty struct{}

var emptyCodecs = &codectest.Codecs[empty]{
	Message: &wire.Message{Name: "vectors.v1.Empty", GoType: reflect.TypeFor[empty]()},
	Form:    func(*empty, *wire.FormWriter) {},
	JSON:    func(_ *empty, w *wire.JSONWriter) { wire.EmptyJSON(w) },
	CBOR:    func(_ *empty, w *wire.CBORWriter) { wire.EmptyCBOR(w) },
}

type vectorCase struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	URL     string `json:"url"`
	JSON    string `json:"json"`
	CBORHex string `json:"cbor_hex"`
}

// vectorCheck checks one encode case: the value is the case's CBOR read by the plan-driven
// decoder (CBOR keeps every value, NaN included); the generated encoders must give the
// case's form and CBOR bytes and the plan-driven JSON, and the generated decoders must read
// the case's JSON and CBOR as the plan-driven ones do.
func vectorCheck[T any](t *testing.T, c *codectest.Codecs[T], tc vectorCase) {
	cb, err := hex.DecodeString(tc.CBORHex)
	if err != nil {
		t.Fatal(err)
	}
	v := new(T)
	if err := wire.UnmarshalCBOR(c.Message, cb, v, nil); err != nil {
		t.Fatalf("UnmarshalCBOR: %v", err)
	}
	c.Encode(t, v)
	if c.Form != nil {
		if got, _ := c.EncodeForm(v); string(got) != tc.URL {
			t.Errorf("form = %q, want %q", got, tc.URL)
		}
	}
	if c.CBOR != nil {
		if got, _ := c.EncodeCBOR(v); hex.EncodeToString(got) != tc.CBORHex {
			t.Errorf("cbor = %x, want %s", got, tc.CBORHex)
		}
	}
	if c.JSON != nil {
		got, _ := c.EncodeJSON(v)
		var a, b any
		if json.Unmarshal(got, &a) != nil || json.Unmarshal([]byte(tc.JSON), &b) != nil || !equalJSON(a, b) {
			t.Errorf("json = %s, want (by value) %s", got, tc.JSON)
		}
	}
	c.Decode(t, "json", []byte(tc.JSON))
	c.Decode(t, "cbor", cb)
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestCodecsVectors(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../../../shared/vectors/serde-reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Encode []vectorCase `json:"encode"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tc := range ref.Encode {
		t.Run(tc.Name, func(t *testing.T) {
			switch tc.Type {
			case "Everything":
				vectorCheck(t, everythingCodecs, tc)
			case "Address":
				vectorCheck(t, addressCodecs, tc)
			case "Circle":
				vectorCheck(t, circleCodecs, tc)
			case "AddTodo":
				vectorCheck(t, addTodoCodecs, tc)
			case "Search":
				vectorCheck(t, searchCodecs, tc)
			case "Empty":
				vectorCheck(t, emptyCodecs, tc)
			default:
				t.Fatalf("no codecs for type %q", tc.Type)
			}
		})
		n++
	}
	if n < 40 {
		t.Fatalf("only %d encode cases", n)
	}
}

func TestCodecsRandom(t *testing.T) {
	t.Parallel()
	everythingCodecs.Check(t, 1, 400)
	addressCodecs.Check(t, 2, 200)
	circleCodecs.Check(t, 3, 200)
	addTodoCodecs.Check(t, 4, 200)
	searchCodecs.Check(t, 5, 200)
	titleLenCodecs.Check(t, 6, 200)
	searchResultCodecs.Check(t, 7, 200)
}

// FuzzCodecsDecode feeds any input to the generated and the plan-driven decoders of
// Everything, seeded with the reference vectors' JSON and CBOR.
func FuzzCodecsDecode(f *testing.F) {
	data, err := os.ReadFile("../../../../../shared/vectors/serde-reference.json")
	if err != nil {
		f.Fatal(err)
	}
	var ref struct {
		Encode []vectorCase `json:"encode"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		f.Fatal(err)
	}
	for _, tc := range ref.Encode {
		if tc.Type == "Everything" {
			cb, _ := hex.DecodeString(tc.CBORHex)
			f.Add(false, []byte(tc.JSON))
			f.Add(true, cb)
		}
	}
	f.Fuzz(func(t *testing.T, cbor bool, data []byte) {
		if cbor {
			everythingCodecs.Decode(t, "cbor", data)
		} else {
			everythingCodecs.Decode(t, "json", data)
		}
	})
}
