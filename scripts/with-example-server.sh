#!/usr/bin/env bash
# Runs a command against a fresh example server: builds examples/todos, starts it on a free
# port of 127.0.0.1, runs the command with SFN_TEST_SERVER=http://ADDR, and stops the server
# when the command ends, whatever its outcome.
#
#   scripts/with-example-server.sh CMD [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
go build -o "$tmp/todos" ./examples/todos
"$tmp/todos" -addr 127.0.0.1:0 -db :memory: -wasm-dir "${WASM_DIR:-examples/todos/wasm}" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

addr=""
for _ in $(seq 200); do
  addr=$(sed -n 's/^todos: listening on //p' "$tmp/log")
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$addr" ]; then
  echo "example server did not start:" >&2
  cat "$tmp/log" >&2
  exit 1
fi
SFN_TEST_SERVER=$addr "$@"
