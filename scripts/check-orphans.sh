#!/usr/bin/env bash
# Lists embedded Cassandra nodes whose archive / test JVM is gone, and embedded PostgreSQL servers still running
# (run it after the JVM ended). Exit status 1 if any exists. Optional argument: only consider data directories under this path.
# Usage: scripts/check-orphans.sh [path-prefix]     e.g. after `mvn verify`: scripts/check-orphans.sh "$PWD"
set -uo pipefail
prefix="${1:-/}"
orphans=0
for dir in /proc/[0-9]*; do
  pid="${dir#/proc/}"
  cmd="$(tr '\0' ' ' 2>/dev/null < "$dir/cmdline")" || continue
  case "$cmd" in
    *io.custos.cassandranode.NodeMain*)
      home="$(grep -oE -- '-Dcustos.cassandra.home=[^ ]+' <<<"$cmd" | cut -d= -f2)"
      parent="$(grep -oE -- '-Dcustos.parent-pid=[0-9]+' <<<"$cmd" | cut -d= -f2)"
      [[ "$home" == "$prefix"* ]] || continue
      if [[ -z "$parent" ]] || ! kill -0 "$parent" 2>/dev/null; then
        echo "orphan Cassandra node PID $pid (home $home, parent $parent gone)"; orphans=1
      fi ;;
    */embedded-pg/*/bin/postgres\ -D*)
      data="$(awk '{for (i = 1; i < NF; i++) if ($i == "-D") print $(i + 1)}' <<<"$cmd")"
      [[ "$data" == "$prefix"* ]] || continue
      # pg_ctl daemonises the postmaster (parent 1), so liveness of its owner cannot be read from the process
      # tree: run this once the archive / test JVM has ended, and every remaining one is an orphan.
      echo "PostgreSQL still running: PID $pid (data $data)"; orphans=1
      ;;
  esac
done
[[ $orphans == 0 ]] && echo "no orphan Custos processes${1:+ under $prefix}"
exit $orphans
