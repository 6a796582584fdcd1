#!/usr/bin/env bash
# The example's load run: wrk (Debian's package: apt-get install -y wrk) against add_todo
# and list_todos of the example server, once on a SQLite file and once on :memory:, and
# against the same two operations written by hand on net/http (loadtest/baseline), all on
# 127.0.0.1 in one run. Each wrk run is bounded: DURATION (10s) with CONNS connections (32)
# on THREADS threads (2). Prints a Markdown table: requests/s, p50 and p99 latency, errors
# (socket errors plus answers outside 2xx and 3xx).
#
#   bash examples/todos/loadtest/run.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

duration=${DURATION:-10s}
conns=${CONNS:-32}
threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "run.sh: needs wrk: apt-get install -y wrk" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/todos" ./examples/todos
go build -o "$tmp/baseline" ./examples/todos/loadtest/baseline

# start NAME CMD...: runs a server, waits for "NAME: listening on URL", and sets $url.
start() {
  local name=$1 log="$tmp/$1.$RANDOM.log"
  shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  url=""
  for _ in $(seq 200); do
    url=$(sed -n "s/^$name: listening on //p" "$log")
    [ -n "$url" ] && return
    sleep 0.05
  done
  echo "run.sh: $name did not start:" >&2
  cat "$log" >&2
  exit 1
}

start todos "$tmp/todos" -addr 127.0.0.1:0 -db "$tmp/todos.db"; file=$url
start todos "$tmp/todos" -addr 127.0.0.1:0 -db :memory:; mem=$url
start baseline "$tmp/baseline" -addr 127.0.0.1:0; base=$url

add=/api/add_todo83409731470755996
# The lists hold 20 todos while they are measured: the add runs come after them.
for i in $(seq 20); do
  for u in "$file$add" "$mem$add" "$base/add"; do
    curl -fsS -o /dev/null -d "title=todo $i" "$u"
  done
done

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "title=Buy+milk"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

# measure LABEL URL [wrk args...]: one bounded wrk run, as a table row.
measure() {
  local label=$1 target=$2
  shift 2
  local out
  out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" "$target")
  echo "$out" >>"$tmp/wrk.log"
  echo "$out" | awk -v label="$label" '
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $5 }
    /^Requests\/sec:/ { rps = $2 }
    END { printf "| %s | %.0f | %s | %s | %d |\n", label, rps, p50, p99, errors }'
}

echo "| what (wrk -t$threads -c$conns -d$duration, 127.0.0.1) | requests/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|"
measure "baseline: hand-written net/http GET /list (JSON, 20 todos)" "$base/list"
measure "sfn list_todos (GetJson, 20 todos), SQLite :memory:" "$mem/api/todos?"
measure "sfn list_todos (GetJson, 20 todos), SQLite file" "$file/api/todos?"
measure "baseline: hand-written net/http POST /add (form in, JSON out)" "$base/add" -s "$tmp/post.lua"
measure "sfn add_todo (Url), SQLite :memory:" "$mem$add" -s "$tmp/post.lua"
measure "sfn add_todo (Url), SQLite file (WAL, synchronous=FULL)" "$file$add" -s "$tmp/post.lua"
