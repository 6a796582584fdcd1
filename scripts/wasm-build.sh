#!/usr/bin/env bash
# Builds the example's Go WebAssembly client the way it is measured and served: stripped,
# with wasm_exec.js from the same Go beside it, into examples/todos/wasm (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-examples/todos/wasm}
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out/main.wasm" ./examples/todos/wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
