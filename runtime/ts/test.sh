#!/usr/bin/env bash
# Tests sfn's TypeScript runtime and generated TypeScript (make test runs this):
#   1. tsc --strict (with noUncheckedIndexedAccess, exactOptionalPropertyTypes and more) over
#      the runtime, the generated goldens and the example's web client;
#   2. node --test: the runtime against ../shared/vectors/serde-reference.json, the generated
#      echo.ts against ../shared/leptos/corpus.json, the generated todos.ts against the Go
#      example server, and the same in headless Chromium; the query and mutation helpers
#      with TanStack Query in Node, and a React 19 + TanStack Query page and the form helper
#      in Chromium.
# Needs `npm install` at the repository root, Go, and Chromium at /usr/bin/chromium (or
# $CHROMIUM). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=node_modules/.bin
if [[ ! -x $bin/tsc ]]; then
  echo "test.sh: run npm install at the repository root first" >&2
  exit 1
fi

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "test.sh: no Chromium at $chromium for the browser test: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi

echo "== tsc: runtime and generated code, strict"
$bin/tsc -p runtime/ts

# The example's client as the generator in this tree writes it, for the helpers' tests
# (helpers.test.ts, react.test.ts): they test the generator's output, not the checked-in copy.
go run ./cmd/sfn generate --ts-out runtime/ts/test/gen examples/todos/todos.sfn >/dev/null

echo "== tsc: build the tests"
rm -rf runtime/ts/build
$bin/tsc -p runtime/ts/tsconfig.test.json

# The example server, built once; the tests start it on a free port.
build=runtime/ts/build
go build -o "$build/todos-server" ./examples/todos
export SFN_TODOS_SERVER="$PWD/$build/todos-server"
# The streams' server (streams.test.ts): gen/ts/testdata/livestreams.sfn's functions.
go build -o "$build/streamserver" ./runtime/ts/test/streamserver
export SFN_STREAM_SERVER="$PWD/$build/streamserver"
# Websocket functions use the global WebSocket, which Node before 22 has behind a flag.
if [[ $(node -p 'process.versions.node.split(".")[0]') -lt 22 ]]; then
  export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-websocket"
fi

echo "== node --test"
node --test --test-reporter=spec "$build"/runtime/ts/test/*.test.js
