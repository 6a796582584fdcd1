#!/usr/bin/env bash
# Follows docs/own-module.md in a temporary directory, end to end (make own-module-test):
#   1. builds the CLI from this clone (as `go build -o ~/bin/sfn ./cmd/sfn` would);
#   2. creates the module example.com/hello with `replace github.com/sfn-dev/sfn => <clone>`,
#      writes scripts/own-module/testdata/api/hello.sfn (one Url function, one Json function
#      with a typed error), runs `sfn init` and `sfn generate`;
#   3. adds sfn as a Go 1.24+ tool (`go mod edit -tool` + tidy, and `go get -tool`), deletes
#      the generated code and generates it again through main.go's
#      `//go:generate go tool sfn generate`;
#   4. go mod tidy, go vet, builds the server (main.go) and the Go client (client/); builds
#      the server also the go work way (a go.work naming the project and the clone);
#   5. starts the server on 127.0.0.1:0, runs the Go client and its test against it;
#   6. the TypeScript project (web/): npm ci, tsc --strict --noEmit, esbuild, the bundle run
#      by Node against the same server;
#   7. stops the server with SIGTERM, which must end it cleanly.
# Every client's output is compared with the values the server must give. Nothing is written
# into the clone: everything happens in a temporary directory, removed on exit.
#
# Offline-friendly: the Go modules come from the module cache (the clone's go.sum seeds the
# project's, so no checksum lookup is needed), and the npm packages from the npm cache that
# the repository's own `npm ci` filled (scripts/own-module/testdata/web/package-lock.json
# pins the same versions as the repository's lock, without registry addresses). With an
# empty cache both fetch from their usual sources.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# The recipe's files, in testdata/ so that the repository's ./... leaves their Go files alone.
fixture=$repo/scripts/own-module/testdata
start=$SECONDS

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export GOWORK=off # the project is its own module, whatever surrounds it

fail() {
  echo "own-module-test.sh: $*" >&2
  exit 1
}
# expect NAME FILE: FILE must hold exactly what the clients print for the recipe's calls.
expect() {
  local want=$'Hello, Ada!\n7 / 2 = 3 r 1\ncannot divide 7 by zero (status 422)'
  if [[ $(<"$2") != "$want" ]]; then
    echo "$1 printed:" >&2
    cat "$2" >&2
    echo "want:" >&2
    echo "$want" >&2
    fail "$1: wrong output"
  fi
  echo "$1: output as expected"
}

echo "== the fixture's package-lock.json matches the repository's"
node "$repo/scripts/own-module/lock.mjs" | cmp -s - "$fixture/web/package-lock.json" ||
  fail "scripts/own-module/testdata/web/package-lock.json is stale: node scripts/own-module/lock.mjs > scripts/own-module/testdata/web/package-lock.json"

echo "== build the CLI from the clone into $tmp/bin"
(cd "$repo" && go build -o "$tmp/bin/sfn" ./cmd/sfn)
export PATH=$tmp/bin:$PATH
sfn version

echo "== module example.com/hello with a replace to the clone"
proj=$tmp/hello
mkdir -p "$proj/api"
cd "$proj"
go mod init example.com/hello
go mod edit -replace "github.com/sfn-dev/sfn=$repo"
# Checksums of sfn's dependencies, so that nothing asks the checksum database; tidy keeps
# only the lines the project needs.
cp "$repo/go.sum" go.sum
cp "$fixture/api/hello.sfn" api/

echo "== sfn init, sfn generate"
sfn init
grep -qx '      - api' sfn.yaml || fail "sfn init did not list api/ as the input: $(cat sfn.yaml)"
sfn generate
for f in gen/hellov1/hello.sfn.go gen/hellov1/hello_server.sfn.go web/gen/hello.ts web/gen/sfn/index.ts; do
  [[ -f $f ]] || fail "sfn generate did not write $f"
done

echo "== sfn as a tool: go mod edit -tool + go mod tidy (in a copy), GOPROXY=off go get -tool"
# Both ways docs/own-module.md gives. The edit asks no proxy; go get -tool asks the proxy
# whether github.com/sfn-dev/sfn/cmd/sfn is a module of its own unless GOPROXY=off, and
# everything it needs is in the module cache once the CLI was built from the clone.
mkdir "$tmp/edit"
cp go.mod go.sum "$tmp/edit/"
(cd "$tmp/edit" && go mod edit -tool github.com/sfn-dev/sfn/cmd/sfn && go mod tidy && go tool sfn version)
GOPROXY=off go get -tool github.com/sfn-dev/sfn/cmd/sfn
grep -qx 'tool github.com/sfn-dev/sfn/cmd/sfn' go.mod || fail "go get -tool added no tool line: $(cat go.mod)"
go tool sfn version
cp "$fixture/main.go" .
mkdir client
cp "$fixture/client/main.go" "$fixture/client/client_test.go" client/
rm -rf gen web/gen
go generate .
[[ -f gen/hellov1/hello.sfn.go && -f web/gen/hello.ts ]] || fail "go generate wrote no code"

echo "== go mod tidy, go vet, build"
go mod tidy
grep -Eq '^(require |	)github.com/sfn-dev/sfn v0\.0\.0-' go.mod || fail "go.mod requires no github.com/sfn-dev/sfn v0.0.0-...: $(cat go.mod)"
go vet ./...
go build -o "$tmp/hello-server" .
go build -o "$tmp/hello-client" ./client
go test -c -o "$tmp/client.test" ./client

echo "== the go work way: no replace, the clone in a go.work"
mkdir "$tmp/work"
cp -r main.go gen "$tmp/work/"
(cd "$tmp/work" && go mod init example.com/hello 2>/dev/null && go work init . "$repo" &&
  env -u GOWORK go vet . && env -u GOWORK go build -o /dev/null .) || fail "the go work way does not build"

echo "== server on 127.0.0.1:0"
"$tmp/hello-server" -addr 127.0.0.1:0 2>"$tmp/server.log" &
server_pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/server.log")
  [[ -n $url ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited: $(cat "$tmp/server.log")"
  sleep 0.1
done
[[ -n $url ]] || fail "the server did not say where it listens: $(cat "$tmp/server.log")"
echo "server: $url (port ${url##*:})"

echo "== Go client"
"$tmp/hello-client" "$url" >"$tmp/go.out"
expect "Go client" "$tmp/go.out"
(cd client && HELLO_URL=$url "$tmp/client.test" -test.count=1 -test.v) >"$tmp/go-test.out" 2>&1 ||
  { cat "$tmp/go-test.out" >&2; fail "the Go client's test failed"; }
grep -q -- '--- PASS: TestLive' "$tmp/go-test.out" || { cat "$tmp/go-test.out" >&2; fail "TestLive did not run"; }
echo "Go client test: TestLive passed"

echo "== TypeScript project: npm ci, tsc --strict --noEmit, esbuild, node"
cd "$proj/web"
cp "$fixture/web/package.json" "$fixture/web/package-lock.json" "$fixture/web/tsconfig.json" .
cp -r "$fixture/web/src" .
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
[[ $(node -p 'require("typescript/package.json").version') == 5.9.* ]] || fail "TypeScript is not 5.9.x"
npx --no-install tsc --strict --noEmit -p .
npm run --silent build
node dist/main.js "$url" >"$tmp/ts.out"
expect "TypeScript client" "$tmp/ts.out"

echo "== stop the server"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status == 0 ]] || fail "the server exited with $status after SIGTERM: $(cat "$tmp/server.log")"

echo "own-module-test.sh: passed in $((SECONDS - start)) s"
