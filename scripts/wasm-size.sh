#!/usr/bin/env bash
# Measures the example's Go WebAssembly client as docs/benchmarks.md reports it: built with
# -trimpath -ldflags="-s -w", raw and gzip -9 bytes, beside an empty main (the floor) and
# with net/http confirmed absent.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

size() { # name, package dir
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$tmp/$1.wasm" "$2"
  printf '%-28s %10d raw %10d gzip -9\n' "$1" "$(wc -c <"$tmp/$1.wasm")" "$(gzip -9 -c "$tmp/$1.wasm" | wc -c)"
}

mkdir -p "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
(cd "$tmp/empty" && printf 'module empty\n\ngo 1.26\n' >go.mod)
(cd "$tmp/empty" && GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$tmp/empty.wasm" .)
printf '%-28s %10d raw %10d gzip -9\n' "empty main (floor)" "$(wc -c <"$tmp/empty.wasm")" "$(gzip -9 -c "$tmp/empty.wasm" | wc -c)"
size "todos wasm client" ./examples/todos/wasm

if GOOS=js GOARCH=wasm go list -deps ./examples/todos/wasm | grep -qx 'net/http'; then
  echo "net/http is linked into the wasm client" >&2
  exit 1
fi
echo "net/http: not linked"
