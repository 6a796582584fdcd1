package conformance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout bounds one case's exchange when the options leave the timeout zero.
const DefaultTimeout = 10 * time.Second

// ServerOptions configure RunServer.
type ServerOptions struct {
	// URL is the server's base URL: http:// or https://, a host and a port, and no path
	// (cases hold absolute request-targets such as /api/echo_url).
	URL string
	// Leptos skips the cases marked "leptos": false, where sfn deliberately differs from Leptos.
	Leptos bool
	// Timeout bounds each case's exchange; DefaultTimeout when zero.
	Timeout time.Duration
	// Out receives a report of each failed case and the summary line.
	Out io.Writer
	// Verbose also reports every passed and skipped case.
	Verbose bool
	// TLSConfig is used for https URLs; nil means the defaults for the URL's host.
	TLSConfig *tls.Config
}

// ParseServerURL checks a server's base URL as RunServer needs it.
func ParseServerURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("server URL %q: want http:// or https://", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("server URL %q has no host", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("server URL %q: want only scheme, host and port (the cases hold whole paths)", raw)
	}
	return u, nil
}

// RunServer sends the request of every server case among cases to the server at opts.URL and
// compares the response with the case's. Each request travels as raw HTTP/1.1 on a connection
// of its own: the request line with the case's exact target, Host, the case's headers,
// Content-Length when there is a body or the method is POST, and Connection: close. Client-only
// cases are passed over without being counted. RunServer reports failures as it goes and ends
// with the summary line; it returns an error only when the run could not be made, such as when
// the server does not accept the first connection.
func RunServer(ctx context.Context, cases []*Case, opts ServerOptions) (Summary, error) {
	u, err := ParseServerURL(opts.URL)
	if err != nil {
		return Summary{}, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	rep := newReporter(opts.Out, opts.Verbose)
	first := true
	for _, c := range cases {
		if !c.IsServerCase() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep.sum, err
		}
		if opts.Leptos && c.DiffersFromLeptos() {
			rep.skip(c, `marked "leptos": false`)
			continue
		}
		if c.Websocket != nil {
			p := exchangeWebsocket(ctx, u, opts, c.Websocket)
			first = false
			rep.outcome(c, p)
			continue
		}
		resp, body, err := exchange(ctx, u, opts, c.Request)
		var dialErr *dialError
		if first && errors.As(err, &dialErr) {
			return rep.sum, err
		}
		first = false
		var p problems
		if err != nil {
			p.add("%v", err)
		} else {
			p.compareResponse(c.Response, resp, body)
		}
		rep.outcome(c, p)
	}
	return rep.done(), nil
}

// compareResponse compares a received response with the expected one.
func (p *problems) compareResponse(want *Response, got *http.Response, body []byte) {
	if got.StatusCode != want.Status {
		p.add("status: want %d, got %d", want.Status, got.StatusCode)
	}
	p.compareHeaders("header", want.Headers, want.AbsentHeaders, got.Header)
	p.compareBody("body", want.MatchMode(), want.Bytes(), body)
}

type dialError struct {
	addr string
	err  error
}

func (e *dialError) Error() string { return fmt.Sprintf("cannot connect to %s: %v", e.addr, e.err) }
func (e *dialError) Unwrap() error { return e.err }

// exchange sends one request on a new connection and reads the response.
func exchange(ctx context.Context, u *url.URL, opts ServerOptions, r *Request) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), map[string]string{"http": "80", "https": "443"}[u.Scheme])
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, &dialError{addr, err}
	}
	defer conn.Close()
	if u.Scheme == "https" {
		cfg := opts.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: u.Hostname()}
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, nil, fmt.Errorf("TLS handshake with %s: %v", addr, err)
		}
		conn = tc
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	body := r.Bytes()
	head := rawHead(u.Host, r, len(body))
	// Write while reading: a server may answer (413, say) before it has read a large body.
	wrote := make(chan error, 1)
	go func() {
		_, err := conn.Write(append(head, body...))
		wrote <- err
	}()
	defer func() { conn.Close(); <-wrote }()
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: r.Method})
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
			err = fmt.Errorf("no response within %v", opts.Timeout)
		}
		select {
		case werr := <-wrote:
			wrote <- werr
			if werr != nil {
				return nil, nil, fmt.Errorf("sending the request: %v; reading the response: %v", werr, err)
			}
		default:
		}
		return nil, nil, fmt.Errorf("reading the response: %v", err)
	}
	got, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
			err = fmt.Errorf("no whole body within %v", opts.Timeout)
		}
		return nil, nil, fmt.Errorf("reading the response body: %v", err)
	}
	if len(got) > maxBody {
		return nil, nil, fmt.Errorf("response body over %d bytes", maxBody)
	}
	return resp, got, nil
}

// rawHead writes the request line and headers of r: Host, then the case's headers in name
// order, then Content-Length and Connection unless the case sets them.
func rawHead(host string, r *Request, bodyLen int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", r.Method, r.Target)
	has := func(name string) bool {
		for k := range r.Headers {
			if strings.EqualFold(k, name) {
				return true
			}
		}
		return false
	}
	if !has("Host") {
		fmt.Fprintf(&b, "Host: %s\r\n", host)
	}
	names := make([]string, 0, len(r.Headers))
	for k := range r.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Fprintf(&b, "%s: %s\r\n", k, r.Headers[k])
	}
	if !has("Content-Length") && !has("Transfer-Encoding") && (bodyLen > 0 || r.Method == http.MethodPost) {
		b.WriteString("Content-Length: " + strconv.Itoa(bodyLen) + "\r\n")
	}
	if !has("Connection") {
		b.WriteString("Connection: close\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
