package wire

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A bytes field also decodes from a JSON string or a CBOR text string, whose UTF-8 bytes
// are the value, as serde_bytes takes them (SPEC 4.2, 4.3). Both engines read bytes with
// the same code; these hold the plan-driven decoders (a message's bytes field) and the
// generated code's readers (Bytes) to the same values, errors and limits.

// cborBytesField is everythingDesc's "bytes" key and value in cborBase: h'010203'.
const cborBytesField = "6562797465734301020" + "3"

type bytesCase struct {
	name, in string // the field's value: JSON text, or CBOR in hex
	want     []byte // nil: an error, err
	err      string
}

func TestBytesFromJSONString(t *testing.T) {
	t.Parallel()
	runBytesCases(t, "json", nil, []bytesCase{
		{"ascii", `"abc"`, []byte("abc"), ""},
		{"empty", `""`, []byte{}, ""},
		{"utf-8 as is", `"é🎉"`, []byte("é🎉"), ""},
		{"escapes", `"\u00e9\ud83c\udf89\n\"\\\/"`, []byte("é🎉\n\"\\/"), ""},
		{"array still", `[97,98]`, []byte("ab"), ""},
		{"lone surrogate", `"\ud800"`, nil, "lone leading surrogate in hex escape"},
		{"invalid escape", `"\x"`, nil, "invalid escape"},
		{"control character", "\"a\nb\"", nil, "control character (\\u0000-\\u001F) found while parsing a string"},
		{"invalid UTF-8", "\"\xff\"", nil, "invalid unicode code point"},
		{"number", `1`, nil, "invalid type: integer `1`, expected byte array"},
		{"object", `{}`, nil, "invalid type: map, expected byte array"},
	})
	// cborBase's longest string is 13 bytes.
	lim := &Limits{MaxStringLen: 16}
	runBytesCases(t, "json", lim, []bytesCase{
		{"at the limit", `"0123456789abcdef"`, []byte("0123456789abcdef"), ""},
		{"escaped at the limit", `"\u00e90123456789abcd"`, []byte("é0123456789abcd"), ""},
		{"over the limit", `"0123456789abcdefg"`, nil, "string too long: 17 bytes (Limits.MaxStringLen = 16)"},
		{"escaped over the limit", `"\u00e90123456789abcde"`, nil, "string too long: 17 bytes (Limits.MaxStringLen = 16)"},
		{"array over the limit", "[" + strings.Repeat("1,", 16) + "1]", nil, "bytes too long (Limits.MaxStringLen = 16)"},
	})
}

func TestBytesFromCBORText(t *testing.T) {
	t.Parallel()
	runBytesCases(t, "cbor", nil, []bytesCase{
		{"text", "63616263", []byte("abc"), ""},
		{"empty text", "60", []byte{}, ""},
		{"utf-8", "62c3a9", []byte("é"), ""},
		{"tagged text", "d82063616263", []byte("abc"), ""},
		{"byte string still", "42c3a9", []byte("é"), ""},
		{"invalid UTF-8", "61ff", nil, "invalid UTF-8"},
		{"indefinite", "7f6161ff", nil, "indefinite-length items are not accepted"},
		{"integer", "01", nil, "invalid type: integer `1`, expected byte array"},
	})
	lim := &Limits{MaxStringLen: 16}
	sixteen := hex.EncodeToString([]byte("0123456789abcdef"))
	runBytesCases(t, "cbor", lim, []bytesCase{
		{"at the limit", "70" + sixteen, []byte("0123456789abcdef"), ""},
		{"over the limit", "71" + sixteen + "67", nil, "string too long: 17 bytes (Limits.MaxStringLen = 16)"},
		{"byte string over the limit", "51" + sixteen + "67", nil, "string too long: 17 bytes (Limits.MaxStringLen = 16)"},
	})
}

// runBytesCases decodes each case's value as everythingDesc's bytes field with the plan
// decoder, and alone with the reader's Bytes; both must give want, or the error err (the
// field's error names the path "bytes"; JSON's position, which differs, is left out).
func runBytesCases(t *testing.T, format string, lim *Limits, cases []bytesCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(format+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			var body, alone []byte
			var plan func(*Message, []byte, any, *Limits) error
			var read func() ([]byte, error)
			switch format {
			case "json":
				body, alone, plan = []byte(withJSON("bytes", tc.in)), []byte(tc.in), UnmarshalJSON
				read = func() (v []byte, err error) {
					err = DecodeJSON(alone, lim, func(r *JSONReader) { v = r.Bytes() })
					return v, err
				}
			default:
				if !strings.Contains(cborBase, cborBytesField) {
					t.Fatal("cborBase does not hold its bytes field as expected")
				}
				var err error
				if body, err = hex.DecodeString(strings.Replace(cborBase, cborBytesField, "656279746573"+tc.in, 1)); err != nil {
					t.Fatal(err)
				}
				if alone, err = hex.DecodeString(tc.in); err != nil {
					t.Fatal(err)
				}
				plan = UnmarshalCBOR
				read = func() (v []byte, err error) {
					err = DecodeCBOR(alone, lim, func(r *CBORReader) { v = r.Bytes() })
					return v, err
				}
			}
			var v Everything
			perr := plan(everythingDesc, body, &v, lim)
			got, rerr := read()
			if tc.want == nil {
				if de, ok := perr.(*DecodeError); !ok || de.Path != "bytes" || withoutPosition(de.Msg) != tc.err {
					t.Errorf("plan decoder: %v, want bytes: %s", perr, tc.err)
				}
				if de, ok := rerr.(*DecodeError); !ok || withoutPosition(de.Msg) != tc.err {
					t.Errorf("reader: %v, want %s", rerr, tc.err)
				}
				return
			}
			if perr != nil || rerr != nil {
				t.Fatalf("plan decoder: %v; reader: %v", perr, rerr)
			}
			if diff := cmp.Diff(tc.want, v.Bytes); diff != "" {
				t.Errorf("plan decoder (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reader (-want +got):\n%s", diff)
			}
		})
	}
}

// withoutPosition is a JSON syntax error without its " at line L column C".
func withoutPosition(msg string) string {
	if i := strings.Index(msg, " at line "); i >= 0 {
		return msg[:i]
	}
	return msg
}
