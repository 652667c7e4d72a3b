#!/bin/sh
# Rewrap rate (keys/s) after a KEK rotation: the local keystore and a real embedded PostgreSQL, N wrapped data
# keys, a warm-up run and R timed runs; prints each run, the median and the load average before and after.
# See docs/keys.md and bench/README.md ("Keys"). Run it alone: flock keeps two benchmarks from overlapping.
#
#   bench/rewrap-rate.sh                  # 10,000 keys, 5 runs, pages of 500
#   KEYS=1000 RUNS=3 bench/rewrap-rate.sh
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
exec mvn -o -B -q -pl keys test -Dtest=RewrapRateBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcustos.bench.keys="${KEYS:-10000}" -Dcustos.bench.runs="${RUNS:-5}" \
  -Dcustos.bench.page-size="${PAGE_SIZE:-500}"
