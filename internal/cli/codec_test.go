package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const vectors = "../shared/vectors/vectors.sfn"

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"form", `{"q":"rust serde","page":2,"tags":["web","api"]}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.Search", "--to", "url"}, 0, "q=rust+serde&page=2&tags[0]=web&tags[1]=api", ""},
		{"cbor hex", `{"radius":1.5}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.Circle", "--to", "cbor", "--hex"}, 0, "a166726164697573f93e00\n", ""},
		{"json", `{"title":"a&b"}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.AddTodo", "--to", "json"}, 0, `{"title":"a&b"}`, ""},
		{"decode form", "q=z&tags[1]=second&tags[0]=first\n", []string{"decode", "--schema", vectors, "--type", "vectors.v1.Search", "--from", "url"}, 0, `{"q":"z","page":null,"tags":["first","second"]}` + "\n", ""},
		{"decode cbor hex", "a166726164697573f93e00", []string{"decode", "--schema", vectors, "--type", "vectors.v1.Circle", "--from", "cbor", "--hex"}, 0, `{"radius":1.5}` + "\n", ""},
		{"decode error names the field", "s=hi&b=on", []string{"decode", "--schema", vectors, "--type", "vectors.v1.Everything", "--from", "url"}, 1, "", "sfn decode: b: "},
		{"encode bad input", `{"title":7}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.AddTodo", "--to", "url"}, 1, "", "sfn encode: input: title: "},
		{"unknown type", `{}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.Nope", "--to", "url"}, 1, "", `no message "vectors.v1.Nope"`},
		{"unknown format", `{}`, []string{"encode", "--schema", vectors, "--type", "vectors.v1.AddTodo", "--to", "xml"}, 2, "", `unknown format "xml"`},
		{"missing flags", `{}`, []string{"decode", "--schema", vectors}, 2, "", "are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runIn(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
			if tt.stderr == "" && errs != "" || !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errs, tt.stderr)
			}
		})
	}
}
