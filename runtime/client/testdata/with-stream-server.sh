#!/usr/bin/env bash
# Runs a command against a fresh streamserver (runtime/client/testdata/streamserver): builds
# it, starts it on a free port of 127.0.0.1, runs the command with
# SFN_STREAM_SERVER=http://ADDR, and stops the server when the command ends.
#
#   runtime/client/testdata/with-stream-server.sh CMD [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/../../.."

tmp=$(mktemp -d)
GOOS= GOARCH= go build -o "$tmp/streamserver" ./runtime/client/testdata/streamserver
"$tmp/streamserver" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

addr=""
for _ in $(seq 200); do
  addr=$(sed -n 's/^streamserver: listening on //p' "$tmp/log")
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$addr" ]; then
  echo "streamserver did not start:" >&2
  cat "$tmp/log" >&2
  exit 1
fi
SFN_STREAM_SERVER=$addr "$@"
