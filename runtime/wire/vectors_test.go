package wire

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The reference vectors: every encode and decode case of shared/vectors/serde-reference.json,
// made by serde_qs 0.15, serde_json and ciborium, through the typed and the dynamic plans.

const refPath = "../../../shared/vectors/serde-reference.json"

type refFile struct {
	Encode []refEncode `json:"encode"`
	Decode []refDecode `json:"decode"`
}

type refEncode struct {
	Name          string          `json:"name"`
	Type          string          `json:"type"`
	Value         json.RawMessage `json:"value"`
	URL           string          `json:"url"`
	JSON          string          `json:"json"`
	CBORHex       string          `json:"cbor_hex"`
	URLRoundtrip  *refOutcome     `json:"url_roundtrip"`
	JSONRoundtrip *refOutcome     `json:"json_roundtrip"`
}

type refOutcome struct {
	OK    json.RawMessage `json:"ok"`
	Error *string         `json:"error"`
}

type refDecode struct {
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	URL   string          `json:"url"`
	OK    json.RawMessage `json:"ok"`
	Error *string         `json:"error"`
	SFN   *struct {
		OK          json.RawMessage `json:"ok"`
		OKFields    json.RawMessage `json:"ok_fields"`
		Error       *string         `json:"error"`
		Unspecified bool            `json:"unspecified"`
	} `json:"sfn"`
}

func loadRef(t testing.TB) refFile {
	t.Helper()
	data, err := os.ReadFile(refPath)
	if err != nil {
		t.Fatalf("reading the reference vectors: %v", err)
	}
	var ref refFile
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatalf("parsing %s: %v", refPath, err)
	}
	if len(ref.Encode) == 0 || len(ref.Decode) == 0 {
		t.Fatalf("%s has no cases", refPath)
	}
	return ref
}

var schemaModes = []struct {
	name   string
	schema map[string]*Message
}{
	{"typed", typedVectors},
	{"dynamic", dynamicVectors},
}

func newOf(m *Message) any { return m.New() }

func TestVectorsEncode(t *testing.T) {
	t.Parallel()
	ref := loadRef(t)
	for _, mode := range schemaModes {
		for _, tc := range ref.Encode {
			t.Run(mode.name+"/"+tc.Name, func(t *testing.T) {
				t.Parallel()
				m := mode.schema[tc.Type]
				if m == nil {
					t.Fatalf("no message %q", tc.Type)
				}
				raw, err := decodeRefJSON(tc.Value)
				if err != nil {
					t.Fatal(err)
				}
				v, err := newRefConv(tc.URL).build(m, raw)
				if err != nil {
					t.Fatalf("building the value: %v", err)
				}

				form, err := MarshalForm(m, v)
				if err != nil {
					t.Fatalf("MarshalForm: %v", err)
				}
				if diff := cmp.Diff(tc.URL, string(form)); diff != "" {
					t.Errorf("MarshalForm (-want +got):\n%s", diff)
				}
				cb, err := MarshalCBOR(m, v)
				if err != nil {
					t.Fatalf("MarshalCBOR: %v", err)
				}
				if diff := cmp.Diff(tc.CBORHex, hex.EncodeToString(cb)); diff != "" {
					t.Errorf("MarshalCBOR (-want +got):\n%s", diff)
				}
				js, err := MarshalJSON(m, v)
				if err != nil {
					t.Fatalf("MarshalJSON: %v", err)
				}
				if eq, err := jsonEqual([]byte(tc.JSON), js); err != nil || !eq {
					t.Errorf("MarshalJSON = %s, want (by value) %s (%v)", js, tc.JSON, err)
				}
			})
		}
	}
}

