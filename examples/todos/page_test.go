package main

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// browser posts forms as a browser without JavaScript does: Accept: text/html, the page as
// Referer, cookies kept, redirects followed.
type browser struct {
	t    *testing.T
	http *http.Client
	base string
	page string // the URL of the page last shown
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	srv := httptest.NewServer(newMux(newStore(openTestDB(t, memoryDB)), slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir()))
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, http: &http.Client{Jar: jar}, base: srv.URL}
}

// get loads the page at path and returns its HTML.
func (b *browser) get(path string) string {
	b.t.Helper()
	req, err := http.NewRequest("GET", b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post submits a form from the page last shown to the function at path, and returns the
// page the answer's redirect leads to.
func (b *browser) post(path string, form url.Values) string {
	b.t.Helper()
	req, err := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", b.page)
	return b.do(req)
}

func (b *browser) do(req *http.Request) string {
	b.t.Helper()
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	res, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		b.t.Fatalf("%s %s: %d %s, want the page", req.Method, req.URL, res.StatusCode, res.Header.Get("Content-Type"))
	}
	b.page = res.Request.URL.String()
	return string(body)
}

// element returns the HTML of the first element with the given id, up to its closing tag
// (the page's elements with ids do not nest elements of their own kind).
func element(t *testing.T, page, tag, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<` + tag + ` id="` + regexp.QuoteMeta(id) + `".*?</` + tag + `>`).FindString(page)
	if m == "" {
		t.Fatalf("no <%s id=%q> in the page:\n%s", tag, id, page)
	}
	return m
}

// errorText returns the text of the error paragraph of the element's forms.
func errorText(t *testing.T, html string) string {
	t.Helper()
	m := regexp.MustCompile(`<p (?:id="[^"]*" )?class="error" role="alert">([^<]*)</p>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no error paragraph in:\n%s", html)
	}
	return m[1]
}

// TestPageFormsWithoutJavaScript adds, toggles and deletes todos through the page's forms
// as a browser without JavaScript posts them, and checks each error lands beside the form
// that caused it, with what was typed kept.
func TestPageFormsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	page := b.get("/")
	if got := element(t, page, "p", "stats"); !strings.Contains(got, ">0 of 0 done<") {
		t.Errorf("empty list: %s", got)
	}

	page = b.post(todov1.TodosAddTodoPath, url.Values{"title": {"Buy <milk> & eggs"}})
	if b.page != b.base+"/" {
		t.Errorf("after a successful add the page is %s, want %s/", b.page, b.base)
	}
	if got := element(t, page, "li", "todo-1"); !strings.Contains(got, `<span class="title" title="added `) || !strings.Contains(got, ">Buy &lt;milk&gt; &amp; eggs</span>") {
		t.Errorf("added todo, escaped: %s", got)
	}
	if got := element(t, page, "form", "add"); !strings.Contains(got, `value=""`) {
		t.Errorf("the add form after a success is not empty: %s", got)
	}

	page = b.post(todov1.TodosAddTodoPath, url.Values{"title": {"  \t "}})
	u, err := url.Parse(b.page)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("__path") != todov1.TodosAddTodoPath || u.Query().Get("__err") == "" {
		t.Errorf("after a failed add the page is %s, want __path and __err", b.page)
	}
	if body, _ := base64.URLEncoding.DecodeString(u.Query().Get("__err")); string(body) != `{"Invalid":{"field":"title","reason":"must not be empty"}}` {
		t.Errorf("__err holds %s, want add_todo's Invalid", body)
	}
	// The reason shows beside the title input, which is marked invalid and described by it.
	add := element(t, page, "form", "add")
	if got := errorText(t, add); got != "must not be empty" {
		t.Errorf("add form's error = %q", got)
	}
	if !strings.Contains(add, `aria-invalid="true" aria-describedby="add-error"`) {
		t.Errorf("the title input is not marked invalid: %s", add)
	}
	if !strings.Contains(add, `value="  	 "`) {
		t.Errorf("the add form lost what was typed: %s", add)
	}
	if got := errorText(t, element(t, page, "li", "todo-1")); got != "" {
		t.Errorf("the add form's error also shows on todo 1: %q", got)
	}

	// The error goes once the next post succeeds, and the typed text with it.
	page = b.post(todov1.TodosToggleTodoFormPath, url.Values{"id": {"1"}})
	if b.page != b.base+"/" {
		t.Errorf("after a successful toggle the page is %s, want the error pairs gone", b.page)
	}
	if got := errorText(t, element(t, page, "form", "add")); got != "" {
		t.Errorf("add form's error after a later success = %q", got)
	}
	if got := element(t, page, "li", "todo-1"); !strings.Contains(got, `class="done"`) || !strings.Contains(got, ">Undo</button>") {
		t.Errorf("toggled todo: %s", got)
	}
	if got := element(t, page, "p", "stats"); !strings.Contains(got, ">1 of 1 done<") {
		t.Errorf("stats after toggle: %s", got)
	}

	b.post(todov1.TodosAddTodoPath, url.Values{"title": {"Bake bread"}})
	page = b.post(todov1.TodosDeleteTodoFormPath, url.Values{"id": {"1"}})
	if strings.Contains(page, `id="todo-1"`) || !strings.Contains(page, `id="todo-2"`) {
		t.Errorf("after deleting todo 1:\n%s", element(t, page, "ul", "todos"))
	}

	// A form of a todo deleted meanwhile (in another tab, say): the error cannot sit
	// beside that todo, so it shows above the list.
	page = b.post(todov1.TodosToggleTodoFormPath, url.Values{"id": {"1"}})
	if got := errorText(t, element(t, page, "p", "list-error")); got != "no todo with id 1" {
		t.Errorf("list error = %q", got)
	}
	// Arguments that do not decode never reach the function; the tagged error shows.
	page = b.post(todov1.TodosDeleteTodoFormPath, url.Values{"id": {"two"}})
	if got := errorText(t, element(t, page, "p", "list-error")); !strings.HasPrefix(got, "Args: ") {
		t.Errorf("list error for a bad id = %q, want an Args error", got)
	}
}

