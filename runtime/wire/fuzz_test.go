package wire

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fuzz targets, one per decoder, seeded with the reference vectors. Each asserts that
// decoding never panics, and that a value that decodes encodes and decodes again to the
// same value (for form, to the value with form's known losses).

var fuzzMessages = []*Message{
	typedVectors["Everything"], typedVectors["Search"], typedVectors["AddTodo"],
	typedVectors["Empty"], typedExtras.extras, typedExtras.node, dynamicVectors["Everything"],
}

type fuzzSeed struct {
	sel  uint8
	data []byte
}

// fuzzSeeds returns the reference's bodies of one format ("url", "json" or "cbor"), each with
// the index of its message in fuzzMessages; for "url" the decode cases too.
func fuzzSeeds(f *testing.F, body string) []fuzzSeed {
	data, err := os.ReadFile(refPath)
	if err != nil {
		f.Fatal(err)
	}
	var ref refFile
	if err := json.Unmarshal(data, &ref); err != nil {
		f.Fatal(err)
	}
	index := map[string]uint8{"Everything": 0, "Search": 1, "AddTodo": 2, "Empty": 3}
	var seeds []fuzzSeed
	for _, tc := range ref.Encode {
		b := []byte(tc.URL)
		switch body {
		case "json":
			b = []byte(tc.JSON)
		case "cbor":
			b, _ = hex.DecodeString(tc.CBORHex)
		}
		seeds = append(seeds, fuzzSeed{index[tc.Type], b})
	}
	if body == "url" {
		for _, tc := range ref.Decode {
			seeds = append(seeds, fuzzSeed{index[tc.Type], []byte(tc.URL)})
		}
	}
	return seeds
}

func fuzzCheck(t *testing.T, f format, sel uint8, data []byte) {
	m := fuzzMessages[int(sel)%len(fuzzMessages)]
	v := m.New()
	if err := f.dec(m, data, v, nil); err != nil {
		return
	}
	out, err := f.enc(m, v)
	if err != nil {
		t.Fatalf("%s: %q decoded but does not encode: %v", f.name, data, err)
	}
	again := m.New()
	if err := f.dec(m, out, again, nil); err != nil {
		t.Fatalf("%s: %q decoded, re-encoded as %q, which does not decode: %v", f.name, data, out, err)
	}
	want := v
	if f.name == "form" {
		want = formLossy(m, v)
	}
	if diff := cmp.Diff(want, again, cmpOpts...); diff != "" {
		t.Fatalf("%s: %q re-encoded as %q decodes differently (-first +second):\n%s", f.name, data, out, diff)
	}
}

func FuzzForm(f *testing.F) {
	for _, s := range fuzzSeeds(f, "url") {
		f.Add(s.sel, s.data)
	}
	f.Add(uint8(4), []byte("when=2024-01-02T03%3A04%3A05Z&flags[true]=1&places[][street]=a&places[][zip]=1&choice[num]=3"))
	f.Add(uint8(5), []byte("name=a&kids[0][name]=b&next[name]=c&next[kids][]=x"))
	f.Fuzz(func(t *testing.T, sel uint8, data []byte) { fuzzCheck(t, formForm, sel, data) })
}

func FuzzJSON(f *testing.F) {
	for _, s := range fuzzSeeds(f, "json") {
		f.Add(s.sel, s.data)
	}
	f.Add(uint8(4), []byte(`{"when":"2024-01-02T03:04:05.5+01:00","maybe_at":null,"flags":{"true":1},"counts":{},"small":{"-1":0.5},"statuses":[],"blobs":[[1]],"places":{},"wrapped":null,"choice":{"ptr":{"note":null}}}`))
	f.Add(uint8(5), []byte(`{"name":"a","kids":[{"name":"b","kids":[],"next":null}],"next":null}`))
	f.Add(uint8(0), []byte(withJSON("bytes", `"a\u00e9\ud83c\udf89"`))) // bytes from a string (SPEC 4.2)
	f.Fuzz(func(t *testing.T, sel uint8, data []byte) { fuzzCheck(t, formJSON, sel, data) })
}

func FuzzCBOR(f *testing.F) {
	for _, s := range fuzzSeeds(f, "cbor") {
		f.Add(s.sel, s.data)
	}
	textBytes, _ := hex.DecodeString(strings.Replace(cborBase, cborBytesField, "656279746573"+"62c3a9", 1))
	f.Add(uint8(0), textBytes) // bytes from a text string (SPEC 4.3)
	f.Fuzz(func(t *testing.T, sel uint8, data []byte) { fuzzCheck(t, formCBOR, sel, data) })
}
