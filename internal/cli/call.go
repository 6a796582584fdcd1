package cli

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/diag"
	"github.com/sfn-dev/sfn/internal/dynwire"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// sfn call is sfn's "buf curl": it calls a live server function from a terminal, encoding the
// arguments by the function's encoding with the same client the generated code uses.

func init() {
	register(&command{
		name:    "call",
		summary: "call a live server function and print its result",
		usage:   "--schema file.sfn [-H 'Name: value']... [-v] URL FUNCTION [ARGS_JSON|-]",
		help: `Call calls FUNCTION of the server at URL (such as http://127.0.0.1:8080) and prints its
result as JSON. FUNCTION is the function's name (add_todo), Service.name when several services
have one, or its path. ARGS_JSON is the arguments in sfn's JSON mapping ({} when left out; -
reads them from stdin); they travel in the function's own encoding (form, JSON or CBOR).

A function error prints its tag, status and message on stderr and exits 1; an error of the
function's error type prints the type, the status and the value in the JSON mapping
(sfn call: todo.v1.TodoError (status 404): {"NotFound":{"id":7}}), whether it came as JSON
or CBOR. -v prints the raw request and response on stderr (CBOR bodies in hex).`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			var sf schemaFlags
			sf.register(fs)
			schemaFile := fs.String("schema", "", "the schema `file` that declares the function")
			var headers stringList
			fs.Var(&headers, "H", "an extra request `header`, as 'Name: value' (repeatable)")
			verbose := fs.Bool("v", false, "print the raw exchange on stderr")
			return func(e *env, args []string) int {
				if *schemaFile == "" || len(args) < 2 || len(args) > 3 {
					fmt.Fprintln(e.stderr, "usage: sfn call --schema file.sfn [-H 'Name: value']... [-v] URL FUNCTION [ARGS_JSON|-]")
					return exitUsage
				}
				pkg, code := sf.compile(e, []string{*schemaFile})
				if pkg == nil {
					return code
				}
				fn, svc, err := findFunc(pkg, args[1])
				if err != nil {
					fmt.Fprintf(e.stderr, "sfn call: %v\n", err)
					return exitUser
				}
				argsJSON := []byte("{}")
				if len(args) == 3 {
					argsJSON = []byte(args[2])
					if args[2] == "-" {
						if argsJSON, err = io.ReadAll(e.stdin); err != nil {
							fmt.Fprintf(e.stderr, "sfn call: reading stdin: %v\n", err)
							return exitUser
						}
					}
				}
				opts := []client.Option{}
				for _, h := range headers {
					name, value, ok := strings.Cut(h, ":")
					if !ok {
						fmt.Fprintf(e.stderr, "sfn call: header %q is not 'Name: value'\n", h)
						return exitUsage
					}
					opts = append(opts, client.WithHeader(strings.TrimSpace(name), strings.TrimSpace(value)))
				}
				var base http.RoundTripper = http.DefaultTransport
				if *verbose {
					base = dumpTransport{w: e.stderr}
				}
				kept := &keepBody{base: base}
				opts = append(opts, client.WithHTTPClient(&http.Client{Transport: kept}))
				return call(e, client.New(args[0], opts...), describe(dynwire.New(pkg), svc, fn), argsJSON, kept)
			}
		},
	})
}

// findFunc finds a function of the named schema files by name, Service.name or path.
func findFunc(pkg *ir.Package, name string) (*ir.Func, *ir.Service, error) {
	type match struct {
		fn  *ir.Func
		svc *ir.Service
	}
	var found []match
	var all []string
	for _, f := range pkg.Files {
		if !f.Generate {
			continue
		}
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				all = append(all, fn.Name)
				if name == fn.Name || name == s.Name+"."+fn.Name || name == s.FullName+"."+fn.Name || name == fn.Path {
					found = append(found, match{fn, s})
				}
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0].fn, found[0].svc, nil
	case 0:
		if hint := diag.DidYouMean(diag.Suggest(name, all)); hint != "" {
			return nil, nil, fmt.Errorf("no function %q%s", name, hint)
		}
		sort.Strings(all)
		return nil, nil, fmt.Errorf("no function %q; the schema has %s", name, strings.Join(all, ", "))
	}
	return nil, nil, fmt.Errorf("%q names several functions; use Service.name", name)
}

// describe builds the function's descriptor from the IR, with dynamic (Go-type-free) wire
// descriptors for its arguments and result.
func describe(set *dynwire.Set, s *ir.Service, fn *ir.Func) *rpc.Func {
	f := &rpc.Func{Service: s.FullName, Name: fn.Name, Path: fn.Path, Encoding: encodingOf[fn.Encoding], Args: rpc.NoArgs, Result: wire.UnitMessage}
	if !fn.NoArgs {
		f.Args = set.Message(fn.Input)
	}
	if fn.Error != nil {
		f.Error = set.ErrorType(fn.Error)
	}
	switch {
	case fn.Unit:
	case fn.Output.Kind == ir.KindMessage:
		f.Result = set.Message(fn.Output.Message)
	default:
		// A result that is not a message travels as itself: a transparent one-field message.
		f.Result = &wire.Message{Name: fn.Output.String(), Transparent: true, Fields: []wire.Field{{Name: "value", GoName: "Value", Type: set.Type(fn.Output)}}}
	}
	return f
}

