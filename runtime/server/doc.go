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
//	server.Mount(mux, userv1.NewUsersHandler(users))
//
// Several services can also be joined into one handler with Join, each keeping its own
// options. Inside a function, the context gives access to the request (Request, Func)
// and control of the answer (SetStatus, ResponseHeader, SetCookie, Redirect), as Leptos's
// extractors and ResponseOptions do.
//
// # Errors and statuses
//
// Every failure is answered with Content-Type: text/plain; charset=utf-8 (Leptos sends
// text/plain) and the body "Tag|message"; failures of a known function also carry the
// header serverfnerror: <path>, as Leptos's do. Leptos server_fn 0.8 answers every
// failure 500, and an unknown path or a wrong method 400 with a plain-text page. sfn:
//
//   - arguments that do not decode: 400, Args (form) or Deserialization (JSON, CBOR),
//     with the decoder's message naming the field, as Leptos. Leptos answers 500 (SPEC
//     section 9 lists the difference): every Leptos and sfn client treats any 400-599 as
//     an error and reads the same body, and 5xx is then left to the server's own faults;
//   - a function's error: a *rpc.Error (anywhere in the error's chain, so server.Errorf or
//     rpc.NewError, wrapped or not) keeps its tag, message and Status; without a Status, a
//     4xx or 5xx status the function set with SetStatus is used, else 500. Any other error
//     was not made for the caller: 500 ServerError|internal error, logged at error level
//     with its full text (Leptos sends err's text, leaking internals: leptos#3270). If the
//     client went away before the function finished, it is logged at debug level instead;
//   - a function that returns neither a result nor an error, or a result that does not
//     encode: 500 Serialization, logged at error level;
//   - a panic: 500 ServerError|internal error; the panic is logged at error level with the
//     function and the stack, and never sent;
//   - a request body over Limits.MaxBytes: 413, tagged as a decode failure of the
//     encoding (Args or Deserialization); Leptos has no limit;
//   - an unreadable body (the client hung up or missed the read deadline): 400, tagged
//     likewise;
//   - unknown path: 404 Registration; known path, wrong method: 405 Registration with
//     Allow (SPEC section 9 lists both as deliberate differences);
//   - cross-origin POST refused: 403 MiddlewareError; refused gate: the tag, message and
//     status of the gate's *rpc.Error, else 403 MiddlewareError|request refused (the
//     gate's own error is logged).
//
// Every answer carries X-Content-Type-Options: nosniff.
//
// # Plain HTML forms
//
// A request whose Accept contains text/html is a form posted by a browser without
// JavaScript (SPEC section 6). Once its function is found and the cross-origin check
// passed, it is answered 302 whatever happens next: to the location the function gave
// Redirect, else back to the Referer, with __path=<path>&__err=<base64url of
// "Tag|message"> added on failure and such pairs from an earlier failure removed. Without
// a Referer it goes to "/", without the error, as Leptos does. As Leptos does too, the 302
// keeps the body and headers the answer would have had otherwise (the encoded result, or
// the error body with serverfnerror), so a client that does not follow redirects still
// sees them. 404s, 405s and cross-origin refusals are not redirected.
//
// # Security
//
// Cross-origin POSTs are refused by default (see WithTrustedOrigins,
// WithCrossOriginBypass, WithoutCrossOriginProtection); GET functions are never refused,
// so they must not change anything. Bodies are limited to Limits.MaxBytes (4 MiB by
// default) and every decoder limit of wire.Limits applies; WithTimeouts sets per-request
// deadlines. A client's mistakes are logged at debug level only, so that a hostile client
// cannot flood the error log.
package server
