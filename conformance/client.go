package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// DefaultStartTimeout bounds how long a client may take to write its hello line (go run may
// compile first, a browser client may start a browser).
const DefaultStartTimeout = 2 * time.Minute

// ClientOptions configure RunClient.
type ClientOptions struct {
	// Command is the client program, run with sh -c.
	Command string
	// Dir is the client's working directory; empty means the current one.
	Dir string
	// Timeout bounds each case, from sending the case line to reading the answer;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// StartTimeout bounds the wait for the hello line; DefaultStartTimeout when zero.
	StartTimeout time.Duration
	// Out receives a report of each failed case and the summary line.
	Out io.Writer
	// Verbose also reports every passed and skipped case.
	Verbose bool
	// Stderr, when set, receives a copy of the client's standard error as it comes. The last
	// lines are kept in any case, for the report of a client that dies or hangs.
	Stderr io.Writer
}

// Hello is the first line a client writes.
type Hello struct {
	// Hello names the client and its version.
	Hello string `json:"hello"`
	// Lacks lists the features (see Features) the client does not have.
	Lacks []string `json:"lacks,omitempty"`
}

// CaseLine is what RunClient writes for each case: call Function with Args against BaseURL.
type CaseLine struct {
	Case     string          `json:"case"`
	BaseURL  string          `json:"base_url"`
	Function string          `json:"function"`
	Args     json.RawMessage `json:"args"`
	// Input is the case's call input, for functions that stream in (see Call.Input).
	Input json.RawMessage `json:"input,omitempty"`
}

// Answer is the line a client writes for a case: a Result (with a Redirect when the server
// asked for one) or an Error.
type Answer struct {
	Case     string          `json:"case"`
	Result   json.RawMessage `json:"result,omitempty"`
	Redirect *string         `json:"redirect,omitempty"`
	Error    *ErrorValue     `json:"error,omitempty"`
	// Items is, for a websocket function, what its output yielded, in order (see
	// Case.Items); such an answer has no result or error.
	Items []*StreamItem `json:"items,omitempty"`
}

