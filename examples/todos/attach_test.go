package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"iter"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfn-dev/sfn/examples/todos/gen/todov1"
	"github.com/sfn-dev/sfn/runtime/rpc"
)

// parts is an upload of todo id's file.
func parts(id int64, name string, data []byte) iter.Seq2[*rpc.Part, error] {
	return func(yield func(*rpc.Part, error) bool) {
		if !yield(&rpc.Part{Field: "todo_id", Body: strings.NewReader(strconv.FormatInt(id, 10))}, nil) {
			return
		}
		yield(&rpc.Part{Field: "file", FileName: name, ContentType: "text/plain", Body: bytes.NewReader(data)}, nil)
	}
}

// TestAttachment: a file uploaded through the generated client is listed with its todo,
// downloaded byte for byte, and replaced by the next; errors are the TodoError variants.
func TestAttachment(t *testing.T) {
	t.Parallel()
	c, srv := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Read the report"})
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte{0, 1, 2, 0xff}, maxAttachment/4) // exactly the limit
	at, err := c.AttachFile(ctx, parts(todo.ID, "report.bin", data))
	if err != nil {
		t.Fatal(err)
	}
	if at.Name != "report.bin" || at.Size != maxAttachment || at.ContentType != "text/plain" {
		t.Errorf("attachment %+v", at)
	}
	list, err := c.ListTodos(ctx, &todov1.ListTodos{})
	if err != nil || len(list.Todos) != 1 || list.Todos[0].Attachment == nil || *list.Todos[0].Attachment != *at {
		t.Fatalf("list %+v, %v: want the todo with its attachment", list, err)
	}
	var got bytes.Buffer
	if err := c.Attachment(ctx, &todov1.GetAttachment{TodoID: todo.ID}, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("downloaded %d bytes, not the %d uploaded", got.Len(), len(data))
	}
	// A plain link: a GET with the query, answered with the file and its name.
	res, err := http.Get(srv.URL + todov1.TodosAttachmentPath + "?todo_id=" + strconv.FormatInt(todo.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Disposition") != `attachment; filename=report.bin` {
		t.Errorf("link: %d, Content-Disposition %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}

	if _, err := c.AttachFile(ctx, parts(todo.ID, "small.txt", []byte("small"))); err != nil {
		t.Fatal(err)
	}
	got.Reset()
	if err := c.Attachment(ctx, &todov1.GetAttachment{TodoID: todo.ID}, &got); err != nil || got.String() != "small" {
		t.Fatalf("after replacing: %q, %v", got.String(), err)
	}

	_, err = c.AttachFile(ctx, parts(999, "a.txt", []byte("a")))
	wantTodoError(t, err, 404, notFoundKind(999))
	err = c.Attachment(ctx, &todov1.GetAttachment{TodoID: 999}, &got)
	wantTodoError(t, err, 404, notFoundKind(999))
	_, err = c.AttachFile(ctx, parts(todo.ID, "", nil))
	wantTodoError(t, err, 422, invalidKind("file", "choose a file"))

	// One byte over: refused 413, and the old file kept.
	_, err = c.AttachFile(ctx, parts(todo.ID, "big.bin", make([]byte, maxAttachment+1)))
	if status, _ := statusOf(err); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("an upload over the limit: %v (status %d), want 413", err, status)
	}
	got.Reset()
	if err := c.Attachment(ctx, &todov1.GetAttachment{TodoID: todo.ID}, &got); err != nil || got.String() != "small" {
		t.Fatalf("after a refused upload: %q, %v", got.String(), err)
	}

	// Deleting the todo deletes its file.
	if err := c.DeleteTodo(ctx, &todov1.DeleteTodo{ID: todo.ID}); err != nil {
		t.Fatal(err)
	}
	err = c.Attachment(ctx, &todov1.GetAttachment{TodoID: todo.ID}, &got)
	wantTodoError(t, err, 404, notFoundKind(todo.ID))
}

// TestAttachPlainForm posts a plain form as a browser does without JavaScript: answered
// 302 back to the page, and on failure (a file over the limit: 413 for fetch) with __err,
// which the page shows beside the todo's form.
func TestAttachPlainForm(t *testing.T) {
	t.Parallel()
	c, srv := startServer(t)
	ctx := context.Background()
	todo, err := c.AddTodo(ctx, &todov1.AddTodo{Title: "Scan the receipt"})
	if err != nil {
		t.Fatal(err)
	}
	jar := &cookieJar{}
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(size int) *url.URL {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("todo_id", strconv.FormatInt(todo.ID, 10))
		fw, _ := mw.CreateFormFile("file", "receipt.png")
		fw.Write(bytes.Repeat([]byte("r"), size))
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+todov1.TodosAttachFilePath, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		req.Header.Set("Referer", srv.URL+"/")
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil || res.StatusCode != http.StatusFound {
			t.Fatalf("answer %d, Location %q, want 302", res.StatusCode, res.Header.Get("Location"))
		}
		return loc
	}
	if loc := post(1000); loc.Path != "/" || loc.RawQuery != "" {
		t.Errorf("a stored upload: Location %s, want /", loc)
	}
	loc := post(maxAttachment + 1)
	q := loc.Query()
	if q.Get("__path") != todov1.TodosAttachFilePath || q.Get("__err") == "" {
		t.Fatalf("an upload over the limit: Location %s, want __path and __err", loc)
	}
	body, _ := base64.URLEncoding.DecodeString(q.Get("__err"))
	if !strings.Contains(string(body), `"Args"`) {
		t.Errorf("__err %s, want the framework's Args error (413)", body)
	}
	// The page after the redirect: the error beside the todo's form, the link to the
	// stored file.
	req, _ := http.NewRequest("GET", srv.URL+loc.RequestURI(), nil)
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	page.ReadFrom(res.Body)
	res.Body.Close()
	li := page.String()
	li = li[strings.Index(li, `id="todo-`+strconv.FormatInt(todo.ID, 10)+`"`):]
	li = li[:strings.Index(li, "</li>")]
	if !strings.Contains(li, `<p class="error" role="alert">Args: `) || !strings.Contains(li, ">receipt.png</a>") {
		t.Errorf("the todo on the page after the redirect:\n%s\nwant the error beside its form and the link to receipt.png", li)
	}
}

// cookieJar keeps the cookies of one server, enough for the flash cookie.
type cookieJar struct{ cookies []*http.Cookie }

func (j *cookieJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	for _, c := range cs {
		kept := j.cookies[:0]
		for _, o := range j.cookies {
			if o.Name != c.Name {
				kept = append(kept, o)
			}
		}
		j.cookies = kept
		if c.MaxAge >= 0 {
			j.cookies = append(j.cookies, c)
		}
	}
}

func (j *cookieJar) Cookies(*url.URL) []*http.Cookie { return j.cookies }
