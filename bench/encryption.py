#!/usr/bin/python3
"""Issue 4: ingest with blob encryption on vs the benchmark-only plaintext mode, end to end, one run.

Do not run directly: bench/encryption-overhead.sh builds, enters `unshare -n` and starts this. Reuses
bench.py's Custos launcher, storescu/STOW clients, data set and warm-up sizes. Each repetition starts Custos
fresh (empty data dir) once per mode, the order alternating (enc,plain / plain,enc / ...), and runs:
  warm-up 3,000 C-STORE instances, timed 2,000 (~40 KB, one association), then STOW-RS warm-up 100 (probe)
  instances, timed 50 x 4 MB (10 per request).
The plaintext mode is `custos.benchmark.plaintext-blobs=true` with `CUSTOS_BENCHMARK_ONLY=1` in the
environment; the blob files left in the data dir after each run are counted by suffix to prove which mode ran.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as B  # noqa: E402

PLAIN_SUFFIX = ".dcm.plaintext-benchmark-only"
SEALED_SUFFIX = ".dcm.enc"


def count_blobs(data_dir):
    counts = {"encrypted": 0, "plaintext": 0}
    for root, _, files in os.walk(os.path.join(data_dir, "blobs")):
        for f in files:
            if f.endswith(SEALED_SUFFIX):
                counts["encrypted"] += 1
            elif f.endswith(PLAIN_SUFFIX):
                counts["plaintext"] += 1
    return counts


CLK_TCK = os.sysconf("SC_CLK_TCK")


def _procs():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                comm, rest = f.read().rsplit(")", 1)
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = rest.split()
        # after the command: state(0) ppid(1) pgrp(2) session(3) ... utime(11) stime(12)
        yield comm.split("(", 1)[1], int(fields[3]), int(fields[11]) + int(fields[12]), cmdline


def server_cpu_seconds(srv):
    """CPU (user + system) of the archive JVM, its Cassandra node and PostgreSQL (which pg_ctl starts in a
    session of its own): every process in the server's session or in the session of a process whose command
    line names the server's data dir. Far less sensitive than wall time to other load on a shared machine."""
    procs = list(_procs())
    sids = {srv.proc.pid} | {sid for _, sid, _, cmd in procs if srv.data_dir in cmd}
    return sum(ticks for _, sid, ticks, _ in procs if sid in sids) / CLK_TCK, \
        sorted({comm for comm, sid, _, _ in procs if sid in sids})


def with_cpu(srv, fn):
    before, _ = server_cpu_seconds(srv)
    r = fn()
    after, names = server_cpu_seconds(srv)
    r["server_cpu_s"] = round(after - before, 2)
    r["server_processes"] = names
    return r


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def one_run(srv, mode, rep, manifest, sz):
    res = {"mode": mode, "rep": rep, "loadavg_start": loadavg()}
    B.log("rep %d: %s, fresh start" % (rep, mode))
    srv.start("%s-%d" % (mode, rep))
    try:
        warm = B.files_of(manifest, "warmup", 0, sz["warmup"])
        w = B.cstore(srv, warm, 1)
        B.log("  warm-up: %d/%d stored" % (w["ok"], len(warm)))
        r = with_cpu(srv, lambda: B.cstore(srv, B.files_of(manifest, "studies", 0, sz["ingest"]), 1))
        r["server_cpu_ms_per_instance"] = round(r["server_cpu_s"] * 1000 / max(1, r["ok"]), 2)
        B.log("  C-STORE %d instances in %.2f s = %.1f inst/s (%d failed), server CPU %.2f ms/instance"
              % (r["ok"], r["seconds"], r["instances_per_s"], r["failed"], r["server_cpu_ms_per_instance"]))
        res["cstore_1"] = r
        # The warm-up instances are already stored by C-STORE (a STOW-RS re-send of them is refused as a
        # conflicting duplicate: the SCP's meta header differs), so STOW-RS warms up with the probe instances.
        stow_warm = B.files_of(manifest, "probes", 0, sz["stow_warmup"])
        w = B.stow(srv, stow_warm, sz["stow_batch"])
        B.log("  STOW warm-up: %d/%d stored" % (w["ok"], len(stow_warm)))
        s = with_cpu(srv, lambda: B.stow(srv, B.files_of(manifest, "stow", 0, sz["stow"]), sz["stow_batch"]))
        s["server_cpu_ms_per_mb"] = round(s["server_cpu_s"] * 1000 / s["payload_mb"], 2)
        B.log("  STOW-RS %.1f MB in %.2f s = %.1f MB/s (%d failed), server CPU %.2f ms/MB"
              % (s["payload_mb"], s["seconds"], s["mb_per_s"], s["failed"], s["server_cpu_ms_per_mb"]))
        res["stow"] = s
        res["blobs"] = count_blobs(srv.data_dir)
        B.log("  blob files: %s" % res["blobs"])
    finally:
        srv.stop()
    res["loadavg_end"] = loadavg()
    return res


def check_mode(run):
    """The mode that ran is the one that wrote the blobs: no run may leave the other kind."""
    b = run["blobs"]
    want, other = ("plaintext", "encrypted") if run["mode"] == "plaintext" else ("encrypted", "plaintext")
    stored = run["cstore_1"]["ok"] + run["stow"]["ok"]
    if b[other] != 0 or b[want] < stored:
        raise RuntimeError("rep %d %s: blob files %s do not match the mode (%d stored)" % (run["rep"], run["mode"], b, stored))
    if run["cstore_1"]["failed"] or run["stow"]["failed"]:
        raise RuntimeError("rep %d %s: failures %s" % (run["rep"], run["mode"], run))