// RunClient starts the client program, makes it run every client case among cases against a
// server on 127.0.0.1 that answers each case with its response, and compares the request the
// server received and the answer the client gave with the case's. Cases that require a feature
// the client lacks are skipped. A client that dies, hangs or breaks the protocol fails the case
// at hand and is started again for the next one. RunClient reports failures as it goes and ends
// with the summary line; it returns an error when the run could not be made, such as when the
// client does not start or write its hello line.
func RunClient(ctx context.Context, cases []*Case, opts ClientOptions) (Summary, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	rep := newReporter(opts.Out, opts.Verbose)
	var run []*Case
	for _, c := range cases {
		if c.IsClientCase() {
			run = append(run, c)
		}
	}
	if len(run) == 0 {
		return rep.done(), nil
	}
	p, hello, err := startClient(ctx, opts)
	if err != nil {
		return rep.sum, err
	}
	defer func() { p.kill() }()

	// A case's verdict waits until the next case has run, and its server stays up until then,
	// so that a request the client sends after answering is charged to the case it belongs to.
	type ran struct {
		c    *Case
		srv  *caseServer
		prob problems
	}
	var prev *ran
	// Cases skipped after prev are reported after it, to keep the report in case order.
	var skipped []*Case
	var lacking []string // what each skipped case needs that the client lacks
	settle := func() {
		if prev != nil {
			for _, what := range prev.srv.close() {
				prev.prob.add("a request after the case had ended: %s", what)
			}
			rep.outcome(prev.c, prev.prob)
			prev = nil
		}
		for i, c := range skipped {
			rep.skip(c, "the client lacks "+lacking[i])
		}
		skipped, lacking = nil, nil
	}
	stop := func(err error) (Summary, error) {
		settle()
		rep.done()
		return rep.sum, err
	}

	for _, c := range run {
		if err := ctx.Err(); err != nil {
			return stop(err)
		}
		if lacked := intersect(c.Requires, hello.Lacks); len(lacked) > 0 {
			skipped, lacking = append(skipped, c), append(lacking, strings.Join(lacked, ", "))
			continue
		}
		srv, err := startCaseServer(c)
		if err != nil {
			return stop(err)
		}
		ans, prob, broken := p.ask(ctx, c, srv.url(), opts.Timeout)
		got, extra := srv.end()
		if err := ctx.Err(); err != nil {
			srv.close()
			return stop(err)
		}
		if got != nil || !broken { // a client that died or hung has said enough
			if c.Websocket != nil {
				prob.compareUpgrade(c.Websocket, got, extra)
				prob = append(prob, srv.wsProblems()...)
			} else {
				prob.compareRequest(c.Request, got, extra)
			}
		}
		if ans != nil {
			prob.compareAnswer(c, ans)
		}
		settle()
		prev = &ran{c, srv, prob}
		if broken {
			p.kill()
			if p, hello, err = startClient(ctx, opts); err != nil {
				return stop(fmt.Errorf("starting the client again after case %s: %w", c.Name, err))
			}
		}
	}
	p.closeInput()
	exitErr := p.wait(opts.Timeout)
	settle()
	if exitErr != nil {
		// Not a case's failure, but worth knowing: a client that outlives its input leaks.
		fmt.Fprintf(rep.w, "note: the client did not exit cleanly when its input ended: %v\n", exitErr)
	}
	return rep.done(), nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// compareRequest compares the request the mock server received with the expected one.
func (p *problems) compareRequest(want *Request, got *received, extra []string) {
	switch {
	case got == nil:
		p.add("the client sent no request (want %s %s)", want.Method, want.Target)
	case got.err != nil:
		p.add("reading the request body: %v", got.err)
	default:
		if got.method != want.Method {
			p.add("request method: want %s, got %s", want.Method, got.method)
		}
		if got.target != want.Target {
			p.add("request target: want %q, got %q", want.Target, got.target)
		}
		if want.Match == MatchMultipart {
			// The client picks the boundary: Content-Type is compared by its media type.
			others := maps.Clone(want.Headers)
			maps.DeleteFunc(others, func(k, _ string) bool { return strings.EqualFold(k, "Content-Type") })
			p.compareHeaders("request header", others, nil, got.header)
			p.compareMultipart(want, got)
			break
		}
		p.compareHeaders("request header", want.Headers, nil, got.header)
		p.compareBody("request body", want.MatchMode(), want.Bytes(), got.body)
	}
	for _, e := range extra {
		p.add("a second request in one case: %s", e)
	}
}

// compareUpgrade checks the websocket upgrade a client sent (the frames are the mock's to
// check).
func (p *problems) compareUpgrade(want *Websocket, got *received, extra []string) {
	switch {
	case got == nil:
		p.add("the client opened no websocket (want GET %s)", want.Target)
	default:
		if got.method != http.MethodGet {
			p.add("upgrade method: want GET, got %s", got.method)
		}
		if got.target != want.Target {
			p.add("upgrade target: want %q, got %q", want.Target, got.target)
		}
	}
	for _, e := range extra {
		p.add("a second request in one case: %s", e)
	}
}

// compareItems compares what a client's stream yielded with the case's items.
func (p *problems) compareItems(want, got []*StreamItem) {
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(got):
			p.add("items[%d]: want %s, got the end of the stream", i, showItem(want[i]))
		case i >= len(want):
			p.add("items[%d]: want the end of the stream, got %s", i, showItem(got[i]))
		case got[i] == nil || (got[i].Item == nil) == (got[i].Error == nil):
			p.add("items[%d]: the answer's item needs exactly one of item and error", i)
		case want[i].Item != nil && got[i].Item != nil:
			if eq, err := EqualJSON(want[i].Item, got[i].Item); err != nil || !eq {
				p.add("items[%d]: want %s, got %s", i, showItem(want[i]), showItem(got[i]))
			}
		case want[i].Error != nil && got[i].Error != nil:
			w, g := want[i].Error, got[i].Error
			if w.Tag != g.Tag || (w.MessageMatch != MatchAny && w.Message != g.Message) {
				p.add("items[%d]: want %s, got %s", i, showItem(want[i]), showItem(got[i]))
			}
		default:
			p.add("items[%d]: want %s, got %s", i, showItem(want[i]), showItem(got[i]))
		}
	}
}

