#!/bin/bash
# Latency and CPU per small QIDO-RS request by key (Custos alone, not a comparison): PatientID, StudyInstanceUID
# and AccessionNumber, on the first 20 studies of the bench data set. Starts Custos fresh (data under
# /tmp/qido-keys), sends WARMUP (default 3,000) warm-up requests per key, then ROUNDS (default 2) rounds of 600
# timed requests per key, and prints each round's latency and the CPU ms per request of Cassandra, the archive
# JVM and PostgreSQL (utime + stime from /proc). The three keys share one warm JVM, so compare them within a run.
#
#   flock /work/wt/bench.lock bench/qido-keys.sh            # the repository's ./custos
#   CUSTOS_DIR=/tmp/jar bench/qido-keys.sh                   # a copy (custos, scripts/, jar, cassandra lib)
#
# Uses ports 8080 and 11112 on 127.0.0.1: run it alone, with bench/work/data generated (bench/gen_data.py).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
CUSTOS_DIR=${CUSTOS_DIR:-$REPO}
D=/tmp/qido-keys
rm -rf "$D"; mkdir -p "$D"
cd "$REPO"
. "$HERE/small-archive.sh"
start_small_archive "$D"
# The keys of the first study of the set (bench/gen_data.py is deterministic).
PATHS=('/dicom-web/studies?PatientID=BP000238'
       '/dicom-web/studies?StudyInstanceUID=2.25.335706096327802399293193523806969241235'
       '/dicom-web/studies?AccessionNumber=A100000000')
for p in "${PATHS[@]}"; do python3 bench/qido-latency.py --token "$T" --path "$p" -n "${WARMUP:-3000}" >/dev/null; done
ARCHIVE=$(pgrep -f 'custos.jar run' | head -1)
NODE=$(pgrep -f NodeMain | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { for p in $(pgrep -f postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s}'; }
hz=$(getconf CLK_TCK)
for _ in $(seq "${ROUNDS:-2}"); do
  for p in "${PATHS[@]}"; do
    c0=$(ticks "$NODE"); a0=$(ticks "$ARCHIVE"); g0=$(pg_ticks)
    out=$(python3 bench/qido-latency.py --token "$T" --path "$p" -n 600)
    c1=$(ticks "$NODE"); a1=$(ticks "$ARCHIVE"); g1=$(pg_ticks)
    awk -v k="${p#/dicom-web/studies?}" -v o="$out" -v c=$((c1 - c0)) -v a=$((a1 - a0)) -v g=$((g1 - g0)) -v hz="$hz" \
      'BEGIN { split(k, kv, "="); printf "%-16s %s  CPU ms/request: cassandra %.2f archive %.2f postgres %.2f\n", kv[1], o, c * 1000 / hz / 600, a * 1000 / hz / 600, g * 1000 / hz / 600 }'
  done
done
kill -TERM "$ARCHIVE"
for _ in $(seq 60); do pgrep -f NodeMain >/dev/null || break; sleep 1; done
