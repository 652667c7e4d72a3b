#!/usr/bin/python3
"""Does the ledger sealer keep up with live ingest, and what does it cost the ingest? (issue 5)

Runs the archive (./custos run, embedded PostgreSQL and Cassandra) alternately with the ledger on and off,
sends the benchmark corpus's 2,000 instances of ~40 KB over 4 concurrent storescu associations (TCP_NODELAY),
and, with the ledger on, samples every 200 ms how many stored events are not yet sealed into a chain
(count of Axon's event rows minus count of ledger links, read with psql; the same sampling runs with the ledger
off, so both pay its cost), then times how long after the last C-STORE response the sealer needs to seal
everything.

Usage: bench/ledger-beside-ingest.py [rounds]   (default 2; each round = one run with, one without the ledger)
Needs bench/work/data (python3 bench/gen_data.py bench/work/data) and a built archive (./custos builds it).
"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
DATA = os.path.join(WORK, "data")
DATA_DIR = os.path.join(WORK, "ledger-ingest")
HTTP_PORT, DIMSE_PORT, PG_PORT = 18080, 11212, 15432
DCMTK_ENV = dict(os.environ, TCP_NODELAY="1")


def sql(query):
    r = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", "custos", "-Atc",
                        query], capture_output=True, text=True, env=dict(os.environ, PGCONNECT_TIMEOUT="2"))
    return r.stdout.strip() if r.returncode == 0 else None


def port_open(port):
    import socket
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start(ledger):
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    os.makedirs(DATA_DIR)
    env = dict(os.environ, CUSTOS_DATA_DIR=DATA_DIR, SERVER_PORT=str(HTTP_PORT),
               CUSTOS_DIMSE_PORT=str(DIMSE_PORT), CUSTOS_LEDGER_ENABLED=str(ledger).lower())
    log = open(os.path.join(WORK, "ledger-ingest-%s.log" % ("on" if ledger else "off")), "w")
    proc = subprocess.Popen(["./custos", "run"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.time() + 240
    while not (port_open(DIMSE_PORT) and port_open(HTTP_PORT)):
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError("archive did not start; see " + log.name)
        time.sleep(0.5)
    return proc


def stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def storescu(files, n_assoc):
    chunks = [files[i * len(files) // n_assoc:(i + 1) * len(files) // n_assoc] for i in range(n_assoc)]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(["storescu", "-aet", "STORESCU", "-aec", "CUSTOS", "-ta", "30", "-td", "120",
                               "127.0.0.1", str(DIMSE_PORT)] + c, env=DCMTK_ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in chunks]
    failed = sum(1 for p in procs if p.wait() != 0)
    return time.perf_counter() - t0, failed


def unsealed(ledger=True):
    # The same sampling runs with the ledger off (events only), so both runs pay the same psql overhead.
    if not ledger:
        row = sql("SELECT 0, (SELECT count(*) FROM domainevententry)")
    else:
        row = sql("SELECT (SELECT count(*) FROM domainevententry) - (SELECT count(*) FROM custos_ledger_links),"
                  " (SELECT count(*) FROM domainevententry)")
    return tuple(int(x) for x in row.split("|")) if row else None


def run(ledger, files, warmup):
    proc = start(ledger)
    try:
        storescu(warmup, 1)  # JIT warm-up on other SOP instances, same shape
        samples, stop_sampling = [], threading.Event()

        def sample():
            while not stop_sampling.is_set():
                s = unsealed(ledger)
                if s:
                    samples.append(s[0])
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        wall, failed = storescu(files, 4)
        ended = time.perf_counter()
        if failed:
            raise RuntimeError("%d storescu associations failed; see the archive log in %s" % (failed, WORK))
        result = {"ledger": ledger, "wall_s": wall, "instances_per_s": len(files) / wall, "failed_assocs": failed}
        stop_sampling.set()
        sampler.join()
        if ledger:
            while True:
                s = unsealed()
                if s and s[0] == 0:
                    break
                time.sleep(0.05)
            result["catch_up_s"] = time.perf_counter() - ended
            result["events"] = s[1]
            result["max_unsealed"] = max(samples) if samples else 0
            result["median_unsealed"] = statistics.median(samples) if samples else 0
        return result
    finally:
        stop(proc)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    studies = sorted(os.path.join(DATA, "studies", f) for f in os.listdir(os.path.join(DATA, "studies")))
    warmup_dir = os.path.join(DATA, "warmup")
    warmup = sorted(os.path.join(warmup_dir, f) for f in os.listdir(warmup_dir))[:200] \
        if os.path.isdir(warmup_dir) else studies[:200]
    files = studies[:2000]
    print("ledger beside ingest: %d instances, 4 associations, %d rounds; %s" % (
        len(files), rounds, os.getloadavg()))
    results = []
    for _ in range(rounds):
        for ledger in (True, False):
            r = run(ledger, files, warmup)
            print(r, "load", os.getloadavg(), flush=True)
            results.append(r)
    on = [r["instances_per_s"] for r in results if r["ledger"]]
    off = [r["instances_per_s"] for r in results if not r["ledger"]]
    print("median C-STORE inst/s: ledger on %.0f, off %.0f, ratio on/off %.3f" % (
        statistics.median(on), statistics.median(off), statistics.median(on) / statistics.median(off)))
    print("sealer: max unsealed events during ingest %s, catch-up after the last response %s s" % (
        [r["max_unsealed"] for r in results if r["ledger"]],
        ["%.2f" % r["catch_up_s"] for r in results if r["ledger"]]))
    shutil.rmtree(DATA_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
