#!/usr/bin/env bash
# Header-only de-identification throughput (issue 6) over the pydicom corpus; see bench/README.md "De-identification".
# Usage: bench/deid-throughput.sh [instances per round]   (default 20,000). Builds the harness with a reactor build.
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${1:-20000}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn -B -q -o -Pbench -pl bench/harness -am package -DskipTests 2>/dev/null \
  || mvn -B -q -Pbench -pl bench/harness -am package -DskipTests
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%dT%H%M%S)-deid-throughput.md"
{
  echo "# Header de-identification throughput ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
  echo
  echo "command: bench/deid-throughput.sh $INSTANCES; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
  echo
  "$JAVA" -Xmx1g -Dinstances="$INSTANCES" -cp "bench/harness/target/bench-harness-0.1.0-SNAPSHOT.jar:bench/harness/target/lib/*" \
    io.custos.bench.DeidentifyThroughput /usr/lib/python3/dist-packages/pydicom/data/test_files
} 2>&1 | tee "$OUT"
echo "written $OUT" >&2
