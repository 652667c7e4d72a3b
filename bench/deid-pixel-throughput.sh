#!/usr/bin/env bash
# Pixel-path throughput of de-identification (issue 6: burned-in text, OCR with Tesseract); see bench/README.md
# "De-identification: pixel path". Usage: bench/deid-pixel-throughput.sh [images per round] (default 8).
# The harness (PixelThroughput) lives in deidentify's test sources, beside the synthetic corpus it draws.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-8}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CP_FILE="$PWD/deidentify/target/pixel-bench.classpath"
build() {
  mvn -B -q "$@" -pl deidentify -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
}
build -o 2>/dev/null || build
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%dT%H%M%S)-deid-pixel-throughput.md"
{
  echo "# De-identification pixel path throughput ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
  echo
  echo "command: bench/deid-pixel-throughput.sh $IMAGES; $(getconf _NPROCESSORS_ONLN) cores; OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-unset}; $("$JAVA" -version 2>&1 | head -1);" \
    "$(tesseract --version 2>&1 | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$JAVA" -Xmx1g -cp "deidentify/target/test-classes:deidentify/target/classes:$(cat "$CP_FILE")" \
    io.custos.deidentify.pixel.PixelThroughput "$IMAGES"
  echo
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | grep -v '^SLF4J' | tee "$OUT"
echo "written $OUT" >&2
