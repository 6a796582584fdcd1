#!/usr/bin/env bash
# Runs the conformance suite (docs/conformance.md) through the `sfn` command, as a user would:
# the server cases against the reference server (go run ./conformance/server) with
# `sfn conformance --server`, then the client cases with `sfn conformance --client` against
# sfn's clients in each of the five places they run:
#
#   go-server      the reference server, raw HTTP          conformance/server
#   go             the native Go client                    conformance/clients/go
#   go-wasm-node   the same, GOOS=js GOARCH=wasm, in Node  go_js_wasm_exec (with Node 20's
#                                                          --experimental-websocket)
#   ts-node        the TypeScript client in Node           conformance/clients/ts/main.ts (with
#                                                          --experimental-websocket)
#   ts-chromium    the TypeScript client in Chromium       conformance/clients/browser/driver.mjs
#   wasm-chromium  the Go WebAssembly client in Chromium   conformance/clients/browser/driver.mjs
#
# It first type-checks the TypeScript (tsc, strict) and builds what the runners need into a
# temporary directory. Arguments go to every `sfn conformance` run: --run REGEXP, --cases DIR,
# -v. Prints each runner's report and then all the summary lines; exits 1 if a runner failed.
# Needs `npm install` at the repository root, Go, and Chromium at /usr/bin/chromium (or
# $CHROMIUM).
#
#   conformance/run.sh [--run REGEXP] [--cases DIR] [-v]
set -euo pipefail
cd "$(dirname "$0")/.."

bin=node_modules/.bin
if [[ ! -x $bin/tsc || ! -x $bin/esbuild ]]; then
  echo "run.sh: run npm install at the repository root first" >&2
  exit 1
fi
if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "run.sh: no Chromium at ${CHROMIUM:-/usr/bin/chromium}: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== build"
$bin/tsc -p conformance/clients/ts
$bin/tsc -p conformance/clients/browser
$bin/esbuild conformance/clients/ts/main.ts --bundle --platform=node --format=esm \
  --outfile="$tmp/ts-client.mjs" --log-level=warning
go build -o "$tmp/sfn" ./cmd/sfn
go build -o "$tmp/go-client" ./conformance/clients/go
GOOS=js GOARCH=wasm go build -o "$tmp/client.wasm" ./conformance/clients/go
go build -o "$tmp/refserver" ./conformance/server
wasm_exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec"

q() { printf '%q' "$1"; }
names=(go go-wasm-node ts-node ts-chromium wasm-chromium)
commands=(
  "$(q "$tmp/go-client")"
  "NODE_OPTIONS=--experimental-websocket $(q "$wasm_exec") $(q "$tmp/client.wasm")"
  "node --experimental-websocket $(q "$tmp/ts-client.mjs")"
  "node conformance/clients/browser/driver.mjs --client ts"
  "node conformance/clients/browser/driver.mjs --client wasm --wasm $(q "$tmp/client.wasm")"
)

summaries=()
failed=0

# record name status file: add a runner's summary line.
record() {
  local summary skipped
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$3" | tail -n 1 || true)
  skipped=$(grep -E '^[0-9]+ skipped ' "$3" | paste -sd ';' - || true)
  [[ -n $summary && -n $skipped ]] && summary+="; $skipped"
  if (($2 != 0)); then
    failed=1
    summaries+=("$(printf '%-14s FAIL %s' "$1" "${summary:-(no summary: exit status $2)}")")
  else
    summaries+=("$(printf '%-14s ok   %s' "$1" "$summary")")
  fi
}

echo "== go-server: the reference server on 127.0.0.1, port chosen by the system"
"$tmp/refserver" -addr 127.0.0.1:0 2>"$tmp/server.log" &
server_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -o 'url=http://[0-9.:]*' "$tmp/server.log" | head -n 1 | cut -d= -f2 || true)
  [[ -n $url ]] && break
  sleep 0.1
done
status=0
if [[ -z $url ]]; then
  echo "the reference server did not start:" >&2
  cat "$tmp/server.log" >&2
  status=1
else
  "$tmp/sfn" conformance --server "$url" "$@" | tee "$tmp/out" || status=$?
fi
record go-server "$status" "$tmp/out"
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=

for i in "${!names[@]}"; do
  echo "== ${names[i]}: ${commands[i]}"
  status=0
  "$tmp/sfn" conformance --client "${commands[i]}" "$@" | tee "$tmp/out" || status=$?
  record "${names[i]}" "$status" "$tmp/out"
done

echo "== summary"
printf '%s\n' "${summaries[@]}"
exit "$failed"
