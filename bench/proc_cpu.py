"""CPU accounting from /proc, shared by bench/bench.py and bench/profile-summary.py (stdlib only)."""
import os

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid, children=False):
    """utime + stime of a process (all its threads), plus its reaped children's when asked."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
    return ticks / TICK


def processes():
    """(pid, ppid, command line) of every process still there while /proc is read."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    args = f.read().replace(b"\0", b" ").decode(errors="replace")
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                yield int(entry), ppid, args
            except OSError:
                continue


def postmasters(pg_data_dir, procs):
    """The postmaster of the PostgreSQL cluster in pg_data_dir (pg_ctl detaches it from whoever started it)."""
    return [pid for pid, _, args in procs if "postgres" in args and "-D " + pg_data_dir in args]


def tree_seconds(roots, procs):
    """CPU seconds of the roots and all their live descendants, each with the children it reaped (so short-lived
    backends are not lost). A process that exits unreaped by a counted parent in between is lost."""
    counted, frontier = set(), set(roots)
    while frontier:
        counted |= frontier
        frontier = {pid for pid, ppid, _ in procs if ppid in frontier and pid not in counted}
    total = 0.0
    for pid in counted:
        try:
            total += cpu_seconds(pid, children=True)
        except OSError:
            continue
    return total


def host_cpu():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v) - idle, sum(v)
