package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/runtime/server"
)

func TestResponseSettings(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	res, body := fx.send(t, "POST", whoami.Path,
		map[string]string{"Content-Type": "application/json", "X-Token": "t1"}, strings.NewReader("{}"))
	got := summarize(res, body)
	want := summary{Status: 201, Header: map[string]string{"Content-Type": "application/json"}, Body: `"t1"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	extra := map[string][]string{"Cache-Control": res.Header.Values("Cache-Control"), "Set-Cookie": res.Header.Values("Set-Cookie")}
	wantExtra := map[string][]string{"Cache-Control": {"no-store"}, "Set-Cookie": {"seen=1"}}
	if diff := cmp.Diff(wantExtra, extra); diff != "" {
		t.Errorf("headers set by the function (-want +got):\n%s", diff)
	}
}

// TestOutsideACall checks that the context functions are harmless when the
// implementation is called directly, in-process, without a Handler.
func TestOutsideACall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if r := server.Request(ctx); r != nil {
		t.Errorf("Request = %v, want nil", r)
	}
	if f := server.Func(ctx); f != nil {
		t.Errorf("Func = %v, want nil", f)
	}
	server.SetStatus(ctx, 500)
	server.Redirect(ctx, "/x")
	server.SetCookie(ctx, &http.Cookie{Name: "a", Value: "b"})
	server.ResponseHeader(ctx).Set("X", "y") // must not panic
	got, err := todos{}.Whoami(ctx)
	if err == nil {
		t.Errorf("Whoami outside a call = %v, want the error about server.Func", got)
	}
}
