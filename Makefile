# The checks CI runs (.ci/run calls `make test`). Every target installs what it needs.
GO ?= go
NPM_STAMP := node_modules/.package-lock.json

.PHONY: test unit lint check-generated fuzz-short deps ts-test example-test load wasm wasm-test wasm-browser-test wasm-size conformance-test

## test: everything CI checks
test: lint check-generated unit ts-test example-test wasm-test wasm-browser-test conformance-test fuzz-short

## unit: the Go tests, with the race detector
unit:
	$(GO) test -race -count=1 ./...

## lint: gofmt, go vet, and buf lint of the options file
lint: $(NPM_STAMP)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	npx --no-install buf lint

## check-generated: generated files and goldens are current (SFN_UPDATE=1 go test ./... rewrites them)
check-generated:
	$(GO) mod tidy -diff
	$(GO) test -count=1 -run 'TestGenerated|TestIR|TestDiagnostics|TestGolden' ./schema/... ./compiler/... ./gen/...
	$(GO) run ./cmd/sfn generate --check --go-out . --ts-out examples/todos/web/gen examples/todos/todos.sfn
	$(GO) run ./cmd/sfn generate --check --go-out . --ts-out conformance/clients/ts/gen conformance/conformance.sfn
	$(GO) test -count=1 -run TestCaseFiles ./conformance/internal/casegen

## fuzz-short: a short pass of every fuzz target. Minimizing new inputs is off: when the time
## runs out during a minimization, go test reports "context deadline exceeded" as a failure.
fuzz-short:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-10s} -fuzzminimizetime 0 $$pkg || exit 1; \
	  done; \
	done

## ts-test: the TypeScript runtime and generated clients: tsc --strict, vectors, the Leptos
## corpus, the example server from Node, and headless Chromium
ts-test: $(NPM_STAMP)
	bash runtime/ts/test.sh

## example-test: the example app in headless Chromium: plain forms with JavaScript off, the
## same forms through the TypeScript client with it on, and the checked-in script bundle
example-test: $(NPM_STAMP)
	bash examples/todos/test.sh

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
	  $(GO) test -count=1 -exec "$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./runtime/client

## wasm-browser-test: the /wasm page in headless Chromium
wasm-browser-test: $(NPM_STAMP)
	bash scripts/wasm-build.sh
	bash scripts/with-example-server.sh node --test examples/todos/wasm/browser.test.mjs

## conformance-test: the conformance suite through `sfn conformance`: the reference server, and
## the Go client natively, as wasm in Node and Chromium, and the TypeScript client in both
conformance-test: $(NPM_STAMP)
	bash conformance/run.sh

## wasm-size: measure the WebAssembly client as docs/benchmarks.md reports it
wasm-size:
	bash scripts/wasm-size.sh

## deps: Go modules and the npm tools
deps: $(NPM_STAMP)
	$(GO) mod download

$(NPM_STAMP): package.json package-lock.json
	npm install --no-fund --no-audit
