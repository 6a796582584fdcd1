package bench

import (
	"encoding/hex"
	"encoding/json"
	"net/url"
	"reflect"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/go-playground/form/v4"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// The wire codecs on the reference's everything_base value, beside their peers on the
// same value: encoding/json, fxamacker/cbor (bare Marshal/Unmarshal, shortest floats) and
// go-playground/form (decoding the same url, bracket namespaces).

var (
	baseCBOR, _ = hex.DecodeString(BaseCBOR)

	cborEnc, _ = cbor.EncOptions{ShortestFloat: cbor.ShortestFloat16}.EncMode()
	cborDec, _ = cbor.DecOptions{}.DecMode()

	formDec = func() *form.Decoder {
		d := form.NewDecoder()
		d.SetNamespacePrefix("[")
		d.SetNamespaceSuffix("]")
		return d
	}()
)

// TestPeersAgree checks that every codec benchmarked here reads and writes the same value,
// so the benchmarks compare like with like.
func TestPeersAgree(t *testing.T) {
	for _, m := range []*wire.Message{EverythingDesc, DynamicEverythingDesc} {
		v := m.New()
		if err := wire.UnmarshalForm(m, []byte(BaseURL), v, nil); err != nil {
			t.Fatal(err)
		}
		got, err := wire.MarshalForm(m, v)
		if err != nil || string(got) != BaseURL {
			t.Errorf("%s: form round trip = %q, %v", m.Name, got, err)
		}
		cb, err := wire.MarshalCBOR(m, v)
		if err != nil || hex.EncodeToString(cb) != BaseCBOR {
			t.Errorf("%s: CBOR = %x, %v", m.Name, cb, err)
		}
	}
	vals, err := url.ParseQuery(BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var pf PeerForm
	if err := formDec.Decode(&pf, vals); err != nil {
		t.Fatal(err)
	}
	if want := PeerFormBase(); !reflect.DeepEqual(&pf, want) {
		t.Errorf("go-playground/form decoded %+v, want %+v", pf, want)
	}
	want := PeerBase()
	var pc Peer
	if err := cborDec.Unmarshal(baseCBOR, &pc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&pc, want) {
		t.Errorf("fxamacker decoded %+v, want %+v", pc, want)
	}
	var pj Peer
	if err := json.Unmarshal([]byte(BaseJSON), &pj); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&pj, want) {
		t.Errorf("encoding/json decoded %+v, want %+v", pj, want)
	}
}

// benchSfnEncode measures Marshal, which returns a new slice as the peers' Marshal do.
func benchSfnEncode(b *testing.B, m *wire.Message, v any, enc func(*wire.Message, any) ([]byte, error)) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := enc(m, v); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSfnDecode(b *testing.B, m *wire.Message, data []byte, dec func(*wire.Message, []byte, any, *wire.Limits) error) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	v := m.New()
	for b.Loop() {
		if err := dec(m, data, v, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForm(b *testing.B) {
	b.Run("Encode/sfn", func(b *testing.B) { benchSfnEncode(b, EverythingDesc, Base(), wire.MarshalForm) })
	b.Run("Decode/sfn", func(b *testing.B) { benchSfnDecode(b, EverythingDesc, []byte(BaseURL), wire.UnmarshalForm) })
	b.Run("Decode/sfn-dynamic", func(b *testing.B) {
		benchSfnDecode(b, DynamicEverythingDesc, []byte(BaseURL), wire.UnmarshalForm)
	})
	b.Run("Decode/go-playground-form", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(BaseURL)))
		for b.Loop() {
			vals, err := url.ParseQuery(BaseURL)
			if err != nil {
				b.Fatal(err)
			}
			var p PeerForm
			if err := formDec.Decode(&p, vals); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkJSON(b *testing.B) {
	b.Run("Encode/sfn", func(b *testing.B) { benchSfnEncode(b, EverythingDesc, Base(), wire.MarshalJSON) })
	b.Run("Encode/encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		p := PeerBase()
		for b.Loop() {
			if _, err := json.Marshal(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Decode/sfn", func(b *testing.B) { benchSfnDecode(b, EverythingDesc, []byte(BaseJSON), wire.UnmarshalJSON) })
	b.Run("Decode/encoding-json", func(b *testing.B) {
		data := []byte(BaseJSON)
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var p Peer
			if err := json.Unmarshal(data, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCBOR(b *testing.B) {
	b.Run("Encode/sfn", func(b *testing.B) { benchSfnEncode(b, EverythingDesc, Base(), wire.MarshalCBOR) })
	b.Run("Encode/fxamacker", func(b *testing.B) {
		b.ReportAllocs()
		p := PeerBase()
		for b.Loop() {
			if _, err := cborEnc.Marshal(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Decode/sfn", func(b *testing.B) { benchSfnDecode(b, EverythingDesc, baseCBOR, wire.UnmarshalCBOR) })
	b.Run("Decode/fxamacker", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(baseCBOR)))
		for b.Loop() {
			var p Peer
			if err := cborDec.Unmarshal(baseCBOR, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
