#!/usr/bin/env bash
# Issue 4 benchmark: what blob encryption costs.
#   bench/encryption-overhead.sh [--reps N] [--quick]
# 1. Builds the server and the harness (reactor build, `bench` profile; nothing is installed).
# 2. Microbenchmark (in process): a put through EncryptedBlobs on the real FileSystemBlobStore, encrypted vs the
#    benchmark-only plaintext codec, 0.5 / 10 / 100 MiB, and BlobCipher alone.
# 3. In a private network namespace (unshare -n, loopback only, like bench/run.sh): checks that the real server
#    refuses custos.benchmark.plaintext-blobs=true without CUSTOS_BENCHMARK_ONLY=1, then measures C-STORE
#    (storescu, one association) and STOW-RS ingest into the running archive, encrypted vs plaintext, fresh
#    start each, same warm-up, the order alternating, N repetitions (bench/encryption.py).
# Needs root (unshare), dcmtk, python3-pydicom, python3-numpy. Results: bench/results/<timestamp>-*.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ "${BENCH_IN_NETNS:-}" != 1 ]; then
  BUILD=(-B -q -Pbench -DskipTests package -pl archive-server,cassandra-node,bench/harness -am)
  { mvn -o "${BUILD[@]}" || mvn "${BUILD[@]}"; } >&2
  mkdir -p bench/results
  OUT="bench/results/$(date +%Y%m%dT%H%M%S)-blob-write.md"
  {
    echo "# Blob put, encrypted vs plaintext codec ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD))"
    echo
    echo "command: bench/encryption-overhead.sh (microbenchmark part); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
    echo
    "$JAVA" -Xmx2g -cp "bench/harness/target/bench-harness-0.1.0-SNAPSHOT.jar:bench/harness/target/lib/*" \
      io.custos.bench.BlobWriteThroughput bench/work/blob-write 2>&1 | grep -v '^SLF4J'
  } | tee "$OUT"
  echo "written $OUT" >&2
  exec unshare -n env BENCH_IN_NETNS=1 "$HERE/encryption-overhead.sh" "$@"
fi

ip link set lo up
for tool in storescu echoscu; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt install dcmtk)" >&2; exit 2; }
done

# The switch alone must stop the real server (it would otherwise store unencrypted blobs).
GUARD_DIR="$HERE/work/guard-check"
rm -rf "$GUARD_DIR"
set +e
timeout 300 ./custos run --custos.data-dir="$GUARD_DIR" --custos.benchmark.plaintext-blobs=true \
  > "$HERE/work/guard-check.log" 2>&1
GUARD_RC=$?
set -e
rm -rf "$GUARD_DIR"
if [ "$GUARD_RC" = 0 ] || [ "$GUARD_RC" = 124 ] \
   || ! grep -q "custos.benchmark.plaintext-blobs=true is refused" "$HERE/work/guard-check.log"; then
  echo "FAILED: the server did not refuse plaintext blobs without CUSTOS_BENCHMARK_ONLY=1 (exit $GUARD_RC)" >&2
  exit 1
fi
echo "guard: without CUSTOS_BENCHMARK_ONLY=1 the server refused to start (exit $GUARD_RC), as it must" >&2

/usr/bin/python3 "$HERE/gen_data.py" "$HERE/work/data"
exec /usr/bin/python3 "$HERE/encryption.py" "$@"