var encodingOf = map[ir.Encoding]rpc.Encoding{ir.Url: rpc.Url, ir.GetJson: rpc.GetJson, ir.Cbor: rpc.Cbor, ir.GetCbor: rpc.GetCbor, ir.Json: rpc.Json}

// call calls f with the arguments in argsJSON and prints the result, or the error; kept is
// the client's transport, which keeps the last answer for a typed error.
func call(e *env, c *client.Client, f *rpc.Func, argsJSON []byte, kept *keepBody) int {
	var in any
	if f.Args != rpc.NoArgs {
		in = f.Args.New()
		if err := wire.UnmarshalJSON(f.Args, argsJSON, in, nil); err != nil {
			fmt.Fprintf(e.stderr, "sfn call: arguments: %v\n", err)
			return exitUser
		}
	}
	out := f.Result.New()
	if out == nil {
		out = new(struct{})
	}
	if err := c.Invoke(e.ctx, f, in, out); err != nil {
		if text, ok := kept.typedError(f); ok {
			fmt.Fprintf(e.stderr, "sfn call: %s\n", text)
			return exitUser
		}
		var we *rpc.Error
		if errors.As(err, &we) && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(e.stderr, "sfn call: %s (status %d): %s\n", we.Tag, we.Status, we.Message)
		} else {
			fmt.Fprintf(e.stderr, "sfn call: %v\n", err)
		}
		return exitUser
	}
	if f.Result.Unit {
		fmt.Fprintln(e.stdout, "null")
		return exitOK
	}
	b, err := wire.MarshalJSON(f.Result, out)
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn call: %v\n", err)
		return exitUser
	}
	fmt.Fprintf(e.stdout, "%s\n", b)
	return exitOK
}

// keepBody is sfn call's transport: it keeps the status, Content-Type and body (the first
// maxKept bytes) of the last answer. The client reads a typed error with code generated
// for its type; sfn call has none (its descriptors are built at run time), so the client
// can only give such an answer as text, and sfn call decodes the kept body with the
// schema instead, to print the error in the JSON mapping whatever its encoding.
type keepBody struct {
	base        http.RoundTripper
	status      int
	contentType string
	body        []byte // nil when the body was longer than maxKept
}

// maxKept bounds the body keepBody keeps: an error type's value, not a download.
const maxKept = 1 << 20

func (k *keepBody) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := k.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	k.status, k.contentType, k.body = res.StatusCode, res.Header.Get("Content-Type"), nil
	head, err := io.ReadAll(io.LimitReader(res.Body, maxKept+1))
	if err != nil {
		res.Body.Close()
		return nil, err
	}
	if len(head) <= maxKept {
		k.body = head
	}
	res.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), res.Body), res.Body}
	return res, nil
}

// typedError describes the last answer when f has an error type and the answer is an
// error in that type's encoding: the type's name, the status and the value in the JSON
// mapping, or, for a body that is not a value of the type, the Deserialization error a
// generated client gives, with the decoder's reason.
func (k *keepBody) typedError(f *rpc.Func) (string, bool) {
	if f.Error == nil || k.body == nil || k.status < 400 || k.status > 599 {
		return "", false
	}
	if rpc.MediaType(k.contentType) != f.Error.ContentType() {
		return "", false
	}
	v := f.Error.Message.New()
	err := f.Error.DecodeError(k.body, v, nil)
	var b []byte
	if err == nil {
		b, err = wire.MarshalJSON(f.Error.Message, v)
	}
	if err != nil {
		u := rpc.UndecodableError(k.status, k.body)
		return fmt.Sprintf("%s (status %d): %s (not a value of %s: %v)", u.Tag, u.Status, u.Message, f.Error.Message.Name, err), true
	}
	return fmt.Sprintf("%s (status %d): %s", f.Error.Message.Name, k.status, b), true
}

// dumpTransport prints each exchange on w, bodies as text when they are UTF-8, else hex.
type dumpTransport struct{ w io.Writer }

func (d dumpTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	fmt.Fprintf(d.w, "> %s %s\n", r.Method, r.URL.RequestURI())
	writeHeaders(d.w, ">", r.Header)
	writeBody(d.w, body)
	res, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	rb, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(rb))
	fmt.Fprintf(d.w, "< %s\n", res.Status)
	writeHeaders(d.w, "<", res.Header)
	writeBody(d.w, rb)
	return res, nil
}

func writeHeaders(w io.Writer, mark string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(w, "%s %s: %s\n", mark, k, v)
		}
	}
}

func writeBody(w io.Writer, b []byte) {
	switch {
	case len(b) == 0:
	case utf8.Valid(b):
		fmt.Fprintf(w, "%s\n", b)
	default:
		fmt.Fprintf(w, "(hex) %s\n", hex.EncodeToString(b))
	}
	fmt.Fprintln(w)
}
