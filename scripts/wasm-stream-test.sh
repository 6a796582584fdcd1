#!/usr/bin/env bash
# Runs runtime/client's GOOS=js websocket tests under Node against a native server
# (runtime/client/testdata/wsserver) on a free port of 127.0.0.1. Node before 22 needs
# --experimental-websocket for its global WebSocket.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
go build -o "$tmp/wsserver" ./runtime/client/testdata/wsserver
"$tmp/wsserver" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

addr=""
for _ in $(seq 200); do
  addr=$(sed -n 's/^listening on //p' "$tmp/log")
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$addr" ]; then
  echo "websocket test server did not start:" >&2
  cat "$tmp/log" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-websocket"
fi
SFN_WS_TEST_SERVER=$addr GOOS=js GOARCH=wasm \
  go test -count=1 -run 'TestWebsocketJS' -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./runtime/client
