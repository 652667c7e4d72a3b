#!/bin/sh
# Harness self-test ONLY: stands in for Custos with a second Orthanc, so the Custos code path
# of bench.py (start via CUSTOS_CMD, token, readiness, ratios) can be exercised before Custos
# runs. Expect ratios near 1.0. Usage (from the repo root):
#   CUSTOS_CMD=bench/selftest-custos.sh CUSTOS_TOKEN_CMD='echo selftest' bench/run.sh --quick
# Bearer tokens are ignored: this Orthanc runs with authentication off (namespace loopback only).
set -eu
: "${CUSTOS_DATA_DIR:?}" "${CUSTOS_HTTP_PORT:=8080}" "${CUSTOS_DIMSE_PORT:=11112}" "${CUSTOS_AET:=CUSTOS}"
mkdir -p "$CUSTOS_DATA_DIR/storage"
cat > "$CUSTOS_DATA_DIR/orthanc.json" <<JSON
{ "Name": "selftest-custos", "StorageDirectory": "$CUSTOS_DATA_DIR/storage",
  "IndexDirectory": "$CUSTOS_DATA_DIR/storage", "StorageCompression": false,
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
  "DicomWeb": {"Enable": true, "Root": "/dicom-web/", "EnableWado": false},
  "HttpPort": $CUSTOS_HTTP_PORT, "DicomPort": $CUSTOS_DIMSE_PORT, "DicomAet": "$CUSTOS_AET",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "HttpCompressionEnabled": false,
  "OrthancExplorerEnabled": false, "WebDavEnabled": false, "SaveJobs": false,
  "DicomAlwaysAllowStore": true, "DicomAlwaysAllowEcho": true, "DicomCheckCalledAet": false,
  "ConcurrentJobs": 2, "DicomThreadsCount": 4, "HttpThreadsCount": 50 }
JSON
exec Orthanc "$CUSTOS_DATA_DIR/orthanc.json"
