package refserver

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sfn-dev/sfn/conformance/gen/conformancev1"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// These tests check the reference server's own behaviour through sfn's Go client; the
// conformance cases check the wire (go run ./conformance/server, then sfn conformance).

func newServer(t *testing.T) string {
	t.Helper()
	// Panics are logged at error level; keep them out of the test output.
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	srv := httptest.NewServer(Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPaths(t *testing.T) {
	h, ok := Handler().(*server.Handler)
	if !ok {
		t.Fatalf("Handler is %T, want *server.Handler", Handler())
	}
	paths := h.Paths()
	if len(paths) != 42 {
		t.Errorf("%d paths, want the schema's 42: %q", len(paths), paths)
	}
	for _, p := range []string{
		conformancev1.EchoAddTodoPath, conformancev1.TypesCountToPath, conformancev1.BehaviourFailPath,
		"/api/streams/echo", "/api/streams/count", "/api/streams/upper", "/api/uploads/sizes",
		"/api/hashed_url1942854594425574928", "/v2/hashed_cbor1942854594425574928",
	} {
		if !slices.Contains(paths, p) {
			t.Errorf("%s is not served", p)
		}
	}
}

func TestEcho(t *testing.T) {
	ctx := context.Background()
	echo := conformancev1.NewEchoClient(newServer(t))

	n, err := echo.AddTodo(ctx, &conformancev1.AddTodo{Title: "café"})
	if err != nil || n.Len != 5 {
		t.Errorf("AddTodo(café) = %v, %v; want 5 bytes", n, err)
	}
	_, err = echo.AddTodo(ctx, &conformancev1.AddTodo{Title: " \t\u00a0"})
	wantErr(t, err, &rpc.Error{Tag: rpc.TagServerError, Message: "title must not be empty", Status: 500})

	page := uint32(2)
	s, err := echo.Search(ctx, &conformancev1.Search{Q: `say "hi"`, Page: &page, Tags: []string{"a\nb", `c\d`}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `q="say \"hi\"" page=Some(2) tags=["a\nb", "c\\d"]`; s.Text != want {
		t.Errorf("Search = %s, want %s", s.Text, want)
	}
	in := &conformancev1.Everything{S: "x", Tags: []string{"t"}, Ids: map[int64]string{-1: "m"}, Status: conformancev1.StatusArchived,
		Shape: conformancev1.EverythingShapeLabel{Label: "l"}}
	out, err := echo.EchoCBOR(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("EchoCBOR (-sent +received):\n%s", d)
	}
}

func TestTypes(t *testing.T) {
	ctx := context.Background()
	types := conformancev1.NewTypesClient(newServer(t))

	nums, err := types.CountTo(ctx, &conformancev1.Count{N: 4})
	if err != nil || !slices.Equal(nums.Values, []int64{1, 2, 3, 4}) {
		t.Errorf("CountTo(4) = %v, %v", nums, err)
	}
	_, err = types.CountToCBOR(ctx, &conformancev1.Count{N: MaxCount + 1})
	wantErr(t, err, &rpc.Error{Tag: rpc.TagServerError, Message: "n must be at most 100000", Status: 400})

	at := time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)
	got, err := types.Stamp(ctx, &conformancev1.Kinds{At: at, Level: conformancev1.LevelLow})
	if err != nil || !got.Equal(at) {
		t.Errorf("Stamp = %v, %v; want %v", got, err, at)
	}
	text, err := types.Shout(ctx, &conformancev1.AddTodo{Title: "quiet"})
	if err != nil || text.Text != "quiet" {
		t.Errorf("Shout = %v, %v", text, err)
	}
}

func TestBehaviour(t *testing.T) {
	ctx := context.Background()
	url := newServer(t)
	var redirected []string
	b := conformancev1.NewBehaviourClient(url, client.WithRedirectHandler(func(loc string) { redirected = append(redirected, loc) }))

	for _, tc := range []struct {
		status uint32
		want   int
	}{{0, 500}, {404, 404}, {418, 418}, {599, 599}, {200, 500}, {600, 500}, {1 << 31, 500}} {
		err := b.Fail(ctx, &conformancev1.Failure{Status: tc.status, Message: "m|n"})
		wantErr(t, err, &rpc.Error{Tag: rpc.TagServerError, Message: "m|n", Status: tc.want})
	}
	wantErr(t, b.FailGet(ctx, &conformancev1.Failure{Status: 503, Message: "down"}),
		&rpc.Error{Tag: rpc.TagServerError, Message: "down", Status: 503})
	wantErr(t, b.PanicNow(ctx), &rpc.Error{Tag: rpc.TagServerError, Message: "internal error", Status: 500})

	if err := b.Redirect(ctx, &conformancev1.RedirectTo{Location: "/a"}); err != nil {
		t.Fatal(err)
	}
	if err := b.RedirectJSON(ctx, &conformancev1.RedirectTo{Location: "/b"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(redirected, []string{"/a", "/b"}) {
		t.Errorf("redirected to %q, want /a and /b", redirected)
	}
}

// TestCrossOrigin checks that the reference server keeps the runtime's default
// cross-origin protection.
func TestCrossOrigin(t *testing.T) {
	url := newServer(t)
	req, err := http.NewRequest("POST", url+conformancev1.CallsNothingURLPath, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 403 || !strings.HasPrefix(string(body), "MiddlewareError|") {
		t.Errorf("cross-site POST: %d %q, want 403 MiddlewareError", res.StatusCode, body)
	}
}

func TestRustDebug(t *testing.T) {
	// Rust's format!("{:?}", s) for each s.
	for s, want := range map[string]string{
		"":                   `""`,
		"plain text":         `"plain text"`,
		`"\`:                 `"\"\\"`,
		"'":                  `"'"`,
		"\x00\t\r\n":         `"\0\t\r\n"`,
		"\x01\x1f\x7f":       `"\u{1}\u{1f}\u{7f}"`,
		"café 日本 🎉":          `"café 日本 🎉"`,
		"e\u0301":            `"e\u{301}"`,
		"a\u00a0b":           `"a\u{a0}b"`,
		"\u200b\u2028\ufeff": `"\u{200b}\u{2028}\u{feff}"`,
	} {
		if got := rustDebug(s); got != want {
			t.Errorf("rustDebug(%q) = %s, want %s", s, got, want)
		}
	}
}

func wantErr(t *testing.T, err error, want *rpc.Error) {
	t.Helper()
	var we *rpc.Error
	if !errors.As(err, &we) {
		t.Errorf("error %v, want %v", err, want)
		return
	}
	if d := cmp.Diff(want, we); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
}

// TestLimitsAreTheDefaults keeps the documented limits in step with the runtime's: when a
// default changes, decide whether the reference server (and limits.json) follows.
func TestLimitsAreTheDefaults(t *testing.T) {
	if d := cmp.Diff(wire.DefaultLimits(), limits); d != "" {
		t.Errorf("limits differ from wire.DefaultLimits (-default +refserver):\n%s", d)
	}
}
