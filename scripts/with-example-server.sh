#!/usr/bin/env bash
# Runs a command against a fresh example server on a free port of 127.0.0.1, with
# SFN_TEST_SERVER=http://ADDR (scripts/with-server.sh does the work); WASM_DIR picks the
# directory /wasm is served from.
#
#   scripts/with-example-server.sh CMD [ARGS...]
exec "$(dirname "$0")/with-server.sh" SFN_TEST_SERVER ./examples/todos \
  -addr 127.0.0.1:0 -db :memory: -wasm-dir "${WASM_DIR:-examples/todos/wasm}" -- "$@"
