#!/usr/bin/env bash
# Ledger sealing and verification throughput (issue 5) on an embedded PostgreSQL; see bench/README.md "Ledger".
# Usage: bench/ledger-throughput.sh [events]   (default 50,000). Builds the harness with a reactor build.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-50000}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn -B -q -o -Pbench -pl bench/harness -am package -DskipTests 2>/dev/null \
  || mvn -B -q -Pbench -pl bench/harness -am package -DskipTests
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%dT%H%M%S)-ledger-throughput.md"
{
  echo "# Ledger sealing and verification ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
  echo
  echo "command: bench/ledger-throughput.sh $EVENTS; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
  echo
  "$JAVA" -Xmx1g -Devents="$EVENTS" -cp "bench/harness/target/bench-harness-0.1.0-SNAPSHOT.jar:bench/harness/target/lib/*" \
    io.custos.bench.LedgerThroughput bench/work/ledger
} 2>&1 | tee "$OUT"
rm -rf bench/work/ledger
echo "written $OUT" >&2