def pct(ratio):
    return round((ratio - 1) * 100, 1)


def summarize(runs):
    out = {}
    for mode in ("encrypted", "plaintext"):
        rs = [r for r in runs if r["mode"] == mode]
        out[mode] = {
            "cstore_inst_per_s": [r["cstore_1"]["instances_per_s"] for r in rs],
            "stow_mb_per_s": [r["stow"]["mb_per_s"] for r in rs],
            "cstore_cpu_ms": [r["cstore_1"]["server_cpu_ms_per_instance"] for r in rs],
            "stow_cpu_ms": [r["stow"]["server_cpu_ms_per_mb"] for r in rs],
        }
        for k in ("cstore_inst_per_s", "stow_mb_per_s", "cstore_cpu_ms", "stow_cpu_ms"):
            out[mode][k + "_median"] = statistics.median(out[mode][k])
    e, p = out["encrypted"], out["plaintext"]
    # Overhead = extra time per instance (or per MB) with encryption, from the median rates.
    out["cstore_overhead_pct"] = pct(p["cstore_inst_per_s_median"] / e["cstore_inst_per_s_median"])
    out["stow_overhead_pct"] = pct(p["stow_mb_per_s_median"] / e["stow_mb_per_s_median"])
    out["cstore_cpu_overhead_pct"] = pct(e["cstore_cpu_ms_median"] / p["cstore_cpu_ms_median"])
    out["stow_cpu_overhead_pct"] = pct(e["stow_cpu_ms_median"] / p["stow_cpu_ms_median"])
    return out


def report(runs, summary, args, sz, started):
    lines = ["# Encryption overhead on ingest (issue 4), run %s" % started, "",
             "command: `bench/encryption-overhead.sh --reps %d%s`; %s" % (
                 args.reps, " --quick" if args.quick else "", B.Custos().describe()), "",
             "| rep | mode | load avg at start | C-STORE inst/s (1 assoc, %d x 40 KB after %d warm-up) "
             "| server CPU ms/instance | STOW-RS MB/s (%d x 4 MB) | server CPU ms/MB | blob files (enc/plain) |"
             % (sz["ingest"], sz["warmup"], sz["stow"]),
             "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append("| %d | %s | %s | %.1f | %.2f | %.1f | %.2f | %d / %d |" % (
            r["rep"], r["mode"], r["loadavg_start"], r["cstore_1"]["instances_per_s"],
            r["cstore_1"]["server_cpu_ms_per_instance"], r["stow"]["mb_per_s"], r["stow"]["server_cpu_ms_per_mb"],
            r["blobs"]["encrypted"], r["blobs"]["plaintext"]))
    e, p = summary["encrypted"], summary["plaintext"]
    row = "| %s | %.2f | %.2f | %+.1f %% |"
    lines += ["", "| median | encrypted | plaintext (benchmark only) | encryption overhead |", "|---|---|---|---|",
              row % ("C-STORE inst/s", e["cstore_inst_per_s_median"], p["cstore_inst_per_s_median"],
                     summary["cstore_overhead_pct"]),
              row % ("C-STORE server CPU ms/instance", e["cstore_cpu_ms_median"], p["cstore_cpu_ms_median"],
                     summary["cstore_cpu_overhead_pct"]),
              row % ("STOW-RS MB/s", e["stow_mb_per_s_median"], p["stow_mb_per_s_median"], summary["stow_overhead_pct"]),
              row % ("STOW-RS server CPU ms/MB", e["stow_cpu_ms_median"], p["stow_cpu_ms_median"],
                     summary["stow_cpu_overhead_pct"]),
              "", "Overhead of a rate = plaintext rate / encrypted rate - 1 (the extra wall time per instance or MB); "
              "of CPU = encrypted CPU / plaintext CPU - 1. Server CPU = user + system time of every process in the "
              "server's session (archive JVM, Cassandra node, PostgreSQL) during the timed window."]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=3, help="repetitions per mode (default 3)")
    ap.add_argument("--quick", action="store_true", help="bench.py's reduced sizes, to check the harness")
    args = ap.parse_args()
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout.splitlines()
    if os.environ.get("BENCH_IN_NETNS") != "1" or any(": lo:" not in l for l in links):
        sys.exit("refusing to run outside the private network namespace: use bench/encryption-overhead.sh")
    sz = B.QUICK if args.quick else B.FULL
    with open(os.path.join(B.DATA, "manifest.json")) as f:
        manifest = json.load(f)
    started = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    encrypted = B.Custos()
    plaintext = B.Custos()
    plaintext.cmd = "env CUSTOS_BENCHMARK_ONLY=1 %s --custos.benchmark.plaintext-blobs=true" % encrypted.cmd
    servers = {"encrypted": encrypted, "plaintext": plaintext}
    runs = []
    for rep in range(1, args.reps + 1):
        order = ("encrypted", "plaintext") if rep % 2 == 1 else ("plaintext", "encrypted")
        for mode in order:
            run = one_run(servers[mode], mode, rep, manifest, sz)
            check_mode(run)
            runs.append(run)
    summary = summarize(runs)
    md = report(runs, summary, args, sz, started)
    os.makedirs(B.RESULTS, exist_ok=True)
    base = os.path.join(B.RESULTS, started + "-encryption" + ("-quick" if args.quick else ""))
    with open(base + ".md", "w") as f:
        f.write(md)
    with open(base + ".json", "w") as f:
        json.dump({"started": started, "sizes": sz, "runs": runs, "summary": summary}, f, indent=2)
    print()
    print(md)
    B.log("written %s.md and .json" % base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
