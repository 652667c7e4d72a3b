#!/usr/bin/python3
"""fdatasync latency of the disk under a directory: the floor of any answer that waits for a durable commit
(Custos records every QIDO/WADO access before it answers, issue 3). Writes 512 bytes and syncs, N times.

Usage: bench/fsync-latency.py [directory] [N]     (default: bench/work, 300)
"""
import os
import sys
import time

directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "work")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
os.makedirs(directory, exist_ok=True)
path = os.path.join(directory, "fsync-latency.tmp")
fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
samples = []
try:
    for _ in range(n):
        os.write(fd, b"x" * 512)
        t0 = time.perf_counter()
        os.fdatasync(fd)
        samples.append((time.perf_counter() - t0) * 1000)
finally:
    os.close(fd)
    os.unlink(path)
samples.sort()
pick = lambda p: samples[min(len(samples) - 1, int(p * len(samples)))]
print("fdatasync of 512 B x %d in %s: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; load %.2f"
      % (n, directory, pick(0.50), pick(0.90), pick(0.99), samples[-1], os.getloadavg()[0]))
