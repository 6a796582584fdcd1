package client

import "github.com/sfn-dev/sfn/runtime/wire"

// Option configures a Client.
type Option func(*Client)

// WithTransport sets how requests are sent; the default is net/http's
// http.DefaultClient (see WithHTTPClient), or, under GOOS=js, the browser's fetch.
func WithTransport(t Transport) Option {
	return func(c *Client) { c.transport = t }
}

// WithHeader adds a header sent with every call, such as Authorization. Repeated options
// add values. Accept and Content-Type are set by the encoding and cannot be overridden.
func WithHeader(key, value string) Option {
	return func(c *Client) { c.header.Add(key, value) }
}

// WithRedirectHandler sets what happens when a successful answer carries the header
// serverfnredirect (a function called server.Redirect or Leptos's redirect): fn gets the
// answer's Location after the result has been decoded, and the call still returns the
// result. Without it nothing happens, which suits programs; a browser application
// navigates.
func WithRedirectHandler(fn func(location string)) Option {
	return func(c *Client) { c.onRedirect = fn }
}

// WithLimits sets the limits applied to answers: MaxBytes bounds the body read (a longer
// one is a Response error), and all of them are passed to the result decoder. Zero fields
// keep their defaults (wire.DefaultLimits).
func WithLimits(l wire.Limits) Option {
	return func(c *Client) { c.limits = l }
}
