#!/bin/sh
# Patient accounting of disclosures with N access events loaded (issue 3's audit benchmark). Custos alone:
# Orthanc has no access trail. Loads the events into the audit projection on a real Cassandra node started by
# the test support, then times the accounting question; see docs/audit.md ("Benchmark").
#
#   bench/audit-accounting.sh                 # 1,000,000 events, 10,000 patients, 3 runs of 1,000 queries
#   EVENTS=100000 RUNS=1 bench/audit-accounting.sh
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
exec mvn -o -B -q -pl archive-server -am verify -Dtest=None \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=AuditAccountingBench -Dcustos.bench.events="${EVENTS:-1000000}" \
  -Dcustos.bench.patients="${PATIENTS:-10000}" -Dcustos.bench.queries="${QUERIES:-1000}" \
  -Dcustos.bench.runs="${RUNS:-3}"
