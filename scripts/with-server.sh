#!/usr/bin/env bash
# Runs a command against a fresh server: builds the Go package PKG for this machine, starts it
# with SERVER_ARGS, waits for its "listening on URL" line, runs the command with VAR=URL in its
# environment, and stops the server when the command ends, whatever its outcome.
#
#   scripts/with-server.sh VAR PKG [SERVER_ARGS...] -- CMD [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."

var=$1 pkg=$2
shift 2
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  args+=("$1")
  shift
done
if [ $# -eq 0 ]; then
  echo "usage: scripts/with-server.sh VAR PKG [SERVER_ARGS...] -- CMD [ARGS...]" >&2
  exit 2
fi
shift # the --

tmp=$(mktemp -d)
GOOS= GOARCH= go build -o "$tmp/server" "$pkg"
"$tmp/server" "${args[@]}" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

url=""
for _ in $(seq 200); do
  url=$(sed -n 's/^.*listening on //p' "$tmp/log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$url" ]; then
  echo "$pkg did not start:" >&2
  cat "$tmp/log" >&2
  exit 1
fi
env "$var=$url" "$@"
