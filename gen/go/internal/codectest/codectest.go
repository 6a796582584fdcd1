// Package codectest holds generated client codecs to runtime/wire's plan-driven codecs: for
// a value, or a body, both must give the same bytes, the same value or the same error. The
// tests of the generated golden packages (gen/go/golden/...) hand it their codecs, and
// gen/go's client tests use its random values and mutations through generated clients.
package codectest

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sfn-dev/sfn/runtime/wire"
)

// Codecs are the generated codecs of one message type T, as method expressions such as
// (*Everything).appendJSON; those the generator did not write (the type's functions do not
// use them) are nil.
type Codecs[T any] struct {
	// Message is T's descriptor, which the plan-driven codecs use.
	Message    *wire.Message
	Form       func(*T, *wire.FormWriter)
	JSON       func(*T, *wire.JSONWriter)
	CBOR       func(*T, *wire.CBORWriter)
	DecodeJSON func(*T, *wire.JSONReader)
	DecodeCBOR func(*T, *wire.CBORReader)
}

// Opts compare decoded values: NaN equals NaN (CBOR keeps it), and nil and empty slices
// and maps differ.
var Opts = []cmp.Option{cmpopts.EquateNaNs()}

// EncodeForm, EncodeJSON and EncodeCBOR encode v with the generated encoder.
func (c *Codecs[T]) EncodeForm(v *T) ([]byte, error) {
	return wire.EncodeForm(nil, func(w *wire.FormWriter) { c.Form(v, w) })
}

// EncodeJSON encodes v with the generated JSON encoder.
func (c *Codecs[T]) EncodeJSON(v *T) ([]byte, error) {
	return wire.EncodeJSON(nil, func(w *wire.JSONWriter) { c.JSON(v, w) })
}

// EncodeCBOR encodes v with the generated CBOR encoder.
func (c *Codecs[T]) EncodeCBOR(v *T) ([]byte, error) {
	return wire.EncodeCBOR(nil, func(w *wire.CBORWriter) { c.CBOR(v, w) })
}

// Encode checks that every generated encoder of c gives for v what the plan-driven one
// gives: the same bytes, or the same error. It returns the plan-driven encodings that
// succeeded, by format ("form", "json", "cbor"), for decoders to start from.
func (c *Codecs[T]) Encode(t testing.TB, v *T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	check := func(format string, gen func(*T) ([]byte, error), plan func([]byte, *wire.Message, any) ([]byte, error)) {
		want, werr := plan(nil, c.Message, v)
		if werr == nil {
			out[format] = want
		}
		if gen == nil {
			return
		}
		got, gerr := gen(v)
		switch {
		case werr != nil && gerr == nil:
			t.Errorf("%s %s: generated encoder gave %q, want error %q", c.Message.Name, format, got, werr)
		case werr == nil && gerr != nil:
			t.Errorf("%s %s: generated encoder failed: %v, want %q", c.Message.Name, format, gerr, want)
		case werr != nil:
			if gerr.Error() != werr.Error() {
				t.Errorf("%s %s: generated encoder error %q, want %q", c.Message.Name, format, gerr, werr)
			}
		case !bytes.Equal(got, want):
			t.Errorf("%s %s: generated encoder gave\n%q (%s), want\n%q (%s)", c.Message.Name, format, got, hex.EncodeToString(got), want, hex.EncodeToString(want))
		}
	}
	check("form", nilIf(c.Form == nil, c.EncodeForm), wire.AppendForm)
	check("json", nilIf(c.JSON == nil, c.EncodeJSON), wire.AppendJSON)
	check("cbor", nilIf(c.CBOR == nil, c.EncodeCBOR), wire.AppendCBOR)
	return out
}

func nilIf[F any](cond bool, f F) F {
	if cond {
		var zero F
		return zero
	}
	return f
}

// DecodeJSONBody decodes data with the generated JSON decoder, as a generated client does.
func (c *Codecs[T]) DecodeJSONBody(data []byte) (*T, error) {
	v := new(T)
	err := wire.DecodeJSON(data, nil, func(r *wire.JSONReader) { c.DecodeJSON(v, r) })
	return v, err
}

// DecodeCBORBody decodes data with the generated CBOR decoder.
func (c *Codecs[T]) DecodeCBORBody(data []byte) (*T, error) {
	v := new(T)
	err := wire.DecodeCBOR(data, nil, func(r *wire.CBORReader) { c.DecodeCBOR(v, r) })
	return v, err
}

// Decode checks that the generated decoder of format ("json" or "cbor"), if c has one,
// accepts and refuses data as the plan-driven one does, giving the same value or the same
// error. It reports whether data decoded.
func (c *Codecs[T]) Decode(t testing.TB, format string, data []byte) bool {
	t.Helper()
	var gen func([]byte) (*T, error)
	var plan func(*wire.Message, []byte, any, *wire.Limits) error
	switch format {
	case "json":
		gen, plan = nilIf(c.DecodeJSON == nil, c.DecodeJSONBody), wire.UnmarshalJSON
	case "cbor":
		gen, plan = nilIf(c.DecodeCBOR == nil, c.DecodeCBORBody), wire.UnmarshalCBOR
	default:
		return false
	}
	if gen == nil {
		return false
	}
	want := new(T)
	werr := plan(c.Message, data, want, nil)
	got, gerr := gen(data)
	return Same(t, c.Message.Name+" "+format, data, want, werr, got, gerr)
}

// Same reports whether a generated decoder's outcome (got, gerr) is the plan-driven one's
// (want, werr), as a test error if not; it reports whether the input decoded.
func Same(t testing.TB, what string, data []byte, want any, werr error, got any, gerr error) bool {
	t.Helper()
	switch {
	case werr != nil && gerr == nil:
		t.Errorf("%s: generated decoder accepted %q (%s), want error %q", what, data, hex.EncodeToString(data), werr)
	case werr == nil && gerr != nil:
		t.Errorf("%s: generated decoder refused %q (%s): %v", what, data, hex.EncodeToString(data), gerr)
	case werr != nil:
		if gerr.Error() != werr.Error() {
			t.Errorf("%s: generated decoder error for %q (%s):\n  %q\nwant\n  %q", what, data, hex.EncodeToString(data), gerr, werr)
		}
	default:
		if diff := cmp.Diff(want, got, Opts...); diff != "" {
			t.Errorf("%s: generated decoder of %q (%s) (-want +got):\n%s", what, data, hex.EncodeToString(data), diff)
		}
	}
	return werr == nil && gerr == nil
}

// Check runs n random values of T through c: Encode, then Decode on each successful
// plan-driven encoding and on mutations of it.
func (c *Codecs[T]) Check(t *testing.T, seed uint64, n int) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, seed^0x5f1))
	for range n {
		v := new(T)
		NewValues(rnd).Fill(c.Message, reflect.ValueOf(v).Elem())
		enc := c.Encode(t, v)
		for _, format := range []string{"json", "cbor"} {
			data, ok := enc[format]
			if !ok {
				continue
			}
			c.Decode(t, format, data)
			for _, m := range Mutations(rnd, format, data, 12) {
				c.Decode(t, format, m)
			}
		}
		if t.Failed() {
			return
		}
	}
}
