#!/usr/bin/env bash
# The local cluster recipe (make cluster-test): a throwaway PostgreSQL from Debian's
# packages, and cluster_test.go, which runs the example's server three times on it and
# checks that they behave as one (docs/deployment.md).
#
# PostgreSQL: initdb in a temporary directory, listening on a unix socket in that directory
# only (no TCP port), run as the user postgres (or nobody) when this runs as root, as CI
# does, since PostgreSQL refuses to run as root. The trap stops it and removes the
# directory however the run ends.
set -euo pipefail
cd "$(dirname "$0")"

bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [[ -z $bin || ! -x $bin/initdb ]]; then
  echo "cluster/run.sh: PostgreSQL's binaries are not installed: apt-get install -y postgresql (or set PG_BIN)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/sfn-cluster.XXXXXX)
as=()
if [[ $(id -u) == 0 ]]; then
  user=postgres
  id -u "$user" >/dev/null 2>&1 || user=nobody
  chown "$user" "$tmp"
  as=(runuser -u "$user" --)
fi
cleanup() {
  status=$?
  if [[ -f $tmp/data/postmaster.pid ]]; then
    "${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [[ $status != 0 && -f $tmp/postgres.log ]]; then
    echo "== PostgreSQL's log" >&2
    tail -n 50 "$tmp/postgres.log" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $tmp"
"${as[@]}" "$bin/initdb" -D "$tmp/data" -U todos --auth=trust --encoding=UTF8 --no-locale --no-sync >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -s \
  -o "-k $tmp -p 5432 -c listen_addresses=" start

export TODOS_CLUSTER_DB="postgres://todos@/postgres?host=$tmp&port=5432"
go test -count=1 -v -run '^TestCluster$' .
