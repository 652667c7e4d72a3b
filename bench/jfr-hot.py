#!/usr/bin/python3
"""Where the CPU went in a JFR recording: CPU samples (jdk.ExecutionSample) by thread, by hottest own
method (self) and by method anywhere on the stack (inclusive), plus blocking (monitor enter, park, socket
read) by the first frame of our own code. No JMC needed: reads `jfr print --json`.

  bench/jfr-hot.py bench/work/profile/custos.jfr [--top 40] [--thread dicom-association] [--prefix io.custos]
"""
import argparse
import collections
import json
import subprocess


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(f):
    m = f["method"]
    return "%s.%s" % (m["type"]["name"].replace("/", "."), m["name"])


def stack(e):
    st = e["values"].get("stackTrace")
    return [frame_name(f) for f in st["frames"]] if st else []


def thread_of(e, key):
    t = e["values"].get(key)
    return (t or {}).get("javaName") or "?"


def group(thread):
    return thread.rstrip("0123456789").rstrip("-#")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jfr")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--thread", help="only threads whose name starts with this")
    ap.add_argument("--prefix", default="io.custos", help="package of 'our' frames for blocking events")
    ap.add_argument("--depth", type=int, default=2, help="how many of our frames name a blocking event's place")
    a = ap.parse_args()

    samples = events(a.jfr, "jdk.ExecutionSample")
    by_thread = collections.Counter(group(thread_of(e, "sampledThread")) for e in samples)
    print("CPU samples by thread group (%d total):" % len(samples))
    for t, n in by_thread.most_common(15):
        print("  %6d %5.1f%%  %s" % (n, 100.0 * n / len(samples), t))
    if a.thread:
        samples = [e for e in samples if thread_of(e, "sampledThread").startswith(a.thread)]
    total = max(len(samples), 1)
    self_c, incl = collections.Counter(), collections.Counter()
    for e in samples:
        s = stack(e)
        if s:
            self_c[s[0]] += 1
        for m in set(s):
            incl[m] += 1
    print("\nself (%d samples%s):" % (len(samples), ", threads " + a.thread if a.thread else ""))
    for m, n in self_c.most_common(a.top):
        print("  %6d %5.1f%%  %s" % (n, 100.0 * n / total, m))
    print("\ninclusive:")
    for m, n in incl.most_common(a.top * 2):
        print("  %6d %5.1f%%  %s" % (n, 100.0 * n / total, m))

    for name in ("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileForce",
                 "jdk.FileWrite"):
        try:
            evs = events(a.jfr, name)
        except subprocess.CalledProcessError:
            continue
        if a.thread:
            evs = [e for e in evs if thread_of(e, "eventThread").startswith(a.thread)]
        if not evs:
            continue
        where = collections.defaultdict(lambda: [0, 0.0])
        for e in evs:
            s = stack(e)
            mine = [m for m in s if m.startswith(a.prefix) and "$$Lambda" not in m][:a.depth]
            ours = " < ".join(short(m) for m in mine) if mine else (s[0] if s else "?")
            dur = e["values"].get("duration", "PT0S")
            w = where[(group(thread_of(e, "eventThread")), ours)]
            w[0] += 1
            w[1] += parse_duration(dur)
        print("\n%s (>= threshold), by thread group and innermost %s frames: count, total ms" % (name, a.prefix))
        for (t, m), (n, ms) in sorted(where.items(), key=lambda kv: -kv[1][1])[:a.top]:
            print("  %6d %10.1f  %-28s %s" % (n, ms, t, m))


def short(method):
    cls, _, name = method.rpartition(".")
    return cls.rpartition(".")[2] + "." + name


def parse_duration(d):
    # ISO-8601 like PT0.001234S or PT1M2.5S
    d = d[2:] if d.startswith("PT") else d
    ms = 0.0
    num = ""
    for ch in d:
        if ch.isdigit() or ch == ".":
            num += ch
        else:
            v = float(num or 0)
            ms += v * {"H": 3600e3, "M": 60e3, "S": 1e3}.get(ch, 0)
            num = ""
    return ms


if __name__ == "__main__":
    main()
