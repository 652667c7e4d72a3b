#!/usr/bin/python3
"""Summary printed by bench/profile-ingest.sh: rate, PostgreSQL commits and inserted rows per instance, CPU per
process and thread, and what PostgreSQL's backends were busy with (samples of pg_stat_activity)."""
import collections
import os
import re
import sys

from proc_cpu import TICK, cpu_seconds, postmasters, processes, tree_seconds


def postgres_seconds(pg_data_dir, procs=None):
    """CPU seconds so far of the PostgreSQL cluster in pg_data_dir: its postmaster and backends."""
    procs = procs if procs is not None else list(processes())
    return tree_seconds(postmasters(pg_data_dir, procs), procs)


def cpu_snapshot(archive_pid, pg_data_dir):
    """CPU seconds so far of the archive JVM, its Cassandra node, and the embedded PostgreSQL (all backends)."""
    procs = list(processes())
    out = {"archive": cpu_seconds(archive_pid), "cassandra": 0.0, "postgres": 0.0}
    for pid, ppid, args in procs:
        if ppid == archive_pid and "NodeMain" in args:
            out["cassandra"] += cpu_seconds(pid)
    out["postgres"] = postgres_seconds(pg_data_dir, procs)
    return " ".join("cpu_%s %.2f" % kv for kv in out.items())


def thread_snapshot(pid):
    """CPU seconds per thread name of one process, names with their trailing numbers folded into one group
    (e.g. every "MutationStage-N" under "MutationStage-"), as JSON on one line."""
    import json
    out = collections.Counter()
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = re.sub(r"[0-9]+$", "", f.read().strip()) or "?"
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[name] += (int(fields[11]) + int(fields[12])) / TICK
        except OSError:
            continue
    return json.dumps(out)


def thread_report(label, before, after, per, top=12, unit="instance"):
    """CPU milliseconds per instance (or other unit) by thread group, largest first. Threads that ended in
    between are lost."""
    import json
    b, a = json.loads(before), json.loads(after)
    deltas = sorted(((a[k] - b.get(k, 0.0), k) for k in a), reverse=True)
    print("CPU ms per %s by thread, %s:" % (unit, label))
    for seconds, name in deltas[:top]:
        if seconds > 0:
            print("  %7.2f  %s" % (1000 * seconds / per, name))


def counters(text):
    words = text.split()
    out = {}
    for i in range(0, len(words) - 1, 2):
        try:
            out[words[i]] = float(words[i + 1])
        except ValueError:
            pass
    return out


def main(t0, t1, ok, n, assoc, before, after, activity):
    t0, t1, ok, n, assoc = float(t0), float(t1), int(ok), int(n), int(assoc)
    b, a = counters(before), counters(after)
    per = max(ok, 1)
    print("instances %d ok %d associations %d seconds %.2f instances/s %.1f" % (n, ok, assoc, t1 - t0, ok / (t1 - t0)))
    for k in ("commits", "rollbacks", "inserted"):
        print("%s per instance: %.2f" % (k, (a[k] - b[k]) / per))
    for k in sorted(k for k in a if k.startswith("cpu_")):
        print("CPU ms per instance, %s: %.2f" % (k[4:], 1000 * (a[k] - b[k]) / per))
    for k in sorted((k for k in a if k.startswith("rows_")), key=lambda k: b.get(k, 0.0) - a[k]):
        if a[k] - b.get(k, 0.0) > 0:
            print("rows written per instance, %s: %.2f" % (k[5:], (a[k] - b.get(k, 0.0)) / per))
    counts = collections.Counter()
    try:
        with open(activity, errors="replace") as f:
            for line in f:
                if " | " in line:
                    counts[re.sub(r"\$\d+", "?", line.strip())[:150]] += 1
    except FileNotFoundError:
        pass
    if counts:
        total = sum(counts.values())
        print("PostgreSQL busy backends by statement (%d samples of pg_stat_activity, 5 ms apart, timed part):" % total)
        for stmt, c in counts.most_common(20):
            print("  %5.1f %%  %s" % (100.0 * c / total, stmt))


if __name__ == "__main__":
    if sys.argv[1] == "cpu":
        print(cpu_snapshot(int(sys.argv[2]), sys.argv[3]))
    elif sys.argv[1] == "postgres-cpu":
        print("%.3f" % postgres_seconds(sys.argv[2]))
    elif sys.argv[1] == "threads":
        print(thread_snapshot(int(sys.argv[2])))
    elif sys.argv[1] == "thread-report":
        with open(sys.argv[3]) as b, open(sys.argv[4]) as a:
            thread_report(sys.argv[2], b.read(), a.read(), int(sys.argv[5]),
                          unit=sys.argv[6] if len(sys.argv) > 6 else "instance")
    else:
        main(*sys.argv[1:9])
