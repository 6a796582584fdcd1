package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTSBigInt: ts.bigint is read as a YAML bool, and anything else is a mistake at its place.
func TestTSBigInt(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"api/a.sfn": ""})
	for _, tc := range []struct {
		ts   string
		want bool
		err  string
	}{
		{"{out: web}", false, ""},
		{"{out: web, bigint: true}", true, ""},
		{"{out: web, bigint: false}", false, ""},
		{"{out: web, bigint: yes please}", false, `:4:28: ts.bigint: want true or false, not "yes please"`},
		{"{out: web, bigints: true}", false, `unknown ts key "bigints"; did you mean "bigint"?`},
	} {
		src := "version: 1\ntargets:\n  - inputs: [api]\n    ts: " + tc.ts + "\n"
		c, err := Parse(filepath.Join(dir, FileName), []byte(src))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ts: %s: err = %v, want %q", tc.ts, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ts: %s: %v", tc.ts, err)
		}
		if got := c.Targets[0].TS.BigInt; got != tc.want {
			t.Errorf("ts: %s: BigInt = %v, want %v", tc.ts, got, tc.want)
		}
	}
}
