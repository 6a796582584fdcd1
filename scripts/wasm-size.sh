#!/usr/bin/env bash
# Measures the Go WebAssembly client as docs/benchmarks.md reports it: each program built
# with -trimpath -ldflags="-s -w", its raw and gzip -9 bytes, and net/http confirmed absent.
#
#   - an empty main, the floor every Go wasm program pays;
#   - the example's client (examples/todos/wasm: all five functions, rendered in the page);
#   - bench/wasm/calls with build tags adding functions one at a time, for what one more
#     function and one more encoding cost (each generated client method links the codecs
#     of its own types and formats, and nothing else).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gowork dir: the GOWORK for commands run in dir. The repository's go.work holds the root and
# the example; bench/ and the empty module stay outside it, on their own go.mod.
gowork() { [ "$1" = . ] || echo off; }

# build name dir package [tags]: build package in the module at dir, print its sizes.
n=0
build() {
  n=$((n + 1))
  local out="$tmp/$n.wasm"
  (cd "$2" && GOWORK=$(gowork "$2") GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -tags "${4:-}" -o "$out" "$3")
  printf '%-46s %10d raw %9d gzip -9\n' "$1" "$(wc -c <"$out")" "$(gzip -9 -c "$out" | wc -c)"
}

mkdir -p "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
printf 'module empty\n\ngo 1.26\n' >"$tmp/empty/go.mod"
build "empty main (floor)" "$tmp/empty" .
build "todos wasm client (examples/todos/wasm)" . ./examples/todos/wasm

echo "bench/wasm/calls, the example's client calling:"
build "  add_todo (Url)" bench ./wasm/calls
build "  + toggle_todo_form (Url: no new format)" bench ./wasm/calls toggleform
build "  + list_todos (GetJson: a JSON list result)" bench ./wasm/calls list
build "  + delete_todo (Json: JSON arguments)" bench ./wasm/calls delete
build "  + toggle_todo (Cbor: CBOR both ways)" bench ./wasm/calls toggle
build "  all five functions" bench ./wasm/calls list,delete,toggle,stats

# nohttp dir package [tags]: fail if package links net/http.
nohttp() {
  if (cd "$1" && GOWORK=$(gowork "$1") GOOS=js GOARCH=wasm go list -tags "${3:-}" -deps "$2" | grep -qx 'net/http'); then
    echo "net/http is linked into $2" >&2
    exit 1
  fi
}
nohttp . ./examples/todos/wasm
nohttp bench ./wasm/calls list,delete,toggle,stats
echo "net/http: not linked"
