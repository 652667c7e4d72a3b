# Sourced by bench/profile-ingest.sh and bench/postgres-commit-cost.sh (POSIX sh). Runs Custos as a session of
# its own, so that everything it starts can be stopped together:
#   start        runs "$CMD" from "$REPO" with its output in "$OUT/custos.log", sets PID (the session) and returns
#                once Custos answers C-ECHO on 127.0.0.1:11112 (exits the script if it does not start);
#   archive_jvm  prints the archive JVM's pid;
#   stop         stops the archive JVM first (its shutdown hooks stop PostgreSQL and Cassandra), then the rest.
PID=

start() {
  rm -f "$OUT/session"
  # The session leader writes its own pid: setsid may fork, so $! would not name the group.
  (cd "$REPO" && exec setsid sh -c 'echo $$ > "$0"; exec sh -c "$1"' "$OUT/session" "$CMD" >"$OUT/custos.log" 2>&1) &
  until [ -s "$OUT/session" ]; do sleep 0.1; done
  PID=$(cat "$OUT/session")
  i=0
  until echoscu -aet ECHOSCU -aec CUSTOS 127.0.0.1 11112 >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 1200 ] || { echo "Custos did not start; see $OUT/custos.log" >&2; exit 1; }
    kill -0 "$PID" 2>/dev/null || { echo "Custos exited; see $OUT/custos.log" >&2; exit 1; }
    sleep 0.25
  done
}

archive_jvm() {
  ps -o pid=,args= --sid "$PID" | grep 'custos.jar' | grep -v NodeMain | awk '{print $1}' | head -n 1
}

stop() {
  [ -n "$PID" ] || return 0
  jvm=$(archive_jvm) || jvm=
  if [ -n "$jvm" ]; then
    kill -TERM "$jvm" 2>/dev/null || true
    i=0
    while kill -0 "$jvm" 2>/dev/null && [ $i -lt 720 ]; do sleep 0.25; i=$((i + 1)); done
  fi
  kill -KILL -- "-$PID" 2>/dev/null || true
  PID=
}
