package wire

import (
	"encoding/hex"
	"reflect"
	"testing"
)

// failure is a text variant's Go type as runtime/rpc's Error is one: a struct whose
// pointer implements TextVariant.
type failure struct{ Kind, Msg string }

func (f *failure) TextVariant() (string, string)    { return f.Kind, f.Msg }
func (f *failure) SetTextVariant(name, text string) { f.Kind, f.Msg = name, text }

type withFailure struct{ Err failure }

var (
	failureEnum        = &Enum{Name: "t.v1.Failure", Values: []string{"Args", "Deserialization", "ServerError"}}
	withFailureMessage = &Message{Name: "t.v1.WithFailure", GoType: reflect.TypeFor[withFailure](),
		Fields: []Field{{Name: "err", GoName: "Err", Type: TextVariantOf(failureEnum)}}}
)

// TestTextVariant checks both engines write and read {"Name":"text"} (JSON) and a map of
// one text to text (CBOR), and refuse the same bad input with the same error.
func TestTextVariant(t *testing.T) {
	t.Parallel()
	v := withFailure{Err: failure{"Args", "missing field `title`"}}
	wantJSON := `{"err":{"Args":"missing field ` + "`title`" + `"}}`
	got, err := AppendJSON(nil, withFailureMessage, &v)
	if err != nil || string(got) != wantJSON {
		t.Fatalf("AppendJSON = %s, %v; want %s", got, err, wantJSON)
	}
	gen, err := EncodeJSON(nil, func(w *JSONWriter) {
		w.BeginObject()
		w.Name("err")
		w.TextVariant(v.Err.Kind, v.Err.Msg, failureEnum)
		w.EndObject()
	})
	if err != nil || string(gen) != wantJSON {
		t.Errorf("JSONWriter = %s, %v; want %s", gen, err, wantJSON)
	}
	cb, err := AppendCBOR(nil, withFailureMessage, &v)
	if err != nil {
		t.Fatal(err)
	}
	// a1 63 "err" a1 64 "Args" 75 "missing field `title`"
	if want := "a163657272a1644172677375" + hex.EncodeToString([]byte("missing field `title`")); hex.EncodeToString(cb) != want {
		t.Errorf("AppendCBOR = %x, want %s", cb, want)
	}
	var back withFailure
	if err := UnmarshalCBOR(withFailureMessage, cb, &back, nil); err != nil || back != v {
		t.Errorf("UnmarshalCBOR = %+v, %v", back, err)
	}
	if err := DecodeCBOR(cb[5:], nil, func(r *CBORReader) {
		n, s := r.TextVariant(failureEnum)
		if n != "Args" || s != v.Err.Msg {
			t.Errorf("CBORReader.TextVariant = %q, %q", n, s)
		}
	}); err != nil {
		t.Error(err)
	}

	bad := []struct{ in, want string }{
		{`{"err":{"Nope":"x"}}`, "err: unknown variant `Nope`, expected one of `Args`, `Deserialization`, `ServerError`"},
		{`{"err":"Args"}`, "err: invalid type: unit variant, expected newtype variant"},
		{`{"err":{"Args":1}}`, "err.Args: invalid type: integer `1`, expected a string"},
		{`{"err":{}}`, "err: invalid type: empty map, expected a variant and its value"},
		{`{"err":{"Args":"a","ServerError":"b"}}`, ""},
	}
	for _, tc := range bad {
		var out withFailure
		err := UnmarshalJSON(withFailureMessage, []byte(tc.in), &out, nil)
		if err == nil {
			t.Errorf("UnmarshalJSON(%s) succeeded", tc.in)
			continue
		}
		if tc.want != "" && err.Error() != tc.want {
			t.Errorf("UnmarshalJSON(%s) = %q, want %q", tc.in, err, tc.want)
		}
		genErr := DecodeJSON([]byte(tc.in[7:len(tc.in)-1]), nil, func(r *JSONReader) { r.TextVariant(failureEnum) })
		if genErr == nil {
			t.Errorf("JSONReader.TextVariant(%s) succeeded", tc.in[7:len(tc.in)-1])
		}
	}
	if _, err := AppendJSON(nil, withFailureMessage, &withFailure{Err: failure{"Nope", "x"}}); err == nil {
		t.Error("AppendJSON wrote a variant the enum does not have")
	}
}
