#!/usr/bin/env bash
# WithCORS in headless Chromium (runtime/server/testdata/cors): builds the test's Go server
# once and runs browser.test.mjs, which starts it, loads the same page from an allowed
# origin and another one, and checks what each can call and read. The server exits when
# the test's process ends; the binary and the browser profile go with the temporary
# directories. Needs `npm install` at the repository root, Go, and Chromium at
# /usr/bin/chromium (or $CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules/playwright-core ]]; then
  echo "cors-browser-test.sh: run npm install at the repository root first" >&2
  exit 1
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "cors-browser-test.sh: no Chromium at $chromium: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/server" ./runtime/server/testdata/cors/server
SFN_CORS_SERVER=$tmp/server node --test --test-reporter=spec runtime/server/testdata/cors/browser.test.mjs
