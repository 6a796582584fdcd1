package diag

import (
	"reflect"
	"testing"
)

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"Tood", "Todo", 1},
		{"Jsno", "Json", 1},
		{"encodng", "encoding", 1},
		{"json", "Json", 1},
		{"Json", "Json", 0},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"ca", "abc", 3},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	encodings := []string{"Url", "GetJson", "Cbor", "GetCbor", "Json"}
	for _, tc := range []struct {
		name       string
		candidates []string
		want       []string
	}{
		{"Jsno", encodings, []string{"Json"}},
		{"Post", encodings, nil},
		{"Tood", []string{"Todo", "Tag", "Todo"}, []string{"Todo"}},
		{"Ab", []string{"Ac", "Xb", "Abcd"}, []string{"Ac", "Xb"}},
		{"Id", []string{"Uuid"}, nil},
		{"X", []string{"A", "x"}, []string{"x"}},
		{"endpiont", []string{"prefix", "endpoint", "encoding", "error"}, []string{"endpoint"}},
	} {
		if got := Suggest(tc.name, tc.candidates); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got, want := DidYouMean([]string{"a", "b", "c"}), `; did you mean "a", "b" or "c"?`; got != want {
		t.Errorf("DidYouMean = %q, want %q", got, want)
	}
	if got := DidYouMean(nil); got != "" {
		t.Errorf("DidYouMean(nil) = %q", got)
	}
}
