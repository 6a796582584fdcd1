#!/usr/bin/env bash
# Times sfn check and sfn generate on the synthetic schema docs/benchmarks.md reports
# ("Code generation speed"): the 1,000-function schema of peers-measured.md section 3 (10
# files of 100 functions, 3,010 messages) and one file of 100 and of 1,000 functions, for how
# time grows within a file.
#
#   bash scripts/gen-speed.sh [RUNS]      (default 7; SFN=path times another sfn binary)
#
# Each command runs RUNS times after one warm-up, with hyperfine when it is installed,
# else in a loop under /usr/bin/time; quote the median. The machine's other work moves
# single runs: compare two builds in alternating runs (hyperfine with both commands, or
# two SFN values run in turn), not one run against another taken at another time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sfn=${SFN:-}
if [ -z "$sfn" ]; then
  sfn="$tmp/sfn"
  go build -trimpath -o "$sfn" ./cmd/sfn
fi
for s in "big 10 100" "one100 1 100" "one1000 1 1000"; do
  set -- $s
  go run ./internal/bigschema/write -files "$2" -funcs "$3" "$tmp/$1"
done
mkdir -p "$tmp/out"
printf 'module example.com/anchor\n\ngo 1.26\n' >"$tmp/out/go.mod"

# time NAME COMMAND...: run COMMAND (in $tmp) RUNS times and print each run's wall seconds.
time_cmd() {
  local name=$1
  shift
  if command -v hyperfine >/dev/null; then
    (cd "$tmp" && hyperfine -N --warmup 1 --runs "$runs" -n "$name" "$*")
    return
  fi
  (cd "$tmp" && "$@" >/dev/null 2>&1) # warm-up
  local times=()
  for _ in $(seq "$runs"); do
    (cd "$tmp" && /usr/bin/time -f %e -o "$tmp/t" "$@" >/dev/null 2>&1)
    times+=("$(tail -1 "$tmp/t")")
  done
  printf '%-34s wall s: %s (median %s)\n' "$name" "${times[*]}" \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")"
}

big=$(cd "$tmp" && echo big/s*.sfn)
time_cmd "check, 10 files x 100" "$sfn" check -I big $big
time_cmd "generate Go + TS, 10 x 100" "$sfn" generate -I big --go-out out --ts-out out/ts $big
time_cmd "generate Go, 10 x 100" "$sfn" generate -I big --go-out out $big
time_cmd "generate TS, 10 x 100" "$sfn" generate -I big --ts-out out/ts $big
for n in 100 1000; do
  time_cmd "check, 1 file x $n" "$sfn" check -I one$n one$n/s0.sfn
  time_cmd "generate Go + TS, 1 file x $n" "$sfn" generate -I one$n --go-out out --ts-out out/ts one$n/s0.sfn
done
