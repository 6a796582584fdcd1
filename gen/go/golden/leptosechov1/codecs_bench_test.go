package leptosechov1

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// Not generated: the generated client codecs against runtime/wire's plan-driven ones, on
// the shared vector everything_base (every kind of Everything), each way and in each format
// a client uses: go test -run '^$' -bench Codecs ./gen/go/golden/leptosechov1.

func BenchmarkCodecs(b *testing.B) {
	data, err := os.ReadFile("../../../../../shared/vectors/serde-reference.json")
	if err != nil {
		b.Skip("no ../shared/vectors:", err)
	}
	var ref struct {
		Encode []vectorCase `json:"encode"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		b.Fatal(err)
	}
	var tc vectorCase
	for _, c := range ref.Encode {
		if c.Name == "everything_base" {
			tc = c
		}
	}
	cb, err := hex.DecodeString(tc.CBORHex)
	if err != nil {
		b.Fatal(err)
	}
	var v Everything
	if err := wire.UnmarshalCBOR(everythingMessage, cb, &v, nil); err != nil {
		b.Fatal(err)
	}
	js := []byte(tc.JSON)
	enc := func(name string, f func(dst []byte) ([]byte, error)) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 1024)
			for b.Loop() {
				if _, err := f(buf[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	dec := func(name string, f func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	enc("form/generated", func(dst []byte) ([]byte, error) { return wire.EncodeForm(dst, v.appendForm) })
	enc("form/plan", func(dst []byte) ([]byte, error) { return wire.AppendForm(dst, everythingMessage, &v) })
	enc("json/generated", func(dst []byte) ([]byte, error) { return wire.EncodeJSON(dst, v.appendJSON) })
	enc("json/plan", func(dst []byte) ([]byte, error) { return wire.AppendJSON(dst, everythingMessage, &v) })
	enc("cbor/generated", func(dst []byte) ([]byte, error) { return wire.EncodeCBOR(dst, v.appendCBOR) })
	enc("cbor/plan", func(dst []byte) ([]byte, error) { return wire.AppendCBOR(dst, everythingMessage, &v) })
	dec("decode-json/generated", func() error { var x Everything; return wire.DecodeJSON(js, nil, x.decodeJSON) })
	dec("decode-json/plan", func() error { var x Everything; return wire.UnmarshalJSON(everythingMessage, js, &x, nil) })
	dec("decode-cbor/generated", func() error { var x Everything; return wire.DecodeCBOR(cb, nil, x.decodeCBOR) })
	dec("decode-cbor/plan", func() error { var x Everything; return wire.UnmarshalCBOR(everythingMessage, cb, &x, nil) })
}
