// Package casegen builds the conformance suite's case files, conformance/cases/*.json
// (format: docs/conformance.md), and its test keeps them up to date:
//
//	SFN_UPDATE=1 go test ./conformance/internal/casegen   # rewrite the files
//	go test ./conformance/internal/casegen                # fail when one is stale
//
// Two kinds of cases go into the files:
//
//   - Derived cases, built from the shared reference data in ../shared (relative to the
//     repository root): every encode vector of vectors/serde-reference.json whose type a
//     function of conformance.sfn takes becomes a client and server case of each such
//     function (encodings.json), every decode vector a server case (encodings.json when it
//     decodes, bad-input.json when it must fail), and every exchange recorded from Leptos
//     in leptos/corpus.json a server case (leptos.json). Their expected bytes are the
//     recorded ones, taken as they are; where sfn deliberately differs from Leptos (SPEC
//     sections 4.1 and 9) the case says so with "leptos": false and a note, and its
//     expectation follows the vectors' own "sfn" annotations or a table here that names
//     the SPEC rule.
//   - Hand-written cases (the other areas, and hand-written parts of encodings and
//     bad-input), as Go tables in the hand_*.go files. Their expectations are literal
//     bytes written from the SPEC and the serde libraries' rules, never computed by
//     sfn's own code, so that a case can catch a bug in it.
//
// When ../shared is absent the files holding derived cases cannot be checked, and the
// test skips them with a message.
package casegen
