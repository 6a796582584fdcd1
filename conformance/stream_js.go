//go:build js

package conformance

import (
	"context"
	"net/http"
	"net/url"
)

// Under GOOS=js (the WebAssembly client, which imports this package for its types) the
// runners have no websocket side.

func exchangeWebsocket(context.Context, *url.URL, ServerOptions, *Websocket) problems {
	return problems{"websocket cases need a native build"}
}

func (m *caseServer) serveWebsocket(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "websocket cases need a native build", http.StatusNotImplemented)
}
