// Command server is the Go side of the CORS browser test (../browser.test.mjs, run by
// scripts/cors-browser-test.sh): three origins on 127.0.0.1, each on its own free port.
//
//   - api: a handler of hand-built server functions (as sfn's generator writes them) with
//     WithCORS naming the page origin only, plus /test/stats, which tells the test what the
//     handler saw;
//   - page: the allowed origin, serving page.html;
//   - other: the same page.html on an origin WithCORS does not name.
//
// It prints "api URL", "page URL" and "other URL", one a line, and exits when its standard
// input closes, so that it never outlives the test that started it.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/server"
	"github.com/sfn-dev/sfn/runtime/wire"
)

//go:embed page.html
var page []byte

type Pair struct{ A, B int64 }

type Sum struct{ Sum int64 }

type Name struct{ Name string }

type Text struct{ Text string }

type Count struct{ N int64 }

var (
	pairMessage = &wire.Message{Name: "corstest.v1.Pair", GoType: reflect.TypeFor[Pair](),
		Fields: []wire.Field{{Name: "a", GoName: "A", Type: wire.Int64}, {Name: "b", GoName: "B", Type: wire.Int64}}}
	sumMessage = &wire.Message{Name: "corstest.v1.Sum", GoType: reflect.TypeFor[Sum](), Transparent: true,
		Fields: []wire.Field{{Name: "sum", GoName: "Sum", Type: wire.Int64}}}
	nameMessage = &wire.Message{Name: "corstest.v1.Name", GoType: reflect.TypeFor[Name](),
		Fields: []wire.Field{{Name: "name", GoName: "Name", Type: wire.String}}}
	textMessage = &wire.Message{Name: "corstest.v1.Text", GoType: reflect.TypeFor[Text](), Transparent: true,
		Fields: []wire.Field{{Name: "text", GoName: "Text", Type: wire.String}}}
	countMessage = &wire.Message{Name: "corstest.v1.Count", GoType: reflect.TypeFor[Count](), Transparent: true,
		Fields: []wire.Field{{Name: "n", GoName: "N", Type: wire.Int64}}}

	// add takes JSON, so a browser preflights it; greet takes a form, which it does not.
	add    = fn("add", rpc.Json, pairMessage, sumMessage)
	greet  = fn("greet", rpc.Url, nameMessage, textMessage)
	visits = fn("visits", rpc.Json, rpc.NoArgs, countMessage)
	moved  = fn("moved", rpc.Json, rpc.NoArgs, wire.UnitMessage)
)

func fn(name string, enc rpc.Encoding, args, result *wire.Message) *rpc.Func {
	return &rpc.Func{Service: "corstest.v1.Cors", Name: name, Path: "/api/" + name, Encoding: enc, Args: args, Result: result}
}

// stats is what the handler saw: the calls that reached add or greet, and the preflights
// by origin.
type stats struct {
	ran        atomic.Int64
	mu         sync.Mutex
	preflights map[string]int
}

func (s *stats) routes() []server.Route {
	return []server.Route{
		server.Unary(add, func(_ context.Context, in *Pair) (*Sum, error) {
			s.ran.Add(1)
			return &Sum{Sum: in.A + in.B}, nil
		}),
		server.Unary(greet, func(_ context.Context, in *Name) (*Text, error) {
			s.ran.Add(1)
			if in.Name == "" {
				return nil, server.Errorf(400, "name must not be empty")
			}
			return &Text{Text: "hello, " + in.Name}, nil
		}),
		// visits counts in a cookie, which travels only with credentials and
		// Access-Control-Allow-Credentials.
		server.NoArgs(visits, func(ctx context.Context) (*Count, error) {
			var n int64
			if c, err := server.Request(ctx).Cookie("visits"); err == nil {
				n, _ = strconv.ParseInt(c.Value, 10, 64)
			}
			n++
			server.SetCookie(ctx, &http.Cookie{Name: "visits", Value: strconv.FormatInt(n, 10), Path: "/", HttpOnly: true})
			return &Count{N: n}, nil
		}),
		server.Bare(moved, func(ctx context.Context) error {
			server.Redirect(ctx, "/elsewhere")
			return nil
		}),
	}
}

func (s *stats) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			s.mu.Lock()
			s.preflights[r.Header.Get("Origin")]++
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func (s *stats) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ran": s.ran.Load(), "preflights": s.preflights})
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("cors test server: ")
	apiL, pageL, otherL := listen(), listen(), listen()
	pageOrigin := "http://" + pageL.Addr().String()

	st := &stats{preflights: map[string]int{}}
	mux := http.NewServeMux()
	server.Mount(mux, server.NewHandler(st.routes(), server.WithCORS(pageOrigin)))
	mux.Handle("GET /test/stats", st)
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	go serve(apiL, st.count(mux))
	go serve(pageL, pages)
	go serve(otherL, pages)
	fmt.Printf("api http://%s\npage %s\nother http://%s\n", apiL.Addr(), pageOrigin, otherL.Addr())

	_, _ = io.Copy(io.Discard, os.Stdin)
}

func listen() net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	return l
}

func serve(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	log.Fatal(srv.Serve(l))
}
