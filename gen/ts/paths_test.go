package tsgen

import "testing"

func TestImportPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ from, to, want string }{
		{"todos.ts", "sfn/index.ts", "./sfn/index.js"},
		{"todo/v1/todos.ts", "sfn/index.ts", "../../sfn/index.js"},
		{"todo/v1/todos.ts", "todo/v1/common.ts", "./common.js"},
		{"todo/v1/todos.ts", "todo/common.ts", "../common.js"},
		{"app.ts", "shared/common.ts", "./shared/common.js"},
		{"a/b.ts", "c/d.ts", "../c/d.js"},
	}
	for _, tt := range tests {
		if got := importPath(tt.from, tt.to); got != tt.want {
			t.Errorf("importPath(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestModulePath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"todos.sfn": "todos.ts", "todo/v1/x.proto": "todo/v1/x.ts"} {
		if got := modulePath(in); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain":        `"plain"`,
		`say "hi" \ o`: `"say \"hi\" \\ o"`,
		"tab\tnl\n":    `"tab\u0009nl\u000a"`,
		"café ☕ 日本":    `"café ☕ 日本"`,
		"\u2028":       `"\u2028"`,
	}
	for in, want := range tests {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestPropName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"title": "title", "item_id": "item_id", "$x": "$x", "tag-name": `"tag-name"`, "1st": `"1st"`, "": `""`} {
		if got := propName(in); got != want {
			t.Errorf("propName(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDoc(t *testing.T) {
	t.Parallel()
	var w writer
	w.doc(1, "short")
	w.doc(0, "two\nlines with */ inside\n\n  indented")
	want := "  /** short */\n/**\n * two\n * lines with *\\/ inside\n *\n *   indented\n */\n"
	if got := w.String(); got != want {
		t.Errorf("doc wrote\n%s\nwant\n%s", got, want)
	}
}
