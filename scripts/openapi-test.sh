#!/usr/bin/env bash
# Checks `sfn openapi` against real OpenAPI tools (make openapi-test):
#   1. Redocly CLI lints the example's document and the goldens of gen/openapi (the
#      recommended rules; info-license is skipped, since a schema names no licence);
#   2. openapi-typescript generates types from the example's document, tsc --strict checks
#      scripts/openapi/client.test.ts against them, and node --test runs it: openapi-fetch,
#      a generic client, calls the example server's form, GET and JSON functions and reads
#      its typed errors.
# Needs `npm ci` at the repository root and Go. Runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=node_modules/.bin
if [[ ! -x $bin/redocly || ! -x $bin/openapi-typescript ]]; then
  echo "openapi-test.sh: run npm ci at the repository root first" >&2
  exit 1
fi
# No telemetry and no update check: the run needs no network.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Under node_modules, so the test's imports of openapi-fetch resolve; removed on success.
work=node_modules/.cache/sfn-openapi-test
rm -rf "$work"
mkdir -p "$work"

echo "== sfn openapi: the example's document"
go run ./cmd/sfn openapi --out "$work/todos.json" examples/todos/todos.sfn

echo "== redocly lint"
$bin/redocly lint --skip-rule info-license "$work/todos.json" gen/openapi/golden/*.json

echo "== openapi-typescript, tsc --strict"
$bin/openapi-typescript "$work/todos.json" --output "$work/api.ts"
cp scripts/openapi/client.test.ts scripts/openapi/tsconfig.json "$work/"
$bin/tsc -p "$work"

echo "== node --test: openapi-fetch against the example server"
# The build directory holds no package.json: the emitted ES modules need one saying so.
echo '{"type": "module"}' >"$work/out/package.json"
bash scripts/with-example-server.sh node --test --test-reporter=spec "$work/out/client.test.js"

rm -rf "$work"
