# The checks CI runs (.ci/run calls `make test`). Every target installs what it needs.
# The repository is a Go workspace (go.work): the library's module at the root and the example's
# in examples/todos, so the example's SQLite stays out of the library's go.mod. A pattern like
# ./... matches one module's packages only, hence $(PKGS). bench/ is its own module outside the
# workspace (its peers' dependencies stay out of the build list): its commands run with
# GOWORK=off.
GO ?= go
NPM_STAMP := node_modules/.package-lock.json
PKGS := ./... ./examples/todos/...
# Every module, for go mod tidy.
MODULES := . examples/todos bench
# What `make test` runs, in order; it prints them in its last line.
TEST_TARGETS := lint check-generated unit ts-test example-test cluster-test wasm-test wasm-browser-test cors-browser-test conformance-test openapi-test own-module-test fuzz-short ts-size

.PHONY: help test unit lint check-generated generate fuzz-short deps ts-test example-test cluster-test load wasm wasm-test wasm-browser-test wasm-size conformance-test cors-browser-test openapi-test own-module-test ts-size

## help: list the targets
help:
	@sed -n 's/^## \([a-z-]*\): /\1\t/p' $(MAKEFILE_LIST) | awk -F'\t' '{ printf "  %-18s %s\n", $$1, $$2 }'

## test: everything CI checks
test: $(TEST_TARGETS)
	@echo "make test: $(TEST_TARGETS) passed"

## unit: the Go tests of the library and the example, with the race detector
unit:
	$(GO) test -race -count=1 $(PKGS)

## lint: gofmt, go vet, staticcheck, and buf lint of the options file
lint: $(NPM_STAMP)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)
	npx --no-install buf lint

## check-generated: generated files and goldens current, every module tidy (see generate)
check-generated:
	@for m in $(MODULES); do echo "go mod tidy -diff: $$m"; (cd $$m && GOWORK=off $(GO) mod tidy -diff) || exit 1; done
	$(GO) test -count=1 -run 'TestGenerated|TestIR|TestDiagnostics|TestGolden' ./schema/... ./compiler/... ./gen/...
	$(GO) run ./cmd/sfn generate --check
	$(GO) test -count=1 -run TestCaseFiles ./conformance/internal/casegen
	cd bench && GOWORK=off $(GO) test -count=1 -run TestGenerated .

## generate: rewrite everything generated; review the diff before committing
# The example's and the conformance suite's code (the targets of sfn.yaml), the goldens, the
# conformance cases, and bench's code.
generate:
	$(GO) run ./cmd/sfn generate
	SFN_UPDATE=1 $(GO) test -count=1 -run 'TestGenerated|TestIR|TestDiagnostics|TestGolden' ./schema/... ./compiler/... ./gen/...
	SFN_UPDATE=1 $(GO) test -count=1 -run TestCaseFiles ./conformance/internal/casegen
	cd bench && GOWORK=off SFN_UPDATE=1 $(GO) test -count=1 -run TestGenerated .

## fuzz-short: a short pass of every fuzz target (FUZZTIME each, 10s)
# Minimizing new inputs is off: when the time runs out during a minimization, go test reports
# "context deadline exceeded" as a failure.
fuzz-short:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-10s} -fuzzminimizetime 0 $$pkg || exit 1; \
	  done; \
	done

## ts-test: the TypeScript runtime and generated clients, in Node and headless Chromium
# tsc --strict, the vectors, the Leptos corpus, the example server from Node and Chromium.
ts-test: $(NPM_STAMP)
	bash runtime/ts/test.sh

## example-test: the example's page in headless Chromium, JavaScript off and on
# Plain forms with JavaScript off, the same forms through the TypeScript client with it on,
# and the checked-in script bundle.
example-test: $(NPM_STAMP)
	bash examples/todos/test.sh

## cluster-test: the example as three servers over one throwaway PostgreSQL (needs postgresql)
# examples/todos/cluster/run.sh: initdb in a temporary directory, a unix socket, run as an
# unprivileged user under root; then concurrent adds and toggles across the servers, a form's
# error read on another server, and one server SIGKILLed with no acknowledged write lost.
cluster-test:
	bash examples/todos/cluster/run.sh

## load: wrk against the example beside a hand-written net/http endpoint (needs wrk; not in CI)
load:
	bash examples/todos/loadtest/run.sh

## wasm: build the example's Go WebAssembly client (served by the example at /wasm)
wasm:
	bash scripts/wasm-build.sh

## wasm-test: the Go client compiled to WebAssembly, under Node, against the example server
wasm-test:
	GOOS=js GOARCH=wasm $(GO) vet ./runtime/client ./examples/todos/wasm
	bash scripts/with-example-server.sh env GOOS=js GOARCH=wasm \
	  $(GO) test -count=1 -exec "$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./runtime/client ./examples/todos/wasm
	bash scripts/with-server.sh SFN_STREAM_SERVER ./runtime/client/testdata/streamserver -- env GOOS=js GOARCH=wasm \
	  $(GO) test -count=1 -exec "$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" -run Stream ./runtime/client
	bash scripts/wasm-stream-test.sh

## cors-browser-test: WithCORS in headless Chromium, from an allowed origin and a refused one
cors-browser-test: $(NPM_STAMP)
	bash scripts/cors-browser-test.sh

## wasm-browser-test: the /wasm page in headless Chromium, before and after the build
# First with no client built (the page must say how to build it), then built into a temporary
# directory, so that a build of yours in examples/todos/wasm is left alone.
wasm-browser-test: $(NPM_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  WASM_DIR=$$tmp SFN_WASM_EXPECT=unbuilt bash scripts/with-example-server.sh node --test examples/todos/wasm/browser.test.mjs && \
	  bash scripts/wasm-build.sh "$$tmp" && \
	  WASM_DIR=$$tmp bash scripts/with-example-server.sh node --test examples/todos/wasm/browser.test.mjs

## conformance-test: the conformance suite through `sfn conformance` (conformance/run.sh)
# The reference server, the Go client natively and as wasm in Node and Chromium, and the
# TypeScript client in both.
conformance-test: $(NPM_STAMP)
	bash conformance/run.sh

## wasm-size: measure the WebAssembly client as docs/benchmarks.md reports it
wasm-size:
	bash scripts/wasm-size.sh

## deps: Go modules and the npm tools
deps: $(NPM_STAMP)
	$(GO) mod download
	cd examples/todos && $(GO) mod download
	cd bench && GOWORK=off $(GO) mod download

# npm ci installs exactly package-lock.json and never rewrites it, so a test run leaves the
# work tree as it found it.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-fund --no-audit

## openapi-test: sfn openapi's documents through Redocly's linter and a generated openapi-fetch client
# Redocly CLI lints the example's document and gen/openapi's goldens; openapi-typescript's
# types of the example's document, checked with tsc --strict, drive openapi-fetch against the
# example server.
openapi-test: $(NPM_STAMP)
	bash scripts/openapi-test.sh

## own-module-test: docs/own-module.md followed in a temporary directory, end to end
# The CLI built from this clone, a new module using it through a replace (and through a
# go.work), sfn init, generate, go tool sfn, a server and a Go client, and a strict
# TypeScript project bundled with esbuild calling the server from Node.
own-module-test: $(NPM_STAMP)
	bash scripts/own-module-test.sh

## ts-size: what the TypeScript client adds to a bundle, min and gzipped (runtime/ts/size.sh)
# Prints the figures docs/benchmarks-ts.md records and warns past their budgets; fails only
# when a program does not build.
ts-size: $(NPM_STAMP)
	bash runtime/ts/size.sh
