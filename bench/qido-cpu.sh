#!/bin/bash
# CPU per small QIDO-RS request, in the archive JVM and in its Cassandra node (Custos alone, not a comparison).
# Starts Custos fresh (data under /tmp/qido-cpu-<label>), stores the first 20 studies of the bench data set, sends
# WARMUP warm-up requests (default 6,000: the JIT compilers of both JVMs are busy for ~5,000), then 3 x 400 timed
# ones (bench/qido-latency.py) and prints their latency, the CPU both JVMs used over those 1,200 requests (utime +
# stime from /proc/<pid>/stat) and its split by thread.
#
#   bench/qido-cpu.sh [label]                       # by PatientID, the repository's ./custos
#   CUSTOS_DIR=/tmp/jar QPATH='/dicom-web/studies?StudyInstanceUID=...' bench/qido-cpu.sh uid
#
# Uses ports 8080 and 11112 on 127.0.0.1: run it alone (flock /work/wt/bench.lock), with bench/work/data generated.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
CUSTOS_DIR=${CUSTOS_DIR:-$REPO}
LABEL=${1:-run}
QPATH=${QPATH:-/dicom-web/studies?PatientID=BP000238}
D=/tmp/qido-cpu-$LABEL
rm -rf "$D"; mkdir -p "$D"
cd "$REPO"
. "$HERE/small-archive.sh"
start_small_archive "$D"
python3 bench/qido-latency.py --token "$T" --path "$QPATH" -n "${WARMUP:-6000}" >/dev/null
ARCHIVE=$(pgrep -f 'custos.jar run' | head -1)
NODE=$(pgrep -f NodeMain | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
c0=$(ticks "$NODE"); a0=$(ticks "$ARCHIVE")
python3 bench/profile-summary.py threads "$ARCHIVE" > "$D/threads.archive.before"
python3 bench/profile-summary.py threads "$NODE" > "$D/threads.cassandra.before"
for _ in 1 2 3; do echo "$LABEL $(python3 bench/qido-latency.py --token "$T" --path "$QPATH" -n 400)"; done
c1=$(ticks "$NODE"); a1=$(ticks "$ARCHIVE")
python3 bench/profile-summary.py threads "$ARCHIVE" > "$D/threads.archive.after"
python3 bench/profile-summary.py threads "$NODE" > "$D/threads.cassandra.after"
hz=$(getconf CLK_TCK)
awk -v c=$((c1 - c0)) -v a=$((a1 - a0)) -v hz="$hz" -v l="$LABEL" \
  'BEGIN { printf "%s CPU ms per request (1,200 requests): cassandra %.1f archive %.1f\n", l, c * 1000 / hz / 1200, a * 1000 / hz / 1200 }'
for jvm in archive cassandra; do
  python3 bench/profile-summary.py thread-report "$LABEL $jvm" "$D/threads.$jvm.before" "$D/threads.$jvm.after" 1200 request
done
kill -TERM "$ARCHIVE" 2>/dev/null
for _ in $(seq 120); do kill -0 "$ARCHIVE" 2>/dev/null || break; sleep 0.5; done
