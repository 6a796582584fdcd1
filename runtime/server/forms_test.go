package server

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

func TestFormLocation(t *testing.T) {
	t.Parallel()
	fail := &rpc.Error{Tag: rpc.TagServerError, Message: "title must not be empty"}
	const errPairs = "__path=%2Fapi%2Fadd_todo&__err=U2VydmVyRXJyb3J8dGl0bGUgbXVzdCBub3QgYmUgZW1wdHk%3D"
	tests := []struct {
		name, referer string
		failure       *rpc.Error
		want          string
	}{
		{"no_referer_success", "", nil, "/"},
		// As Leptos: without a page to go back to, the error is not carried.
		{"no_referer_failure", "", fail, "/"},
		{"success_keeps_query", "http://h/todos?x=1&y=a+b", nil, "http://h/todos?x=1&y=a+b"},
		{"failure_appends", "http://h/todos?x=1&y=a+b", fail, "http://h/todos?x=1&y=a+b&" + errPairs},
		{"failure_without_query", "http://h/todos", fail, "http://h/todos?" + errPairs},
		{"success_strips_stale", "http://h/p?__path=%2Fx&a=1&__err=QQ%3D%3D", nil, "http://h/p?a=1"},
		{"success_only_stale", "http://h/p?__path=%2Fx&__err=QQ%3D%3D", nil, "http://h/p"},
		{"failure_replaces_stale", "http://h/p?__err=old&a=1&__path=old", fail, "http://h/p?a=1&" + errPairs},
		{"escaped_stale_key", "http://h/p?%5F%5Ferr=old&a=1", nil, "http://h/p?a=1"},
		{"keeps_fragment", "http://h/p?a=1#top", fail, "http://h/p?a=1&" + errPairs + "#top"},
		{"drops_empty_pairs", "http://h/p?&a=1&&b=2&", nil, "http://h/p?a=1&b=2"},
		{"relative", "/p?__err=x", fail, "/p?" + errPairs},
		{"empty_query", "http://h/p?", nil, "http://h/p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var body []byte
			if tt.failure != nil {
				body = tt.failure.Body()
			}
			got := formLocation(tt.referer, "/api/add_todo", body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("formLocation(%q) (-want +got):\n%s", tt.referer, diff)
			}
		})
	}
}

func TestFormEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/api/add_todo", "%2Fapi%2Fadd_todo"},
		{"a b*c-d.e_f~g", "a+b*c-d.e_f%7Eg"},
		{"é=&+", "%C3%A9%3D%26%2B"},
		{"QUJD==", "QUJD%3D%3D"},
	}
	for _, tt := range tests {
		if got := formEscape(tt.in); got != tt.want {
			t.Errorf("formEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