// TestVectorsEncodeRoundTrip decodes each encode case's url, json and cbor back. A form
// round trip gives the value with form's known losses (SPEC 4.1); where serde_qs itself
// fails or loses more (url_roundtrip: missing empty lists, bytes through lossy UTF-8, map
// keys "[]" and digit-first keys it takes for list syntax) sfn gives the value back, as
// SPEC 4.1's leniencies and schema-driven decoding intend.
func TestVectorsEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	ref := loadRef(t)
	for _, mode := range schemaModes {
		for _, tc := range ref.Encode {
			t.Run(mode.name+"/"+tc.Name, func(t *testing.T) {
				t.Parallel()
				m := mode.schema[tc.Type]
				raw, err := decodeRefJSON(tc.Value)
				if err != nil {
					t.Fatal(err)
				}
				want, err := newRefConv(tc.URL).build(m, raw)
				if err != nil {
					t.Fatal(err)
				}

				got := newOf(m)
				if err := UnmarshalForm(m, []byte(tc.URL), got, nil); err != nil {
					t.Errorf("UnmarshalForm(%q): %v", tc.URL, err)
				} else if diff := cmp.Diff(formLossy(m, want), got, cmpOpts...); diff != "" {
					t.Errorf("UnmarshalForm(%q) (-want +got):\n%s", tc.URL, diff)
				}

				got = newOf(m)
				err = UnmarshalJSON(m, []byte(tc.JSON), got, nil)
				switch {
				case tc.JSONRoundtrip != nil && tc.JSONRoundtrip.Error != nil:
					if err == nil {
						t.Errorf("UnmarshalJSON(%s) succeeded, want error like %q", tc.JSON, *tc.JSONRoundtrip.Error)
					} else if w := serdeText(*tc.JSONRoundtrip.Error); !strings.Contains(err.Error(), w) {
						t.Errorf("UnmarshalJSON(%s) error %q, want it to say %q", tc.JSON, err, w)
					}
				case err != nil:
					t.Errorf("UnmarshalJSON(%s): %v", tc.JSON, err)
				default:
					if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
						t.Errorf("UnmarshalJSON (-want +got):\n%s", diff)
					}
				}

				cb, _ := hex.DecodeString(tc.CBORHex)
				got = newOf(m)
				if err := UnmarshalCBOR(m, cb, got, nil); err != nil {
					t.Errorf("UnmarshalCBOR(%s): %v", tc.CBORHex, err)
				} else if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
					t.Errorf("UnmarshalCBOR (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// serdeText drops serde_json's " at line L column C" suffix: sfn's errors name the field
// path instead for type errors.
func serdeText(s string) string {
	if i := strings.Index(s, " at line "); i >= 0 {
		return s[:i]
	}
	return s
}

func TestVectorsDecode(t *testing.T) {
	t.Parallel()
	ref := loadRef(t)
	for _, mode := range schemaModes {
		for _, tc := range ref.Decode {
			t.Run(mode.name+"/"+tc.Name, func(t *testing.T) {
				t.Parallel()
				m := mode.schema[tc.Type]
				if m == nil {
					t.Fatalf("no message %q", tc.Type)
				}
				got := newOf(m)
				err := UnmarshalForm(m, []byte(tc.URL), got, nil)

				wantOK, wantErr := tc.OK, tc.Error
				var okFields json.RawMessage
				if s := tc.SFN; s != nil {
					switch {
					case s.Unspecified:
						checkReencode(t, m, got, err)
						return
					case s.Error != nil:
						wantOK, wantErr = nil, s.Error
					case s.OK != nil:
						wantOK, wantErr = s.OK, nil
					case s.OKFields != nil:
						okFields, wantErr = s.OKFields, nil
					}
				}
				if wantErr != nil {
					if err == nil {
						t.Fatalf("UnmarshalForm(%q) succeeded, want an error like %q", tc.URL, *wantErr)
					}
					if !strings.Contains(err.Error(), *wantErr) {
						t.Logf("UnmarshalForm(%q) error %q; serde_qs says %q", tc.URL, err, *wantErr)
					}
					if !reflect.ValueOf(got).Elem().IsZero() {
						t.Errorf("UnmarshalForm(%q) failed but left a partial value: %+v", tc.URL, got)
					}
					return
				}
				if err != nil {
					t.Fatalf("UnmarshalForm(%q): %v", tc.URL, err)
				}
				conv := newRefConv(tc.URL)
				if okFields != nil {
					checkFields(t, m, conv, tc.OK, okFields, got)
					return
				}
				raw, err := decodeRefJSON(wantOK)
				if err != nil {
					t.Fatal(err)
				}
				want, err := conv.build(m, raw)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
					t.Errorf("UnmarshalForm(%q) (-want +got):\n%s", tc.URL, diff)
				}
			})
		}
	}
}

// checkFields compares the fields ok_fields names; the rest come from ok when serde_qs
// gave one.
func checkFields(t *testing.T, m *Message, conv *refConv, ok, okFields json.RawMessage, got any) {
	t.Helper()
	rawFields, err := decodeRefJSON(okFields)
	if err != nil {
		t.Fatal(err)
	}
	merged := map[string]any{}
	if ok != nil {
		base, err := decodeRefJSON(ok)
		if err != nil {
			t.Fatal(err)
		}
		merged = base.(map[string]any)
	}
	for k, v := range rawFields.(map[string]any) {
		merged[k] = v
	}
	want, err := conv.build(m, merged)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := m.getPlan()
	wv, gv := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := range p.fields {
		fp := &p.fields[i]
		if _, named := merged[fp.name]; !named {
			continue
		}
		j := fieldByOffset(wv.Type(), fp.offset)
		if diff := cmp.Diff(wv.Field(j).Interface(), gv.Field(j).Interface(), cmpOpts...); diff != "" {
			t.Errorf("field %s (-want +got):\n%s", fp.name, diff)
		}
	}
}

// checkReencode holds for outcomes the reference leaves open: a success must re-encode and
// decode to the same value.
func checkReencode(t *testing.T, m *Message, got any, err error) {
	t.Helper()
	if err != nil {
		return
	}
	form, err := MarshalForm(m, got)
	if err != nil {
		t.Fatalf("MarshalForm of a decoded value: %v", err)
	}
	again := newOf(m)
	if err := UnmarshalForm(m, form, again, nil); err != nil {
		t.Fatalf("UnmarshalForm(%q) of a re-encoded value: %v", form, err)
	}
	if diff := cmp.Diff(formLossy(m, got), again, cmpOpts...); diff != "" {
		t.Errorf("re-encoded value (-want +got):\n%s", diff)
	}
}
