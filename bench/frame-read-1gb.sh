#!/usr/bin/env bash
# Issue 4 benchmark: one frame of a ~1 GB encrypted multi-frame object vs decrypting the whole object.
#   bench/frame-read-1gb.sh
# Builds the harness (root pom profile `bench`, reactor build, nothing installed), writes the object through
# EncryptedBlobs onto the real FileSystemBlobStore under bench/work/frame-read-1gb, measures, and removes it.
# Needs ~2.2 GB free disk and ~3 GB of memory. Results: bench/results/<timestamp>-frame-read-1gb.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
{ mvn -o -B -q -Pbench -pl bench/harness -am package -DskipTests || mvn -B -q -Pbench -pl bench/harness -am package -DskipTests; } >&2
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%dT%H%M%S)-frame-read-1gb.md"
{
  echo "# One frame of a 1 GB object vs the whole object ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
  echo
  echo "command: bench/frame-read-1gb.sh; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
  echo
  "$JAVA" -Xmx3g -Daxoniq.update-checker.disabled=true \
    -cp "bench/harness/target/bench-harness-0.1.0-SNAPSHOT.jar:bench/harness/target/lib/*" \
    io.custos.bench.FrameReadOneGigabyte bench/work/frame-read-1gb
} 2>&1 | tee "$OUT"
echo "written $OUT" >&2
