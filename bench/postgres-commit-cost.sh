#!/bin/bash
# What a commit costs Custos's embedded PostgreSQL, in CPU and latency, on this machine (not a comparison).
# Starts Custos fresh in a private network namespace (data under bench/work/pg-commit), creates a scratch table
# beside the event store, and runs pgbench with one client, in ROUNDS alternating rounds of:
#   one  : 4,000 transactions of one ~1 KB row each (one commit per row, as one event per C-STORE commits now);
#   four : 1,000 transactions of four such rows (one commit per four rows, as a group commit would).
# Prints per row: PostgreSQL's CPU (all its processes, /proc) and pgbench's mean latency per transaction.
# Both modes commit with synchronous_commit on and fsync on, as the event store does.
#
#   bench/postgres-commit-cost.sh                  # the repository's ./custos
#   CUSTOS_CMD='/tmp/b17/custos run' ROUNDS=5 bench/postgres-commit-cost.sh
#
# Needs root (unshare -n), pgbench and psql (Debian postgresql-client), dcmtk's echoscu. Uses port 15432 inside its namespace.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
if [ "${BENCH_IN_NETNS:-}" != 1 ]; then
  exec unshare -n env BENCH_IN_NETNS=1 "$HERE/postgres-commit-cost.sh" "$@"
fi
ip link set lo up
command -v pgbench >/dev/null || { echo "missing pgbench (apt install postgresql-client)" >&2; exit 2; }
OUT="$HERE/work/pg-commit"
rm -rf "$OUT"
mkdir -p "$OUT"
export CUSTOS_DATA_DIR="$OUT/custos-data"
PSQL="psql -h 127.0.0.1 -p 15432 -U postgres -d custos -At -q"
CMD=${CUSTOS_CMD:-./custos run}
. "$HERE/custos-session.sh"
trap stop EXIT INT TERM
start
$PSQL -c "CREATE TABLE bench_commit_rows (id bigint, payload text)"
echo "synchronous_commit $($PSQL -c 'SHOW synchronous_commit'), fsync $($PSQL -c 'SHOW fsync')"
printf '\\set id random(1, 2000000000)\nINSERT INTO bench_commit_rows VALUES (:id, repeat(%s, 1000));\n' "'x'" \
  > "$OUT/one.sql"
{ printf '\\set id random(1, 2000000000)\nBEGIN;\n'
  for k in 0 1 2 3; do printf 'INSERT INTO bench_commit_rows VALUES (:id + %d, repeat(%s, 1000));\n' $k "'x'"; done
  printf 'COMMIT;\n'; } > "$OUT/four.sql"
PG="$CUSTOS_DATA_DIR/postgres"
for round in $(seq "${ROUNDS:-3}"); do
  for mode in one four; do
    n=$([ $mode = one ] && echo 4000 || echo 1000)
    c0=$(python3 "$HERE/profile-summary.py" postgres-cpu "$PG")
    pgbench -h 127.0.0.1 -p 15432 -U postgres -n -c 1 -t "$n" -f "$OUT/$mode.sql" custos > "$OUT/pgbench.$mode.out" 2>&1
    c1=$(python3 "$HERE/profile-summary.py" postgres-cpu "$PG")
    latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$OUT/pgbench.$mode.out")
    python3 -c "import sys; c0, c1, n, lat = map(float, sys.argv[1:5]); print('round %s %-4s: PostgreSQL CPU ms per row %.3f, per transaction %.3f; latency ms per transaction %.3f, per row %.3f' % (sys.argv[5], sys.argv[6], 1000 * (c1 - c0) / 4000, 1000 * (c1 - c0) / n, lat, lat * n / 4000))" \
      "$c0" "$c1" "$n" "$latency" "$round" "$mode"
  done
done
