# The checks CI runs (.ci/run calls `make test`). Every target installs what it needs.
GO ?= go
NPM_STAMP := node_modules/.package-lock.json

.PHONY: test unit lint check-generated fuzz-short deps

## test: everything CI checks
test: lint check-generated unit fuzz-short

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
	$(GO) run ./cmd/sfn generate --check --go-out . examples/todos/todos.sfn

## fuzz-short: a short pass of every fuzz target
fuzz-short:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-10s} $$pkg || exit 1; \
	  done; \
	done

## deps: Go modules and the npm tools
deps: $(NPM_STAMP)
	$(GO) mod download

$(NPM_STAMP): package.json package-lock.json
	npm install --no-fund --no-audit