// TestPageErrorBesideItsTodo checks that a failed toggle or delete of a todo still on the
// list shows beside that todo, using the flash cookie the failed post left.
func TestPageErrorBesideItsTodo(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	b.get("/")
	b.post(todov1.TodosAddTodoPath, url.Values{"title": {"Buy milk"}})
	b.post(todov1.TodosAddTodoPath, url.Values{"title": {"Bake bread"}})
	// As if the delete of todo 2 had failed: the runtime's redirect with the error, and
	// the flash cookie keepFailedForm sets.
	failed := url.Values{"__path": {todov1.TodosDeleteTodoFormPath}, "__err": {"eyJTZXJ2ZXJGbkVycm9yIjp7IlNlcnZlckVycm9yIjoiZGlzayBmdWxsIn19"}} // {"ServerFnError":{"ServerError":"disk full"}}, unpadded
	u, _ := url.Parse(b.base)
	b.http.Jar.SetCookies(u, []*http.Cookie{{Name: flashCookie, Value: "L2FwaS90b2Rvcy9kZWxldGUvZm9ybT9pZD0y", Path: "/"}}) // /api/todos/delete/form?id=2
	page := b.get("/?" + failed.Encode())
	if got := errorText(t, element(t, page, "li", "todo-2")); got != "disk full" {
		t.Errorf("todo 2's error = %q", got)
	}
	for _, other := range []string{element(t, page, "li", "todo-1"), element(t, page, "p", "list-error"), element(t, page, "form", "add")} {
		if got := errorText(t, other); got != "" {
			t.Errorf("the error also shows elsewhere: %q", got)
		}
	}
	// The flash is shown once: loading the page again no longer finds it.
	page = b.get("/?" + failed.Encode())
	if got := errorText(t, element(t, page, "p", "list-error")); got != "disk full" {
		t.Errorf("without the flash, the error should show above the list: %q", got)
	}
	// NotFound names its todo, so it shows beside it without a flash (a todo deleted and
	// listed again cannot happen; a stale page's answer, say).
	notFound := url.Values{"__path": {todov1.TodosToggleTodoFormPath}, "__err": {"eyJOb3RGb3VuZCI6eyJpZCI6MX19"}} // {"NotFound":{"id":1}}
	page = b.get("/?" + notFound.Encode())
	if got := errorText(t, element(t, page, "li", "todo-1")); got != "no todo with id 1" {
		t.Errorf("todo 1's error = %q", got)
	}
	if got := errorText(t, element(t, page, "p", "list-error")); got != "" {
		t.Errorf("NotFound of a listed todo also shows above the list: %q", got)
	}
}

