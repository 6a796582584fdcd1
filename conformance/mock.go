package conformance

import (
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// caseServer answers one client case's requests with the case's response, byte for byte, and
// records what it received. Each case has a server of its own on a new port, so that a request
// a client sends late is charged to the case whose base URL it used, not to the next one.
type caseServer struct {
	c   *Case
	ln  net.Listener
	srv *http.Server

	mu    sync.Mutex
	ws    problems      // what was wrong with the client's side of a websocket exchange
	wsEnd chan struct{} // closed when the websocket exchange is over; nil without one
	ended bool
	got   *received // the first request
	extra []string  // further requests while the case ran
	late  []string  // requests after the case had ended
}

// received is a request as a case server got it.
type received struct {
	method string
	target string
	header http.Header
	body   []byte
	err    error // reading the body failed
}

func startCaseServer(c *Case) (*caseServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m := &caseServer{c: c, ln: ln}
	// The client is the thing under test: its protocol mistakes are reported as case
	// failures, not logged by net/http.
	m.srv = &http.Server{Handler: m, ErrorLog: log.New(io.Discard, "", 0)}
	go m.srv.Serve(ln)
	return m, nil
}

func (m *caseServer) url() string { return "http://" + m.ln.Addr().String() }

// end ends the case and returns what it received while it ran.
func (m *caseServer) end() (*received, []string) {
	m.mu.Lock()
	wsEnd := m.wsEnd
	m.mu.Unlock()
	if wsEnd != nil {
		select { // the client may answer before the close handshake is over
		case <-wsEnd:
		case <-time.After(2 * time.Second):
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ended = true
	return m.got, m.extra
}

// close stops the server and returns the requests that came after the case had ended.
func (m *caseServer) close() []string {
	m.srv.Close()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.late
}

func (m *caseServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" {
		// A browser client calls this server from a page of another origin: let it, and let
		// it read the headers it needs (serverfnerror, serverfnredirect, Location).
		w.Header()["Access-Control-Allow-Origin"] = []string{origin}
		w.Header()["Access-Control-Allow-Credentials"] = []string{"true"}
		w.Header()["Vary"] = []string{"Origin"}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			w.Header()["Access-Control-Allow-Methods"] = []string{r.Header.Get("Access-Control-Request-Method")}
			if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
				w.Header()["Access-Control-Allow-Headers"] = []string{h}
			}
			w.Header()["Access-Control-Max-Age"] = []string{"600"}
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if m.c.Websocket != nil {
		m.serveWebsocket(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	what := r.Method + " " + r.RequestURI
	m.mu.Lock()
	switch {
	case m.ended:
		m.late = append(m.late, what)
	case m.got == nil:
		m.got = &received{method: r.Method, target: r.RequestURI, header: r.Header, body: body, err: err}
	default:
		m.extra = append(m.extra, what)
	}
	m.mu.Unlock()

	resp := m.c.Response
	out := resp.Bytes()
	h := w.Header()
	names := make([]string, 0, len(resp.Headers))
	for k, v := range resp.Headers {
		h[k] = []string{v} // as the case spells the name
		names = append(names, k)
	}
	if r.Header.Get("Origin") != "" {
		slices.Sort(names)
		h["Access-Control-Expose-Headers"] = []string{strings.Join(names, ", ")}
	}
	if _, ok := headerValues(h, "Content-Type"); !ok {
		h["Content-Type"] = nil // no sniffed Content-Type: send only what the case has
	}
	if _, ok := headerValues(h, "Content-Length"); !ok {
		h["Content-Length"] = []string{strconv.Itoa(len(out))}
	}
	h["Date"] = nil
	w.WriteHeader(resp.Status)
	w.Write(out)
}

// wsProblems returns what was wrong with the client's side of a websocket exchange.
func (m *caseServer) wsProblems() problems {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ws
}
