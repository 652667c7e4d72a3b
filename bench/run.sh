#!/bin/sh
# Custos vs Orthanc side-by-side benchmark. One command:
#   bench/run.sh                  full run, both systems
#   bench/run.sh --only orthanc   Orthanc only (validates the harness without Custos)
#   bench/run.sh --quick          reduced sizes
# Re-executes itself inside a private network namespace (unshare -n, needs root or
# CAP_SYS_ADMIN) so that Orthanc, Custos and the clients only ever see that namespace's loopback.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${BENCH_IN_NETNS:-}" != 1 ]; then
  exec unshare -n env BENCH_IN_NETNS=1 "$HERE/run.sh" "$@"
fi
ip link set lo up
for tool in Orthanc storescu echoscu; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt install orthanc orthanc-dicomweb dcmtk)" >&2; exit 2; }
done
/usr/bin/python3 "$HERE/gen_data.py" "$HERE/work/data"
exec /usr/bin/python3 "$HERE/bench.py" "$@"
