#!/bin/sh
# Evidence bundle of one patient with N access events (issue 5's benchmark): bundle size, export time over HTTP
# and offline verification time (EvidenceBundleBench in archive-server: a whole archive on embedded PostgreSQL
# and the shared Cassandra node); see bench/README.md "Evidence bundles" and docs/ledger.md.
#
#   flock /work/wt/bench.lock bench/evidence-bundle.sh            # 10,000 events, 5 timed runs
#   EVENTS=1000 RUNS=3 bench/evidence-bundle.sh
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%dT%H%M%S)-evidence-bundle.md"
{
  echo "# Evidence bundle ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
  echo "command: bench/evidence-bundle.sh (EVENTS=${EVENTS:-10000} RUNS=${RUNS:-5}); $(nproc) cores"
  echo "load before: $(uptime)"
  mkdir -p bench/work
  if mvn -o -B -q -pl archive-server -am verify -Dtest=None \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
      -Dit.test=EvidenceBundleBench -Dcustos.bench.events="${EVENTS:-10000}" -Dcustos.bench.runs="${RUNS:-5}" \
      > bench/work/evidence-bundle.log 2>&1; then
    grep '\[EvidenceBundleBench\]' bench/work/evidence-bundle.log
  else
    echo "FAILED, see bench/work/evidence-bundle.log:"; tail -30 bench/work/evidence-bundle.log
  fi
  echo "load after: $(uptime)"
} 2>&1 | tee "$OUT"
echo "written $OUT" >&2
