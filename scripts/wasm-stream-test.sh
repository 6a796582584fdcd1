#!/usr/bin/env bash
# Runs runtime/client's GOOS=js websocket tests under Node against a native server
# (runtime/client/testdata/wsserver) on a free port of 127.0.0.1. Node before 22 needs
# --experimental-websocket for its global WebSocket.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-websocket"
fi
exec scripts/with-server.sh SFN_WS_TEST_SERVER ./runtime/client/testdata/wsserver -- \
  env GOOS=js GOARCH=wasm go test -count=1 -run 'TestWebsocketJS' \
  -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./runtime/client
