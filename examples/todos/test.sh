#!/usr/bin/env bash
# Tests the example's page in a browser (make test should run this):
#   1. tsc, strict, over the page's script (page/enhance.ts);
#   2. node --test over test/: the checked-in bundle page/enhance.js is current, and the
#      page at / in headless Chromium with JavaScript off (real form posts) and on (the
#      generated TypeScript client, no page load), each against its own example server.
# Needs `npm ci` at the repository root, Go, and Chromium at /usr/bin/chromium (or
# $CHROMIUM). The Go tests of the example (go test ./examples/todos) are separate.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=node_modules/.bin
if [[ ! -x $bin/tsc ]]; then
  echo "test.sh: run npm ci at the repository root first" >&2
  exit 1
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "test.sh: no Chromium at $chromium: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi

echo "== tsc: the page's script, strict"
$bin/tsc -p examples/todos/page

# The server, built once; each test file starts its own on a free port.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/todos" ./examples/todos
export SFN_TODOS_SERVER=$tmp/todos

echo "== node --test: the page in Chromium"
node --test --test-reporter=spec examples/todos/test/*.test.mjs
