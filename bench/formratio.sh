#!/bin/sh
# formratio.sh: how many times faster sfn decodes the reference form body than
# go-playground/form does, measured side by side (docs/benchmarks.md, issue 13).
#
#   sh bench/formratio.sh [ROUNDS] [BENCHTIME]      (defaults: 8 rounds, 1s)
#
# The two benchmarks (BenchmarkForm/Decode/sfn and BenchmarkForm/Decode/go-playground-form
# in wire_test.go) run in turn, ROUNDS times each, from one test binary, and the order
# alternates from round to round (sfn first, then the peer first), so a drift in the
# machine's speed weighs on both. Each round prints both ns/op and allocs/op and the ratio
# peer/sfn; the last line is the median of the rounds' ratios. BENCH_BIN=path runs an
# already built test binary instead (to measure an older runtime the same way).
set -eu

rounds=${1:-8}
benchtime=${2:-1s}
cd "$(dirname "$0")"

bin=${BENCH_BIN:-}
if [ -z "$bin" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	bin=$tmp/bench.test
	# bench has its own go.mod; a go.work at the root does not list it.
	GOWORK=off go test -c -o "$bin" .
fi

# run NAME prints "ns/op allocs/op" of one benchmark run.
run() {
	"$bin" -test.run '^$' -test.bench "^BenchmarkForm\$/^Decode\$/^$1\$" -test.benchmem \
		-test.benchtime "$benchtime" -test.count 1 |
		awk '$1 ~ /^BenchmarkForm/ { for (i = 2; i <= NF; i++) { if ($i == "ns/op") ns = $(i-1); if ($i == "allocs/op") al = $(i-1) } }
			END { if (ns == "") exit 1; print ns, al }'
}

ratios=""
i=1
while [ "$i" -le "$rounds" ]; do
	if [ $((i % 2)) -eq 1 ]; then
		sfn=$(run sfn)
		peer=$(run go-playground-form)
	else
		peer=$(run go-playground-form)
		sfn=$(run sfn)
	fi
	set -- $sfn $peer
	r=$(awk -v a="$1" -v b="$3" 'BEGIN { printf "%.2f", b / a }')
	echo "round $i: sfn $1 ns/op ($2 allocs), go-playground/form $3 ns/op ($4 allocs), ratio ${r}x"
	ratios="$ratios $r"
	i=$((i + 1))
done

echo $ratios | tr ' ' '\n' | sort -n |
	awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median of %d rounds: %.2fx (min %.2fx, max %.2fx)\n", NR, m, v[1], v[NR] }'
