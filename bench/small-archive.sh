# Sourced by bench/qido-cpu.sh and bench/qido-keys.sh: starts Custos ("$CUSTOS_DIR/custos run", data under "$1"),
# waits for its DICOM port, stores the first 20 studies of bench/work/data and sets T to a clinician token.
# Runs from the repository root; uses ports 8080 and 11112 on 127.0.0.1.
start_small_archive() {
  local dir=$1
  (CUSTOS_DATA_DIR=$dir/data setsid "$CUSTOS_DIR/custos" run > "$dir/custos.log" 2>&1 &)
  for _ in $(seq 180); do echoscu -aet ECHOSCU -aec CUSTOS 127.0.0.1 11112 >/dev/null 2>&1 && break; sleep 1; done
  ls bench/work/data/studies | head -20 | sed 's|^|bench/work/data/studies/|' | xargs storescu -aet STORESCU -aec CUSTOS 127.0.0.1 11112
  T=$(CUSTOS_DATA_DIR=$dir/data "$CUSTOS_DIR/custos" token --subject p --role clinician --tenant default --region local --ttl 1h 2>/dev/null | tail -1)
  sleep 2
}
