package casegen

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
	"github.com/sfn-dev/sfn/internal/leptoscorpus"
)

// Build returns every case file, in area order. shared is the shared reference data
// directory; when it does not exist, the files holding derived cases are left out and
// missing is true.
func Build(shared string) (files []*File, missing bool, err error) {
	vf, err := loadVectors(shared)
	if errors.Is(err, fs.ErrNotExist) {
		missing = true
	} else if err != nil {
		return nil, false, err
	}
	var corpus []*leptoscorpus.Exchange
	if !missing {
		if corpus, err = leptoscorpus.Load(leptoscorpus.InShared(shared)); err != nil {
			return nil, false, err
		}
	}

	var good, bad, enc, lep []*conformance.Case
	var open []string
	if !missing {
		good, bad = decodeCases(vf)
		enc = encodeCases(vf)
		lep, open = leptosCases(corpus, vf)
	}
	files = []*File{
		{Derived: true, File: conformance.File{Area: "encodings", Description: "Every serde reference encode vector whose type a function takes, " +
			"sent to each such function in its encoding (request: the vector's url, json or cbor_hex; response: its JSON or CBOR), " +
			"and every decode vector as a server case; Address and Circle vectors are no function's arguments. " +
			"Built by conformance/internal/casegen from shared/vectors/serde-reference.json, plus hand-written cases.",
			Cases: concat(enc, good, handEncodings())}},
		{File: conformance.File{Area: "types", Description: "The kinds the Echo functions do not cover (Scalars, Kinds, Dynamic, transparent results, timestamps), " +
			"each in every encoding that can carry it.", Cases: handTypes()}},
		{File: conformance.File{Area: "paths", Description: "Where functions are served: endpoints, prefixes, Leptos's hashed default paths, " +
			"and how requests for other paths and methods are answered.", Cases: handPaths()}},
		{File: conformance.File{Area: "errors", Description: "Function errors with chosen statuses, panics, and the error body format (SPEC section 5).",
			Cases: handErrors()}},
		{File: conformance.File{Area: "typed-errors", Description: "Typed errors (SPEC 5.1), the functions of service Typed: each variant of a JSON " +
			"and a CBOR error type with its status, Content-Type and exact bytes, from functions of every encoding; framework failures " +
			"(arguments, limits, origin, masked errors, panics) in the framework variant; plain forms' __err; and what clients make of " +
			"error bodies, including ones that do not decode and Tag|message text.", Cases: handTyped()}},
		{File: conformance.File{Area: "forms", Description: "Plain HTML form posts (Accept contains text/html): 302 back to the Referer, " +
			"with __path and __err on failure and stale pairs removed (SPEC section 6).", Cases: handForms()}},
		{File: conformance.File{Area: "redirects", Description: "Redirects asked for inside a function: 200 with Location and serverfnredirect for clients, " +
			"302 for plain forms.", Cases: handRedirects()}},
		{File: conformance.File{Area: "limits", Description: "The reference server's default limits (conformance/refserver): request body 4 MiB, " +
			"1000 form keys, form keys 5 segments deep, strings 1 MiB, JSON and CBOR nesting 128, CBOR lengths and items 100,000.",
			Cases: handLimits()}},
		{File: conformance.File{Area: "cross-origin", Description: "Cross-origin protection (SPEC section 7, as net/http's CrossOriginProtection): " +
			"which POSTs are refused by Sec-Fetch-Site and Origin, and what is let through.", Cases: handCrossOrigin()}},
		{File: conformance.File{Area: "streams", Description: "Streams and uploads (SPEC 11), the functions of service Streams: " +
			"websockets (echo, count) as frames sent and frames expected with the close, bad frames as error items, limits and " +
			"cancellation; a text stream (upper); uploads (sizes) with their limits and the plain form's 302; and what clients send " +
			"and yield for each.", Cases: concat(handStreams(), handClientStreams())}},
		{Derived: true, File: conformance.File{Area: "bad-input", Description: "Arguments that must not decode: the serde reference decode vectors that fail " +
			"(built by conformance/internal/casegen), and hand-written malformed form, JSON and CBOR bodies. " +
			"Decoders word their messages their own way, so only the error tag is compared.",
			Cases: concat(bad, handBadInput(), handClientBadInput())}},
	}
	if !missing {
		desc := "Every exchange recorded from a real Leptos server_fn 0.8.7 server (shared/leptos/corpus.json) replayed as a server case, " +
			"with sfn's answer where it deliberately differs (\"leptos\": false and a note). An error's Content-Type is not compared " +
			"(Leptos sends text/plain, sfn text/plain; charset=utf-8); a decoder's error by its tag only."
		if len(open) > 0 {
			desc += " Left out, as SPEC leaves the answer open: " + strings.Join(open, ", ") + "."
		}
		files = append(files, &File{Derived: true, File: conformance.File{Area: "leptos", Description: desc, Cases: lep}})
	}
	kept := files[:0]
	for _, f := range files {
		markBadArgs(f.Cases)
		if !(missing && f.Derived) {
			kept = append(kept, f)
		}
		for _, c := range f.Cases {
			// Node's fetch drops a "?" with nothing after it from the request target (WHATWG
			// URL's search is "" then); browsers and Go's net/http send it.
			if c.Call != nil && c.Request != nil && strings.HasSuffix(c.Request.Target, "?") {
				c.Requires = append(c.Requires, "empty-query")
			}
		}
	}
	if err := check(kept); err != nil {
		return nil, false, err
	}
	return kept, missing, nil
}

func concat(lists ...[]*conformance.Case) []*conformance.Case {
	var out []*conformance.Case
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Write writes the files into dir, each as <area>.json.
func Write(dir string, files []*File) error {
	for _, f := range files {
		b, err := f.Marshal()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Area+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
