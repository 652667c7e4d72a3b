#!/bin/bash
# What PostgreSQL does per small QIDO-RS request (Custos alone, not a comparison): starts Custos fresh on the first
# 20 studies of the bench data set (bench/small-archive.sh), sends WARMUP (default 1,500) requests by PatientID, then
# N (default 500), and prints the per-request deltas of pg_stat_database (commits) and pg_stat_user_tables (scans and
# rows written per table) over those N. Each request appends one access event; the rest is what reads it back
# (the embedded event store, the audit-trail processor's token, the ledger sealer).
#
#   flock /work/wt/bench.lock bench/qido-postgres.sh
#   CUSTOS_DIR=/tmp/jar N=1000 bench/qido-postgres.sh
#
# Uses ports 8080, 11112 and the embedded PostgreSQL's 15432 on 127.0.0.1: run it alone. Needs psql.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
CUSTOS_DIR=${CUSTOS_DIR:-$REPO}
N=${N:-500}
D=/tmp/qido-postgres
rm -rf "$D"; mkdir -p "$D"
cd "$REPO"
. "$HERE/small-archive.sh"
start_small_archive "$D"
P='/dicom-web/studies?PatientID=BP000238'
python3 bench/qido-latency.py --token "$T" --path "$P" -n "${WARMUP:-1500}" >/dev/null
PSQL="psql -h 127.0.0.1 -p 15432 -U postgres -d custos -At -q"
snapshot() {
  $PSQL -c "SELECT 'commits ' || xact_commit FROM pg_stat_database WHERE datname = 'custos'"
  $PSQL -c "SELECT relname || ' ' || coalesce(seq_scan, 0) || ' ' || coalesce(idx_scan, 0) || ' ' || n_tup_ins
            || ' ' || n_tup_upd || ' ' || n_tup_del FROM pg_stat_user_tables ORDER BY relname"
}
sleep 2  # let the processors finish the warm-up's events
snapshot > "$D/before"
python3 bench/qido-latency.py --token "$T" --path "$P" -n "$N"
sleep 3
snapshot > "$D/after"
echo "per request, over $N requests:"
paste -d' ' "$D/before" "$D/after" | awk -v n="$N" '
  $1 == "commits" { printf "  commits %.2f\n", ($4 - $2) / n; next }
  { d = 0; for (i = 2; i <= 6; i++) d += $(i + 6) - $i
    if (d > 0) printf "  %-22s seq scans %.2f  index scans %.2f  inserted %.2f  updated %.2f  deleted %.2f\n",
      $1, ($8 - $2) / n, ($9 - $3) / n, ($10 - $4) / n, ($11 - $5) / n, ($12 - $6) / n }'
ARCHIVE=$(pgrep -f 'custos.jar run' | head -1)
kill -TERM "$ARCHIVE"
for _ in $(seq 60); do pgrep -f NodeMain >/dev/null || break; sleep 1; done
