// Package server is the net/http runtime of sfn's generated Go servers: it serves server
// functions with Leptos server_fn 0.8's wire protocol (SPEC sections 3, 5, 6 and 7), so
// that Leptos clients, sfn's Go and TypeScript clients, and plain HTML forms can all call
// them.
//
// It sits at the end of the runtime: generated code describes each function once with an
// rpc.Func (path, encoding, wire descriptors of its arguments and result), and its
// New<Service>Handler passes one Route per function to NewHandler. The codecs are
// runtime/wire's, picked by runtime/rpc from the function's encoding, so this package only
// does HTTP: routing, admission (cross-origin check, gates, size limits), the call with its
// context, and the answer.
//
//	mux := http.NewServeMux()
//	server.Mount(mux, todov1.NewTodosHandler(impl,
//		server.WithTrustedOrigins("https://app.example.com"),
//		server.WithInterceptors(logCalls),
//	))
//
// Inside a function, the context gives access to the request (Request) and control of the
// answer (SetStatus, ResponseHeader, SetCookie, Redirect), as Leptos's extractors and
// ResponseOptions do. Errors returned by a function reach the caller as "Tag|message"
// bodies; return an rpc.Errorf or *wire.Error to choose the status. See NewHandler for
// the order of the steps and errors.go for every status.
package server
