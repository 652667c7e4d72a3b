#!/bin/sh
# Focused C-STORE ingest profile of Custos alone (not a comparison: bench/run.sh is the benchmark).
# Starts Custos fresh in a private network namespace, sends the warm-up set, then INGEST_N instances of
# bench/work/data/studies over INGEST_ASSOC concurrent storescu associations, and prints instances/s together
# with what PostgreSQL did per instance (commits, rows inserted) and, with PROFILE_STATEMENTS=1, what its
# backends were busy with (pg_stat_activity sampled every 5 ms: a share of busy time by statement, waits for the
# commit's flush included; the sampling costs PostgreSQL CPU, so use PROFILE_STATEMENTS=0 for CPU numbers).
# With PROFILE_JFR=1 the timed part is recorded to
# bench/work/profile/custos.jfr (jcmd JFR.start/JFR.stop); summarise it with bench/jfr-hot.py.
#
#   bench/profile-ingest.sh                          # 2,000 instances, 1 association
#   INGEST_ASSOC=4 PROFILE_JFR=1 bench/profile-ingest.sh
#
# Environment: CUSTOS_CMD (default ./custos run, from the repo root), INGEST_N (2000), INGEST_ASSOC (1),
# PROFILE_JFR (0), PROFILE_CASSANDRA_JFR (0: 1 records the node to bench/work/profile/cassandra.jfr),
# PROFILE_STATEMENTS (1). Needs root (unshare -n), dcmtk, psql.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
if [ "${BENCH_IN_NETNS:-}" != 1 ]; then
  exec unshare -n env BENCH_IN_NETNS=1 "$HERE/profile-ingest.sh" "$@"
fi
ip link set lo up
/usr/bin/python3 "$HERE/gen_data.py" "$HERE/work/data" >/dev/null

N=${INGEST_N:-2000}
ASSOC=${INGEST_ASSOC:-1}
STATEMENTS=${PROFILE_STATEMENTS:-1}
OUT="$HERE/work/profile"
CMD=${CUSTOS_CMD:-./custos run}
export TCP_NODELAY=1 CUSTOS_DATA_DIR="$OUT/custos-data"
rm -rf "$OUT"
mkdir -p "$OUT"
PSQL="psql -h 127.0.0.1 -p 15432 -U postgres -d custos -At -q"
. "$HERE/custos-session.sh"
trap stop EXIT INT TERM

snapshot() {
  $PSQL -c "SELECT 'commits ' || xact_commit || ' rollbacks ' || xact_rollback FROM pg_stat_database WHERE datname = 'custos'"
  $PSQL -c "SELECT 'inserted ' || coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables"
  $PSQL -c "SELECT string_agg('rows_' || relname || ' ' || (n_tup_ins + n_tup_upd + n_tup_del), ' ') FROM pg_stat_user_tables"
  python3 "$HERE/profile-summary.py" cpu "$JVM" "$OUT/custos-data/postgres"
}

start
# WARMUP_ROUNDS (1): how many times the warm-up set is sent before the timed part.
for round in $(seq "${WARMUP_ROUNDS:-1}"); do
  storescu -aet STORESCU -aec CUSTOS 127.0.0.1 11112 "$HERE"/work/data/warmup/*.dcm >/dev/null 2>&1
done
JVM=$(archive_jvm)
before=$(snapshot)
ls "$HERE"/work/data/studies/*.dcm | head -n "$N" > "$OUT/files"
split -n "l/$ASSOC" "$OUT/files" "$OUT/share."
if [ "${PROFILE_JFR:-0}" = 1 ]; then
  # JDK's "profile" settings, but every socket, file and lock wait recorded (threshold 0) and CPU sampled
  # every 2 ms, so waits can be added up per place in our code.
  sed -e 's|control="socket-threshold">[^<]*<|control="socket-threshold">0 ms<|' \
      -e 's|control="file-threshold">[^<]*<|control="file-threshold">0 ms<|' \
      -e 's|control="locking-threshold">[^<]*<|control="locking-threshold">0 ms<|' \
      -e 's|control="method-sampling-java-interval">[^<]*<|control="method-sampling-java-interval">'"${PROFILE_JFR_SAMPLING_MS:-2}"' ms<|' \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$OUT/waits.jfc"
  jcmd "$JVM" JFR.start name=ingest settings="$OUT/waits.jfc" >/dev/null
fi
# PROFILE_CASSANDRA_JFR=1: the Cassandra node's CPU, sampled with the JDK's low-overhead "profile" settings.
CASSANDRA_JVM=$(ps -o pid=,args= --sid "$PID" | grep NodeMain | awk '{print $1}' | head -n 1)
[ "${PROFILE_CASSANDRA_JFR:-0}" = 1 ] && jcmd "$CASSANDRA_JVM" JFR.start name=ingest settings=profile >/dev/null
for jvm in archive:$JVM cassandra:$CASSANDRA_JVM; do
  python3 "$HERE/profile-summary.py" threads "${jvm#*:}" > "$OUT/threads.${jvm%%:*}.before"
done
SAMPLER=
if [ "$STATEMENTS" = 1 ]; then
  # One row per busy backend per sample; psql's \watch repeats the query until it is killed. It runs in the
  # "postgres" database, so its own transactions do not count among the archive database's commits. (Until 2026-12-07 this
  # counted PostgreSQL's log_statement lines, which stopped reaching the archive's log once zonky stopped relaying
  # the server's output after start-up.)
  printf '%s\n\\watch 0.005\n' "SELECT backend_type, regexp_replace(left(query, 150), '\\s+', ' ', 'g') FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid();" \
    | psql -h 127.0.0.1 -p 15432 -U postgres -d postgres -At -q -F ' | ' > "$OUT/pg-activity.txt" 2>/dev/null &
  SAMPLER=$!
fi
t0=$(date +%s.%N)
clients=
for share in "$OUT"/share.*; do
  storescu -aet STORESCU -aec CUSTOS -v 127.0.0.1 11112 $(cat "$share") >"$share.log" 2>&1 &
  clients="$clients $!"
done
for client in $clients; do wait "$client" || true; done
t1=$(date +%s.%N)
[ "${PROFILE_JFR:-0}" = 1 ] && jcmd "$JVM" JFR.stop name=ingest filename="$OUT/custos.jfr" >/dev/null
[ "${PROFILE_CASSANDRA_JFR:-0}" = 1 ] && jcmd "$CASSANDRA_JVM" JFR.stop name=ingest filename="$OUT/cassandra.jfr" >/dev/null
[ -n "$SAMPLER" ] && { kill "$SAMPLER" 2>/dev/null || true; }
after=$(snapshot)
for jvm in archive:$JVM cassandra:$CASSANDRA_JVM; do
  python3 "$HERE/profile-summary.py" threads "${jvm#*:}" > "$OUT/threads.${jvm%%:*}.after"
done
ok=$(cat "$OUT"/share.*.log | grep -c "Received Store Response (Success" || true)
stop
python3 "$HERE/profile-summary.py" "$t0" "$t1" "$ok" "$N" "$ASSOC" "$before" "$after" "$OUT/pg-activity.txt"
for jvm in archive cassandra; do
  python3 "$HERE/profile-summary.py" thread-report "$jvm" "$OUT/threads.$jvm.before" "$OUT/threads.$jvm.after" "$ok"
done
echo "log: $OUT/custos.log"
[ "${PROFILE_JFR:-0}" = 1 ] && echo "jfr: $OUT/custos.jfr (bench/jfr-hot.py $OUT/custos.jfr)"
exit 0