// TestFormErrorOf checks the decoding of __path and __err, and the text the page shows
// for each.
func TestFormErrorOf(t *testing.T) {
	t.Parallel()
	b64 := func(s string) string { return url.QueryEscape(base64.URLEncoding.EncodeToString([]byte(s))) }
	for _, tc := range []struct {
		query string
		want  todov1.TodoErrorKind // nil: no error
		text  string               // as shown above the list
		title string               // as shown beside the title input
	}{
		{"__path=/api/x&__err=" + b64(`{"Invalid":{"field":"title","reason":"must not be empty"}}`),
			invalidKind("title", "must not be empty"), "invalid title: must not be empty", "must not be empty"},
		{"__path=/api/x&__err=" + b64(`{"Invalid":{"field":"cursor","reason":"bad"}}`),
			invalidKind("cursor", "bad"), "invalid cursor: bad", "invalid cursor: bad"},
		{"__path=/api/x&__err=" + b64(`{"NotFound":{"id":42}}`), notFoundKind(42), "no todo with id 42", "no todo with id 42"},
		{"__path=/api/x&__err=" + b64(`{"ServerFnError":{"Args":"id: bad"}}`),
			todov1.TodoErrorKindServerFnError{ServerFnError: &rpc.Error{Tag: rpc.TagArgs, Message: "id: bad"}}, "Args: id: bad", "Args: id: bad"},
		{"__path=/api/x&__err=" + b64(`{"ServerFnError":{"ServerError":"internal error"}}`),
			todov1.TodoErrorKindServerFnError{ServerFnError: &rpc.Error{Tag: rpc.TagServerError, Message: "internal error"}}, "internal error", "internal error"},
		// Unpadded, as links get trimmed.
		{"__path=/api/x&__err=eyJOb3RGb3VuZCI6eyJpZCI6N319", notFoundKind(7), "no todo with id 7", "no todo with id 7"},
		// "Tag|message", as a function without an error type answers.
		{"__path=/api/x&__err=U2VydmVyRXJyb3J8YXxi", todov1.TodoErrorKindServerFnError{ServerFnError: &rpc.Error{Tag: rpc.TagServerError, Message: "a|b"}}, "a|b", "a|b"},
		{"__path=/api/x&__err=QXJnc3xiYWQgaWQ%3D", todov1.TodoErrorKindServerFnError{ServerFnError: &rpc.Error{Tag: rpc.TagArgs, Message: "bad id"}}, "Args: bad id", "Args: bad id"},
		{"__path=/api/x", nil, "", ""},
		{"__err=" + b64(`{"NotFound":{"id":42}}`), nil, "", ""},
		{"__path=/api/x&__err=not*base64", nil, "", ""},
		{"__path=/api/x&__err=bm8gYmFy", nil, "", ""}, // "no bar": no tag
		{"__path=/api/x&__err=" + b64(`{"Gone":{}}`), nil, "", ""},
		{"__path=/api/x&__err=" + b64(`{}`), nil, "", ""},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got := formErrorOf(q)
		if tc.want == nil {
			if got != nil {
				t.Errorf("formErrorOf(%s) = %+v, want nil", tc.query, got)
			}
			continue
		}
		if got == nil || got.path != "/api/x" {
			t.Errorf("formErrorOf(%s) = %+v, want /api/x", tc.query, got)
			continue
		}
		if diff := cmp.Diff(tc.want, got.err.Kind); diff != "" {
			t.Errorf("formErrorOf(%s) (-want +got):\n%s", tc.query, diff)
		}
		if text, title := errorMessage(got.err, ""), errorMessage(got.err, "title"); text != tc.text || title != tc.title {
			t.Errorf("formErrorOf(%s) shows %q, and %q beside the title; want %q and %q", tc.query, text, title, tc.text, tc.title)
		}
	}
}

// TestPageMore follows the page's More links without JavaScript: each shows the next 50
// todos and links to the page after, the last links nowhere, and a form posted from a
// later page leads back to it.
func TestPageMore(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for i := range 120 {
		b.post(todov1.TodosAddTodoPath, url.Values{"title": {fmt.Sprint("todo ", i+1)}})
	}
	more := regexp.MustCompile(`<a id="more" rel="next" href="([^"]*)">More</a>`)
	page := b.get("/")
	var shown []string
	for n := 1; ; n++ {
		shown = append(shown, regexp.MustCompile(`<li id="todo-[1-9][0-9]*"`).FindAllString(page, -1)...)
		if paged := strings.Contains(page, `<a id="first" href="/">`); paged != (n > 1) {
			t.Errorf("page %d: a link to the first page: %v", n, paged)
		}
		m := more.FindStringSubmatch(page)
		if m == nil {
			if n != 3 {
				t.Errorf("no More on page %d, want one on pages 1 and 2", n)
			}
			break
		}
		page = b.get(html.UnescapeString(m[1]))
	}
	if len(shown) != 120 || shown[0] != `<li id="todo-1"` || shown[119] != `<li id="todo-120"` {
		t.Errorf("the pages showed %d todos, from %s to %s; want 1 to 120", len(shown), shown[0], shown[len(shown)-1])
	}
	page = b.post(todov1.TodosToggleTodoFormPath, url.Values{"id": {"110"}})
	if !strings.HasSuffix(b.page, "/?cursor=100") || !strings.Contains(element(t, page, "li", "todo-110"), `class="done"`) {
		t.Errorf("after a toggle on the last page the page is %s", b.page)
	}

	res, err := http.Get(b.base + "/?cursor=x")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 422 || string(body) != "invalid cursor: not a next_cursor this server gave out\n" {
		t.Errorf("a cursor that is not one: %s %q, want 422 and list_todos's Invalid", res.Status, body)
	}
}