func showItem(it *StreamItem) string {
	if it.Item != nil {
		return "item " + showJSON(it.Item)
	}
	if it.Error.MessageMatch == MatchAny {
		return fmt.Sprintf("error %s|(any message)", it.Error.Tag)
	}
	return fmt.Sprintf("error %s|%s", it.Error.Tag, clip(it.Error.Message, 200))
}

// compareAnswer compares a client's answer with the case's result or error.
func (p *problems) compareAnswer(c *Case, a *Answer) {
	if c.Websocket != nil {
		if a.Result != nil || a.Error != nil || a.Redirect != nil {
			p.add("the answer of a websocket case has items only, no result, error or redirect")
		}
		p.compareItems(c.Items, a.Items)
		return
	}
	if a.Items != nil {
		p.add("the answer has items, but the case is not a websocket case")
	}
	switch {
	case a.Result != nil && a.Error != nil:
		p.add("the answer has both a result and an error")
	case c.Result != nil && a.Error != nil:
		p.add("want result %s, got error %s", showJSON(c.Result), showError(a.Error))
	case c.Error != nil && a.Result != nil:
		p.add("want error %s, got result %s", showError(c.Error), showJSON(a.Result))
	case a.Result == nil && a.Error == nil:
		p.add("the answer has neither a result nor an error")
	case c.Result != nil:
		if eq, err := EqualJSON(c.Result, a.Result); err != nil || !eq {
			p.add("result: want %s, got %s", showJSON(c.Result), showJSON(a.Result))
		}
		switch {
		case c.Redirect != nil && a.Redirect == nil:
			p.add("redirect: want %q, got none", *c.Redirect)
		case c.Redirect == nil && a.Redirect != nil:
			p.add("redirect: want none, got %q", *a.Redirect)
		case c.Redirect != nil && *c.Redirect != *a.Redirect:
			p.add("redirect: want %q, got %q", *c.Redirect, *a.Redirect)
		}
	case c.Error.Typed != nil || a.Error.Typed != nil:
		w, g := c.Error, a.Error
		switch {
		case g.Typed == nil:
			p.add("error: want typed %s, got %s", showError(w), showError(g))
		case w.Typed == nil:
			p.add("error: want %s, got typed %s", showError(w), showError(g))
		default:
			if eq, err := EqualJSON(w.Typed, g.Typed); err != nil || !eq {
				p.add("typed error: want %s, got %s", showJSON(w.Typed), showJSON(g.Typed))
			}
			if w.Status != g.Status {
				p.add("error status: want %d, got %d", w.Status, g.Status)
			}
		}
		if a.Redirect != nil {
			p.add("redirect: want none with an error, got %q", *a.Redirect)
		}
	default:
		w, g := c.Error, a.Error
		if w.Tag != g.Tag {
			p.add("error tag: want %q, got %q", w.Tag, g.Tag)
		}
		if w.MessageMatch != MatchAny && w.Message != g.Message {
			p.add("error message: want %q, got %q", w.Message, g.Message)
		}
		if w.Status != g.Status {
			p.add("error status: want %d, got %d", w.Status, g.Status)
		}
		if a.Redirect != nil {
			p.add("redirect: want none with an error, got %q", *a.Redirect)
		}
	}
}

func showJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return clip(string(raw), 300)
	}
	return clip(b.String(), 300)
}

func showError(e *ErrorValue) string {
	if e.Typed != nil {
		return fmt.Sprintf("%s (status %d)", showJSON(e.Typed), e.Status)
	}
	return fmt.Sprintf("%s|%s (status %d)", e.Tag, clip(e.Message, 200), e.Status)
}
