package wire

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFormPairs pins how a body is cut into pairs and key segments: serde_qs's non-strict
// parser, except for escaped brackets inside a literal-bracket segment (see pair).
func TestFormPairs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string // each pair as its segments joined by "|", then "=" and the value
	}{
		{"a=1", []string{"a=1"}},
		{"&&a=1&&b&", []string{"a=1", "b="}},
		{"a[b][0]=x", []string{"a|b|0=x"}},
		{"a%5Bb%5D%5B0%5D=x", []string{"a|b|0=x"}},
		{"a%5Bb]=x", []string{"a|b=x"}},
		{"a[b%5D=x", []string{"a|b=x"}},
		{"a[b%5D[c]=x", []string{"a|b|c=x"}},
		{"labels[%5Bbr%5D]=x", []string{"labels|[br]=x"}},
		{"a[b[c]=x", []string{"a|b[c=x"}},
		{"a[[b]=x", []string{"a|b=x"}},
		{"a[]=x", []string{"a|[]=x"}},
		{"a[b]junk[c]=x", []string{"a|b|c=x"}},
		{"a[b=c]=d", []string{"a|b=c=d"}},
		{"a[b", []string{"a|b="}},
		{"[a]=1", []string{"a=1"}},
		{"a+b[c+d]=e+f%20g", []string{"a b|c d=e f g"}},
		{"a%5b0%5d=x", []string{"a[0]=x"}},
		{"x=%ZZ%2", []string{"x=%ZZ%2"}},
		{"=v", []string{"=v"}},
	}
	for _, tc := range cases {
		d := &formDecoder{lim: DefaultLimits()}
		if err := d.parse([]byte(tc.in)); err != nil {
			t.Fatalf("parse(%q): %v", tc.in, err)
		}
		var got []string
		for i := range d.pairs {
			pr := &d.pairs[i]
			var segs []string
			for j := range int(pr.nseg) {
				s := d.segs[pr.seg0+int32(j)]
				if s.flags&spanPush != 0 {
					segs = append(segs, "[]")
				} else {
					segs = append(segs, d.str(s))
				}
			}
			got = append(got, strings.Join(segs, "|")+"="+d.str(pr.val))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parse(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}
