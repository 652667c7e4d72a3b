#!/usr/bin/python3
"""Side-by-side benchmark: Custos vs Orthanc, one run, same machine, private network namespace.

Do not run directly: use bench/run.sh, which enters `unshare -n`, brings lo up and generates
the data set. Stdlib only (plus dcmtk's storescu/echoscu on PATH).
"""
import argparse
import base64
import datetime
import http.client
import json
import math
import os
import platform
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from proc_cpu import host_cpu, postmasters, processes, tree_seconds

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work")
DATA = os.path.join(WORK, "data")
LOGS = os.path.join(WORK, "logs")
RESULTS = os.path.join(BENCH, "results")
HOST = "127.0.0.1"
# Custos only accepts the calling AE titles listed for its called AE (application.yml:
# STORESCU, DCMSEND, ECHOSCU); Orthanc accepts any (DicomAlwaysAllowStore/Echo).
CALLING_AET = os.environ.get("BENCH_CALLING_AET", "STORESCU")
DCMTK_ENV = dict(os.environ, TCP_NODELAY="1")  # DCMTK: TCP_NODELAY on (0 would turn it off)

# Warm-up sizes: a JVM server compiles its hot paths for thousands of requests after start (measured: the C2
# compiler threads used half of Custos's CPU during the first 2,000 stores and were still busy after 3,000), so
# both servers get 9,000 C-STORE warm-up instances, and QIDO warm-up rounds until steady state (qido_warmup),
# before anything is timed: what is measured is the steady state of a server that has been running a while.
FULL = dict(ingest=2000, qido_small=20, qido_large=2000, stow=50, stow_batch=10,
            qido_warmup_round=50, qido_warmup_min_rounds=10, qido_warmup_max_rounds=60, qido_n=1000, probes=100,
            warmup=9000, stow_warmup=100,
            wado_retrieve_50=30, wado_retrieve_500=10, wado_metadata=30, wado_frames=200, wado_rendered=50)
QUICK = dict(ingest=200, qido_small=20, qido_large=200, stow=10, stow_batch=5,
             qido_warmup_round=10, qido_warmup_min_rounds=1, qido_warmup_max_rounds=3, qido_n=50, probes=20,
             warmup=20, stow_warmup=20,
             wado_retrieve_50=5, wado_retrieve_500=3, wado_metadata=5, wado_frames=30, wado_rendered=10)
WADO_SERIES = (50, 500)
QIDO_LIMIT = 100
POLL_INTERVAL = 0.005
VISIBLE_TIMEOUT = 30.0


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def pct(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, int(math.ceil(p / 100.0 * len(s))) - 1)
    return s[k]


# ---------------------------------------------------------------------------- HTTP

class NoDelayConnection(http.client.HTTPConnection):
    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Http:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, port, auth):
        self.port, self.auth, self.conn = port, auth, None

    def request(self, method, path, body=None, headers=None, timeout=120):
        h = {"Authorization": self.auth()}
        h.update(headers or {})
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = NoDelayConnection(HOST, self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                return r.status, data
            except (http.client.HTTPException, ConnectionError, socket.timeout, OSError):
                self.close()
                if attempt:
                    raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def rows(status, body):
    if status == 204 or not body.strip():
        return 0
    if status != 200:
        return -1
    return len(json.loads(body))


def multipart(paths):
    boundary = "CUSTOSBENCH" + secrets.token_hex(12)
    parts = []
    for p in paths:
        with open(p, "rb") as f:
            parts.append(b"--" + boundary.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n"
                         + f.read() + b"\r\n")
    parts.append(b"--" + boundary.encode() + b"--\r\n")
    ctype = 'multipart/related; type="application/dicom"; boundary=%s' % boundary
    return b"".join(parts), ctype


def stow_result(status, body, n):
    """Number of instances the server reports as stored (ReferencedSOPSequence)."""
    if status not in (200, 202):
        return 0
    try:
        doc = json.loads(body)
        return len(doc.get("00081199", {}).get("Value", []))
    except ValueError:
        return n if status == 200 else 0


# ---------------------------------------------------------------------------- servers

def port_open(port):
    s = socket.socket()
    s.settimeout(0.5)
    try:
        s.connect((HOST, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def echo(aet, port):
    r = subprocess.run(["echoscu", "-aet", CALLING_AET, "-aec", aet, HOST, str(port)],
                       env=DCMTK_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no log)"


class CpuMeter:
    """CPU seconds a server's processes use between start() and stop(), and how busy the host was.

    A server's processes are its launcher's descendants plus the ones `srv.detached_processes()` names
    (Custos's embedded PostgreSQL is started by pg_ctl and reparented away from the archive JVM), each counted
    as proc_cpu.tree_seconds counts them."""

    def __init__(self, srv):
        self.srv = srv

    def _server_seconds(self):
        procs = list(processes())
        return tree_seconds({self.srv.proc.pid} | set(self.srv.detached_processes(procs)), procs)

    def start(self):
        self.server0, self.host0 = self._server_seconds(), host_cpu()
        self.clients0 = os.times()
        return self

    def stop(self, per, unit):
        server = self._server_seconds() - self.server0
        busy, total = (a - b for a, b in zip(host_cpu(), self.host0))
        t = os.times()
        clients = (t.children_user + t.children_system) - (self.clients0.children_user + self.clients0.children_system)
        per = max(per, 1)
        return {"server_cpu_ms_per_%s" % unit: round(1000 * server / per, 2),
                "client_cpu_ms_per_%s" % unit: round(1000 * clients / per, 2),
                "host_busy_fraction": round(busy / max(total, 1), 3)}


class Server:
    name = "?"
    proc = None
    logfile = None

    def wait_gone(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        # wait for the whole process group (a launcher script may have forked the real server)
        deadline = time.time() + 30
        while True:
            self.proc.poll()
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            if time.time() > deadline:
                os.killpg(self.proc.pid, signal.SIGKILL)
                deadline = time.time() + 30
            time.sleep(0.1)
        self.proc.wait()
        self.proc = None
        deadline = time.time() + 30
        while time.time() < deadline and (port_open(self.http_port) or port_open(self.dimse_port)):
            time.sleep(0.2)

    def spawn(self, argv, env, cwd, tag, shell=False):
        os.makedirs(LOGS, exist_ok=True)
        for p in (self.http_port, self.dimse_port):
            if port_open(p):
                raise RuntimeError("port %d already in use before starting %s" % (p, self.name))
        self.logfile = os.path.join(LOGS, "%s-%s.log" % (self.name.lower(), tag))
        out = open(self.logfile, "w")
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, shell=shell)
        out.close()

    def detached_processes(self, procs):
        """Processes of this server that are not its launcher's descendants (see CpuMeter); procs as
        proc_cpu.processes() lists them."""
        return []

    def check_alive(self):
        if self.proc.poll() is not None:
            raise RuntimeError("%s exited with %s during start-up; log %s:\n%s"
                               % (self.name, self.proc.returncode, self.logfile, tail(self.logfile)))

    def http(self):
        return Http(self.http_port, self.auth)


class Orthanc(Server):
    name = "Orthanc"
    # Explicit, documented settings (README "Orthanc configuration").
    SETTINGS = {
        "ConcurrentJobs": 2,          # Debian default; jobs are not on the measured paths
        "DicomThreadsCount": 4,       # Debian default; >= the 4 associations we open
        "HttpThreadsCount": 50,       # Debian default
        "StorageCompression": False,
        "TcpNoDelay": True,           # HTTP server; DICOM side: DCMTK honours env TCP_NODELAY
        "KeepAlive": True,
        "HttpCompressionEnabled": False,
        "OverwriteInstances": False,
        "SaveJobs": False,
        "LimitFindResults": 0,
        "LimitFindInstances": 0,
        "MaximumStorageCacheSize": 128,
    }

    def __init__(self):
        self.http_port = 8042
        self.dimse_port = 4242
        self.aet = "ORTHANC"
        self.root = "/dicom-web"
        self.user = "bench"
        self.password = secrets.token_urlsafe(18)
        self.plugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"
        self.dir = os.path.join(WORK, "orthanc")
        self.version = None

    def auth(self):
        return "Basic " + base64.b64encode(("%s:%s" % (self.user, self.password)).encode()).decode()

    def start(self, tag):
        if not os.path.exists(self.plugin):
            raise RuntimeError("DICOMweb plugin not found at %s (apt install orthanc-dicomweb)" % self.plugin)
        storage = os.path.join(self.dir, "storage")
        shutil.rmtree(storage, ignore_errors=True)
        os.makedirs(storage)
        cfg = dict(self.SETTINGS)
        cfg.update({
            "Name": "custos-bench-orthanc",
            "StorageDirectory": storage,
            "IndexDirectory": storage,
            "Plugins": [self.plugin],
            "DicomWeb": {"Enable": True, "Root": self.root + "/", "EnableWado": False,
                         "Host": HOST, "Ssl": False},
            "HttpServerEnabled": True, "HttpPort": self.http_port,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": True,
            "RegisteredUsers": {self.user: self.password},
            "OrthancExplorerEnabled": False, "WebDavEnabled": False,
            "DicomServerEnabled": True, "DicomAet": self.aet, "DicomPort": self.dimse_port,
            "DicomCheckCalledAet": False,
            "DicomAlwaysAllowStore": True, "DicomAlwaysAllowEcho": True,
            "DicomModalities": {},
        })
        path = os.path.join(self.dir, "orthanc.json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(cfg, f, indent=2)
        self.spawn(["Orthanc", path], DCMTK_ENV, self.dir, tag)
        h = self.http()
        deadline = time.time() + 60
        while True:
            self.check_alive()
            try:
                st, body = h.request("GET", "/system", timeout=2)
                if st == 200:
                    self.version = json.loads(body).get("Version")
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("Orthanc not ready after 60 s; log:\n" + tail(self.logfile))
            time.sleep(0.2)
        st, body = h.request("GET", "/plugins/dicom-web")
        if st != 200:
            raise RuntimeError("Orthanc DICOMweb plugin not loaded; log:\n" + tail(self.logfile))
        self.plugin_version = json.loads(body).get("Version")
        st, _ = h.request("GET", self.root + "/studies?limit=1", headers={"Accept": "application/dicom+json"})
        h.close()
        if st not in (200, 204) or not echo(self.aet, self.dimse_port):
            raise RuntimeError("Orthanc QIDO (%s) or C-ECHO failed" % st)

    def stop(self):
        self.wait_gone()

    def describe(self):
        return "Orthanc %s + DICOMweb plugin %s" % (self.version, getattr(self, "plugin_version", "?"))


class Custos(Server):
    name = "Custos"

    def __init__(self):
        self.http_port = int(os.environ.get("CUSTOS_HTTP_PORT", "8080"))
        self.dimse_port = int(os.environ.get("CUSTOS_DIMSE_PORT", "11112"))
        self.aet = os.environ.get("CUSTOS_AET", "CUSTOS")
        self.root = os.environ.get("CUSTOS_DICOMWEB_ROOT", "/dicom-web").rstrip("/")
        self.cmd = os.environ.get("CUSTOS_CMD", "./custos run")
        self.token_cmd = os.environ.get(
            "CUSTOS_TOKEN_CMD", "./custos token --subject bench --role service --tenant default --region local --ttl 2h")
        self.data_dir = os.path.abspath(os.environ.get("CUSTOS_DATA_DIR", os.path.join(WORK, "custos-data")))
        if not self.data_dir.startswith(WORK + os.sep):
            raise RuntimeError("CUSTOS_DATA_DIR must be under %s (it is wiped between phases)" % WORK)
        self.timeout = float(os.environ.get("CUSTOS_START_TIMEOUT", "180"))
        self.token = None

    def auth(self):
        return "Bearer " + self.token

    def start(self, tag):
        shutil.rmtree(self.data_dir, ignore_errors=True)
        os.makedirs(self.data_dir)
        env = dict(DCMTK_ENV, CUSTOS_DATA_DIR=self.data_dir, CUSTOS_AET=self.aet,
                   CUSTOS_DIMSE_PORT=str(self.dimse_port), CUSTOS_HTTP_PORT=str(self.http_port),
                   SERVER_PORT=str(self.http_port))  # Spring Boot reads the HTTP port from SERVER_PORT
        self.spawn(self.cmd, env, REPO, tag, shell=True)
        deadline = time.time() + self.timeout
        while not (port_open(self.dimse_port) and port_open(self.http_port)):
            self.check_alive()
            if time.time() > deadline:
                raise RuntimeError("Custos ports %d/%d not open after %.0f s; log:\n%s"
                                   % (self.dimse_port, self.http_port, self.timeout, tail(self.logfile)))
            time.sleep(0.25)
        r = subprocess.run(self.token_cmd, shell=True, cwd=REPO, env=env, capture_output=True, text=True)
        lines = [l.strip() for l in r.stdout.splitlines() if l.strip()]
        if r.returncode != 0 or not lines:
            raise RuntimeError("CUSTOS_TOKEN_CMD failed (%s): %s" % (r.returncode, r.stderr[-2000:]))
        self.token = lines[-1]
        h = self.http()
        while True:
            self.check_alive()
            try:
                st, _ = h.request("GET", self.root + "/studies?limit=1",
                                  headers={"Accept": "application/dicom+json"}, timeout=5)
                if st in (200, 204):
                    break
            except OSError:
                st = "no answer"
            if time.time() > deadline:
                raise RuntimeError("Custos QIDO not ready (last status %s); log:\n%s" % (st, tail(self.logfile)))
            time.sleep(0.25)
        h.close()
        if not echo(self.aet, self.dimse_port):
            raise RuntimeError("Custos C-ECHO to %s@%d failed" % (self.aet, self.dimse_port))

    def stop(self):
        self.wait_gone()

    def detached_processes(self, procs):
        # The embedded PostgreSQL's postmaster, found by its data directory; its backends are its children.
        return postmasters(os.path.join(self.data_dir, "postgres"), procs)

    def describe(self):
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return "Custos (repo %s, cmd %r)" % (rev.stdout.strip() or "?", self.cmd)


# ---------------------------------------------------------------------------- measurements

def storescu_argv(srv, files, verbose=True):
    return (["storescu", "-aet", CALLING_AET, "-aec", srv.aet, "-ta", "30", "-td", "120"]
            + (["-v"] if verbose else []) + [HOST, str(srv.dimse_port)] + list(files))


def count_store_results(text):
    ok = fail = 0
    for line in text.splitlines():
        if "Received Store Response" in line:
            if "(Success" in line or "(Warning" in line:
                ok += 1
            else:
                fail += 1
        elif "Store Failed" in line or "Store SCU Failed" in line:
            fail += 1
    return ok, fail


def cstore(srv, files, n_assoc):
    """n_assoc concurrent storescu processes (one association each), contiguous shares.
    Wall time from launching the first process to the exit of the last one."""
    chunks = [files[i * len(files) // n_assoc:(i + 1) * len(files) // n_assoc] for i in range(n_assoc)]
    outs = [tempfile.TemporaryFile() for _ in chunks]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(storescu_argv(srv, c), stdout=o, stderr=subprocess.STDOUT, env=DCMTK_ENV)
             for c, o in zip(chunks, outs)]
    for p in procs:
        p.wait()
    wall = time.perf_counter() - t0
    ok = fail = 0
    for o, c in zip(outs, chunks):
        o.seek(0)
        a, b = count_store_results(o.read().decode(errors="replace"))
        ok += a
        fail += b + max(0, len(c) - a - b)  # files that never got a response are failures too
        o.close()
    return {"instances": len(files), "associations": n_assoc, "seconds": round(wall, 3),
            "ok": ok, "failed": fail, "instances_per_s": round(ok / wall, 1)}


def stow(srv, files, batch):
    h = srv.http()
    bodies = [multipart(files[i:i + batch]) for i in range(0, len(files), batch)]
    payload = sum(os.path.getsize(f) for f in files)
    ok = 0
    lat = []
    t0 = time.perf_counter()
    for (body, ctype), i in zip(bodies, range(0, len(files), batch)):
        t = time.perf_counter()
        st, resp = h.request("POST", srv.root + "/studies", body=body,
                             headers={"Content-Type": ctype, "Accept": "application/dicom+json"}, timeout=600)
        lat.append(time.perf_counter() - t)
        ok += stow_result(st, resp, len(files[i:i + batch]))
        if st not in (200, 202):
            log("  STOW HTTP %s: %s" % (st, resp[:300]))
    wall = time.perf_counter() - t0
    h.close()
    return {"instances": len(files), "requests": len(bodies), "payload_mb": round(payload / 1e6, 1),
            "seconds": round(wall, 3), "ok": ok, "failed": len(files) - ok,
            "mb_per_s": round(payload / 1e6 / wall, 1), "request_p50_ms": round(1000 * statistics.median(lat), 1)}


def qido_queries(manifest, level, n, seed):
    import random
    rng = random.Random(seed * 1000 + level)
    loaded = manifest["studies"][:level]
    out = {"patient": [], "accession": [], "date_range": [], "unfiltered": []}
    for _ in range(n):
        s = rng.choice(loaded)
        out["patient"].append(("PatientID=" + s["patient_id"],
                               sum(1 for x in loaded if x["patient_id"] == s["patient_id"])))
        s = rng.choice(loaded)
        out["accession"].append(("AccessionNumber=" + s["accession"],
                                 sum(1 for x in loaded if x["accession"] == s["accession"])))
        s = rng.choice(loaded)
        d = datetime.datetime.strptime(s["study_date"], "%Y%m%d").date()
        lo = (d - datetime.timedelta(days=15)).strftime("%Y%m%d")
        hi = (d + datetime.timedelta(days=15)).strftime("%Y%m%d")
        out["date_range"].append(("StudyDate=%s-%s" % (lo, hi),
                                  sum(1 for x in loaded if lo <= x["study_date"] <= hi)))
        out["unfiltered"].append(("limit=%d" % QIDO_LIMIT, min(level, QIDO_LIMIT)))
    return out


def qido_warmup(srv, manifest, level, sz):
    """Warm-up until steady state, the same rule for both servers: rounds of `qido_warmup_round` requests per
    query type (types interleaved), at least `qido_warmup_min_rounds`; it ends once the median latency of every
    type stayed within 10 % of the previous round's for 3 rounds in a row, or after `qido_warmup_max_rounds`.
    Why not a fixed count: a JVM server compiles its hot paths over thousands of requests (measured with
    bench/qido-cpu.sh: the C2 compiler threads used 40 % of both Custos JVMs' CPU after 1,500 requests and
    faded out after ~5,000), a native one needs none. The first round's p50/p99 (cold) is kept in the results."""
    h = srv.http()
    hdr = {"Accept": "application/dicom+json"}
    n = sz["qido_warmup_round"]
    queries = qido_queries(manifest, level, n * sz["qido_warmup_max_rounds"], 11)
    first, prev, stable, rounds = {}, None, 0, 0
    for r in range(sz["qido_warmup_max_rounds"]):
        med = {}
        for qtype, qs in queries.items():
            lat = []
            for q, _ in qs[r * n:(r + 1) * n]:
                t = time.perf_counter()
                h.request("GET", srv.root + "/studies?" + q, headers=hdr)
                lat.append((time.perf_counter() - t) * 1000)
            med[qtype] = statistics.median(lat)
            if r == 0:
                first[qtype] = {"p50_ms": round(statistics.median(lat), 2), "p99_ms": round(pct(lat, 99), 2)}
        rounds = r + 1
        if prev is not None and all(abs(med[k] - prev[k]) <= 0.1 * prev[k] for k in med):
            stable += 1
        else:
            stable = 0
        prev = med
        if rounds >= sz["qido_warmup_min_rounds"] and stable >= 3:
            break
    h.close()
    return {"rounds": rounds, "requests": rounds * n * len(queries), "steady": stable >= 3, "first_round": first}


def qido(srv, manifest, level, sz):
    h = srv.http()
    res = {"warmup": qido_warmup(srv, manifest, level, sz)}
    hdr = {"Accept": "application/dicom+json"}
    for qtype, qs in qido_queries(manifest, level, sz["qido_n"], 7).items():
        lat, mismatch, errors, total_rows, examples = [], 0, 0, 0, []
        meter = CpuMeter(srv).start()
        for i, (q, expected) in enumerate(qs):
            t = time.perf_counter()
            st, body = h.request("GET", srv.root + "/studies?" + q, headers=hdr)
            dt = time.perf_counter() - t
            lat.append(dt * 1000)
            n = rows(st, body)
            if n < 0:
                errors += 1
            elif n != expected:
                mismatch += 1
            if n != expected and len(examples) < 5:
                examples.append({"query": q, "expected": expected, "got": n, "status": st})
            total_rows += max(n, 0)
        res[qtype] = {"p50_ms": round(statistics.median(lat), 2), "p99_ms": round(pct(lat, 99), 2),
                      "requests": len(lat), "errors": errors, "row_mismatches": mismatch,
                      "mean_rows": round(total_rows / len(lat), 1), "example": qs[0][0],
                      "mismatch_examples": examples}
        # The harness itself is the client here (one request at a time, in this process): not counted.
        res[qtype].update({k: v for k, v in meter.stop(len(lat), "request").items() if not k.startswith("client")})
        if errors or mismatch:
            log("  WARNING %s@%d: %d errors, %d responses with unexpected row count"
                % (qtype, level, errors, mismatch))
    h.close()
    return res


def wait_indexed(srv, level, timeout=600.0):
    """After a bulk load: poll `/studies?offset=<level-1>&limit=1` until it returns a row, i.e. the
    QIDO index holds all `level` studies (an asynchronous index, such as Custos's projection, may
    lag the C-STORE-RSPs). Returns the seconds from the call (= end of the load) until then, or
    None on timeout. QIDO is only timed after this, so it measures a complete index."""
    h = srv.http()
    t0 = time.perf_counter()
    try:
        while True:
            st, body = h.request("GET", "%s/studies?offset=%d&limit=1" % (srv.root, level - 1),
                                 headers={"Accept": "application/dicom+json"})
            dt = time.perf_counter() - t0
            if rows(st, body) == 1:
                return round(dt, 3)
            if dt > timeout:
                return None
            time.sleep(0.05)
    finally:
        h.close()


def wait_visible(h, srv, study_uid):
    """Poll QIDO every POLL_INTERVAL until the study is returned; seconds or None on timeout."""
    t0 = time.perf_counter()
    path = srv.root + "/studies?StudyInstanceUID=" + study_uid
    polls = 0
    while True:
        st, body = h.request("GET", path, headers={"Accept": "application/dicom+json"})
        polls += 1
        now = time.perf_counter()
        if rows(st, body) > 0:
            return now - t0, polls
        if now - t0 > VISIBLE_TIMEOUT:
            return None, polls
        time.sleep(POLL_INTERVAL)


def visibility_cstore(srv, entries):
    """Per probe: one storescu association; the clock starts when storescu logs the
    successful C-STORE-RSP (read live from its verbose output; DCMTK's console logger flushes
    every line, checked: lines arrive as they happen, EOF only after the release), then QIDO is polled."""
    h = srv.http()
    lat, first_poll, fails = [], 0, 0
    for e in entries:
        p = subprocess.Popen(storescu_argv(srv, [os.path.join(DATA, e["file"])]), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=DCMTK_ENV, bufsize=0)
        success = False
        buf = b""
        while True:
            chunk = p.stdout.readline()
            if not chunk:
                break
            buf += chunk
            if b"Received Store Response" in chunk:
                success = b"(Success" in chunk or b"(Warning" in chunk
                break
        if success:
            dt, polls = wait_visible(h, srv, e["study_uid"])
        p.stdout.read()
        p.wait()
        if not success or dt is None:
            fails += 1
            continue
        lat.append(dt * 1000)
        first_poll += polls == 1
    h.close()
    return summarize_visible(lat, fails, first_poll)


def visibility_stow(srv, entries):
    h = srv.http()
    q = srv.http()
    lat, first_poll, fails = [], 0, 0
    for e in entries:
        body, ctype = multipart([os.path.join(DATA, e["file"])])
        st, resp = h.request("POST", srv.root + "/studies", body=body,
                             headers={"Content-Type": ctype, "Accept": "application/dicom+json"})
        if stow_result(st, resp, 1) != 1:
            fails += 1
            continue
        dt, polls = wait_visible(q, srv, e["study_uid"])
        if dt is None:
            fails += 1
            continue
        lat.append(dt * 1000)
        first_poll += polls == 1
    h.close()
    q.close()
    return summarize_visible(lat, fails, first_poll)


def summarize_visible(lat, fails, first_poll):
    if not lat:
        return {"probes": fails, "failed": fails}
    return {"probes": len(lat) + fails, "failed": fails, "p50_ms": round(statistics.median(lat), 2),
            "p99_ms": round(pct(lat, 99), 2), "max_ms": round(max(lat), 2),
            "visible_on_first_poll": first_poll}


def files_of(manifest, kind, a=0, b=None):
    return [os.path.join(DATA, e["file"]) for e in manifest[kind][a:b]]


PHASES = ("cstore_1", "cstore_4", "query", "wado")


def count_parts(body):
    """Parts of a multipart body: the first line is the delimiter, which also opens the closing one."""
    first = body.split(b"\r\n", 1)[0]
    return body.count(first) - 1 if first.startswith(b"--") else 0


def timed(h, path, accept, n, check, warmup=2):
    """n timed GETs after warmup untimed ones; check(status, body) says whether an answer is right."""
    lat, bad = [], 0
    for i in range(warmup + n):
        t = time.perf_counter()
        st, body = h.request("GET", path, headers={"Accept": accept}, timeout=600)
        dt = (time.perf_counter() - t) * 1000
        if not check(st, body):
            bad += 1
        if i >= warmup:
            lat.append(dt)
    return {"p50_ms": round(statistics.median(lat), 2), "p99_ms": round(pct(lat, 99), 2),
            "requests": len(lat), "wrong_answers": bad}


def wado(srv, manifest, sz, res):
    """WADO-RS (PS3.18 10.4) on a 50- and a 500-instance series loaded by C-STORE: series retrieve,
    series metadata (first request = cold caches, then warm), single frames and rendered frames."""
    import random
    rng = random.Random(11)
    for n in WADO_SERIES:
        r = cstore(srv, files_of(manifest, "series%d" % n), 4)
        assert r["failed"] == 0, r
    h = srv.http()
    dicom = 'multipart/related; type="application/dicom"; transfer-syntax=*'
    octets = 'multipart/related; type="application/octet-stream"; transfer-syntax=*'
    try:
        for n in WADO_SERIES:
            entries = manifest["series%d" % n]
            base = "%s/studies/%s/series/%s" % (srv.root, entries[0]["study_uid"], entries[0]["series_uid"])
            t = time.perf_counter()
            st, body = h.request("GET", base + "/metadata", headers={"Accept": "application/dicom+json"})
            first = round((time.perf_counter() - t) * 1000, 2)
            assert st == 200 and len(json.loads(body)) == n, (st, body[:200])
            res["wado_metadata_%d" % n] = timed(h, base + "/metadata", "application/dicom+json",
                                                 sz["wado_metadata"], lambda st, b: st == 200 and len(json.loads(b)) == n)
            res["wado_metadata_%d" % n]["first_ms"] = first
            res["wado_retrieve_%d" % n] = timed(h, base, dicom, sz["wado_retrieve_%d" % n],
                                                lambda st, b: st == 200 and count_parts(b) == n, warmup=1)
        entries = manifest["series500"]
        base = "%s/studies/%s/series/%s/instances/" % (srv.root, entries[0]["study_uid"], entries[0]["series_uid"])
        frame_paths = [base + rng.choice(entries)["sop_uid"] + "/frames/1" for _ in range(sz["wado_frames"] + 2)]
        lat, bad = [], 0
        for i, p in enumerate(frame_paths):
            t = time.perf_counter()
            st, body = h.request("GET", p, headers={"Accept": octets})
            if i >= 2:
                lat.append((time.perf_counter() - t) * 1000)
            bad += 0 if st == 200 and count_parts(body) == 1 else 1
        res["wado_frame"] = {"p50_ms": round(statistics.median(lat), 2), "p99_ms": round(pct(lat, 99), 2),
                             "requests": len(lat), "wrong_answers": bad}
        rendered = base + entries[7]["sop_uid"] + "/rendered"
        res["wado_rendered"] = timed(h, rendered, "image/jpeg", sz["wado_rendered"],
                                     lambda st, b: st == 200 and b[:2] == b"\xff\xd8")
    finally:
        h.close()


def run_phase(srv, phase, manifest, sz, res):
    """One phase on a freshly started server. Fills res as it goes, so a failure keeps the
    numbers of earlier phases."""
    with open("/proc/loadavg") as f:
        res.setdefault("loadavg_at_phase_start", {})[phase] = f.read().split()[0]
    warm = files_of(manifest, "warmup", 0, sz["warmup"])
    if phase.startswith("cstore_"):
        n_assoc = int(phase.split("_")[1])
        log("%s: fresh start for C-STORE ingest, %d association(s)" % (srv.name, n_assoc))
        srv.start(phase)
        try:
            w = cstore(srv, warm, n_assoc)
            log("  warm-up: %d/%d stored" % (w["ok"], len(warm)))
            meter = CpuMeter(srv).start()
            r = cstore(srv, files_of(manifest, "studies", 0, sz["ingest"]), n_assoc)
            r.update(meter.stop(r["ok"], "instance"))
            log("  %d instances in %.2f s = %.1f inst/s (%d failed); CPU ms per instance: server %.2f, "
                "storescu %.2f; host busy %.0f %%"
                % (r["ok"], r["seconds"], r["instances_per_s"], r["failed"], r["server_cpu_ms_per_instance"],
                   r["client_cpu_ms_per_instance"], 100 * r["host_busy_fraction"]))
            res[phase] = r
        finally:
            srv.stop()
        return

    if phase == "wado":
        log("%s: fresh start for WADO-RS" % srv.name)
        srv.start(phase)
        try:
            wado(srv, manifest, sz, res)
            for k in ("wado_metadata_50", "wado_metadata_500", "wado_retrieve_50", "wado_retrieve_500",
                      "wado_frame", "wado_rendered"):
                v = res[k]
                log("  %-18s p50 %s p99 %s ms (first %s ms, %d wrong)"
                    % (k, v["p50_ms"], v["p99_ms"], v.get("first_ms", "-"), v["wrong_answers"]))
        finally:
            srv.stop()
        return

    log("%s: fresh start for QIDO / STOW-RS / ingest-to-visible" % srv.name)
    srv.start(phase)
    try:
        small, large = sz["qido_small"], sz["qido_large"]
        r = cstore(srv, files_of(manifest, "studies", 0, small), 1)
        assert r["failed"] == 0, r
        res["index_catchup_%d" % small] = wait_indexed(srv, small)
        log("  loaded %d studies (all in the QIDO index %s s after the last C-STORE-RSP); "
            "QIDO warm-up to steady state, then %d timed per query type"
            % (small, res["index_catchup_%d" % small], sz["qido_n"]))
        res["qido_%d" % small] = qido(srv, manifest, small, sz)
        log("  QIDO @%d warm-up: %s" % (small, res["qido_%d" % small]["warmup"]))
        r = cstore(srv, files_of(manifest, "studies", small, large), 4)
        assert r["failed"] == 0, r
        res["index_catchup_%d" % large] = wait_indexed(srv, large)
        log("  loaded %d studies (all in the QIDO index %s s after the last C-STORE-RSP)"
            % (large, res["index_catchup_%d" % large]))
        res["qido_%d" % large] = qido(srv, manifest, large, sz)
        log("  QIDO @%d warm-up: %s" % (large, res["qido_%d" % large]["warmup"]))
        for qt in ("patient", "accession", "date_range", "unfiltered"):
            log("  QIDO %-10s @%d p50 %.2f p99 %.2f ms | @%d p50 %.2f p99 %.2f ms" % (
                qt, small, res["qido_%d" % small][qt]["p50_ms"], res["qido_%d" % small][qt]["p99_ms"],
                large, res["qido_%d" % large][qt]["p50_ms"], res["qido_%d" % large][qt]["p99_ms"]))
        stow_warm = warm[:sz["stow_warmup"]]
        w = stow(srv, stow_warm, sz["stow_batch"])
        log("  STOW warm-up: %d/%d stored" % (w["ok"], len(stow_warm)))
        r = stow(srv, files_of(manifest, "stow", 0, sz["stow"]), sz["stow_batch"])
        log("  STOW-RS %.1f MB in %.2f s = %.1f MB/s (%d failed)"
            % (r["payload_mb"], r["seconds"], r["mb_per_s"], r["failed"]))
        res["stow"] = r
        pr = manifest["probes"]
        n = sz["probes"]
        res["visible_cstore"] = visibility_cstore(srv, pr[:n])
        res["visible_stow"] = visibility_stow(srv, pr[100:100 + n])
        for k in ("visible_cstore", "visible_stow"):
            v = res[k]
            log("  %s: p50 %s p99 %s ms (%d failed)" % (k, v.get("p50_ms"), v.get("p99_ms"), v["failed"]))
    finally:
        srv.stop()


# ---------------------------------------------------------------------------- report

def metrics(sz):
    m = [("cstore_1.instances_per_s", "C-STORE ingest, 1 association", "inst/s", "higher"),
         ("cstore_4.instances_per_s", "C-STORE ingest, 4 associations", "inst/s", "higher"),
         ("stow.mb_per_s", "STOW-RS throughput", "MB/s", "higher")]
    for lvl in (sz["qido_small"], sz["qido_large"]):
        for qt, lbl in (("patient", "by PatientID"), ("accession", "by AccessionNumber"),
                        ("date_range", "by StudyDate range"), ("unfiltered", "unfiltered limit=%d" % QIDO_LIMIT)):
            for p in ("p50", "p99"):
                m.append(("qido_%d.%s.%s_ms" % (lvl, qt, p), "QIDO %s @%d studies %s" % (lbl, lvl, p), "ms", "lower"))
    for qt in ("patient", "accession", "date_range", "unfiltered"):
        for p in ("p50", "p99"):
            m.append(("qido_%d.warmup.first_round.%s.%s_ms" % (sz["qido_small"], qt, p),
                      "QIDO %s @%d studies %s, cold (first warm-up round after start)" % (qt, sz["qido_small"], p),
                      "ms", "lower"))
    for lvl in (sz["qido_small"], sz["qido_large"]):
        m.append(("qido_%d.warmup.requests" % lvl, "QIDO warm-up requests until steady @%d studies" % lvl,
                  "count", "lower"))
    for k, lbl in (("visible_cstore", "C-STORE"), ("visible_stow", "STOW-RS")):
        for p in ("p50", "p99"):
            m.append(("%s.%s_ms" % (k, p), "Ingest-to-visible after %s %s" % (lbl, p), "ms", "lower"))
    for lvl in (sz["qido_small"], sz["qido_large"]):
        m.append(("index_catchup_%d" % lvl, "QIDO index complete after loading %d studies" % lvl, "s", "lower"))
    for n in WADO_SERIES:
        m.append(("wado_retrieve_%d.p50_ms" % n, "WADO-RS series retrieve, %d instances, p50" % n, "ms", "lower"))
        m.append(("wado_retrieve_%d.p99_ms" % n, "WADO-RS series retrieve, %d instances, p99" % n, "ms", "lower"))
        m.append(("wado_metadata_%d.first_ms" % n, "WADO-RS series metadata, %d instances, first request" % n,
                  "ms", "lower"))
        m.append(("wado_metadata_%d.p50_ms" % n, "WADO-RS series metadata, %d instances, p50" % n, "ms", "lower"))
        m.append(("wado_metadata_%d.p99_ms" % n, "WADO-RS series metadata, %d instances, p99" % n, "ms", "lower"))
    m += [("wado_frame.p50_ms", "WADO-RS single frame p50", "ms", "lower"),
          ("wado_frame.p99_ms", "WADO-RS single frame p99", "ms", "lower"),
          ("wado_rendered.p50_ms", "WADO-RS rendered frame (JPEG) p50", "ms", "lower")]
    for n in (1, 4):
        m.append(("cstore_%d.server_cpu_ms_per_instance" % n,
                  "C-STORE %d assoc: server CPU per instance (all its processes)" % n, "ms", "lower"))
        m.append(("cstore_%d.client_cpu_ms_per_instance" % n, "C-STORE %d assoc: storescu CPU per instance" % n,
                  "ms", "lower"))
        m.append(("cstore_%d.host_busy_fraction" % n, "C-STORE %d assoc: host CPU busy (both cores)" % n,
                  "fraction", "lower"))
    for lvl in (sz["qido_small"], sz["qido_large"]):
        for qt in ("patient", "accession", "date_range", "unfiltered"):
            m.append(("qido_%d.%s.server_cpu_ms_per_request" % (lvl, qt),
                      "QIDO %s @%d studies: server CPU per request" % (qt, lvl), "ms", "lower"))
    m += [("cstore_1.failed", "C-STORE failures, 1 assoc", "count", "lower"),
          ("cstore_4.failed", "C-STORE failures, 4 assoc", "count", "lower"),
          ("stow.failed", "STOW-RS failures", "count", "lower")]
    return m


def get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def machine_info():
    def cmd(argv):
        try:
            r = subprocess.run(argv, capture_output=True, text=True)
            return (r.stdout + r.stderr).strip()
        except OSError:
            return "n/a"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 1048576)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
            "java": cmd(["java", "-version"]).splitlines()[0] if shutil.which("java") else "not found",
            "orthanc_binary": cmd(["Orthanc", "--version"]).splitlines()[0],
            "dcmtk": cmd(["storescu", "--version"]).splitlines()[0],
            "python": platform.python_version(),
            "loadavg_at_start": open("/proc/loadavg").read().split()[:3]}


def fmt(v):
    if v is None:
        return "—"
    return ("%.2f" % v) if isinstance(v, float) else str(v)


def report(results, sz, args, info, started):
    lines = ["# Custos vs Orthanc benchmark — %s" % started, "",
             "Mode: %s. Ratio = Custos / Orthanc (for throughput higher is better, for latency lower is better)."
             % (("quick (reduced sizes)" if args.quick else "full")
                + ("" if args.phases == ",".join(PHASES) else ", phases %s only" % args.phases)), "",
             "| Metric | Unit | Orthanc | Custos | Custos/Orthanc | Better |",
             "|---|---|---:|---:|---:|---|"]
    table = []
    for key, label, unit, better in metrics(sz):
        o, c = get(results.get("orthanc", {}), key), get(results.get("custos", {}), key)
        ratio = None
        if isinstance(o, (int, float)) and isinstance(c, (int, float)) and o:
            ratio = round(c / o, 3)
        table.append({"metric": key, "label": label, "unit": unit, "better": better,
                      "orthanc": o, "custos": c, "ratio_custos_over_orthanc": ratio})
        lines.append("| %s | %s | %s | %s | %s | %s |" % (label, unit, fmt(o), fmt(c), fmt(ratio), better))
    lines += ["", "## Sizes", "", "```", json.dumps(sz), "```", "", "## Machine", ""]
    lines += ["- %s: %s" % (k, v) for k, v in info.items()]
    for name in ("orthanc", "custos"):
        if name in results:
            lines.append("- %s: %s" % (name, results[name].get("server", "?")))
    lines += ["", "## Checks", ""]
    for name, r in results.items():
        if "error" in r:
            lines.append("- %s: ERROR %s" % (name, r["error"]))
        lines.append("- %s: 1-min load average at phase start %s"
                     % (name, json.dumps(r.get("loadavg_at_phase_start", {}))))
        for lvl in (sz["qido_small"], sz["qido_large"]):
            for qt, q in (r.get("qido_%d" % lvl) or {}).items():
                if qt == "warmup":
                    lines.append("- %s: QIDO @%d warm-up %d requests (%d rounds), %s" % (
                        name, lvl, q["requests"], q["rounds"],
                        "steady" if q["steady"] else "not steady by the 10 % rule when the rounds ran out"))
                elif q["errors"] or q["row_mismatches"]:
                    lines.append("- %s: QIDO %s @%d: %d HTTP errors, %d responses with a row count "
                                 "different from the manifest; e.g. %s"
                                 % (name, qt, lvl, q["errors"], q["row_mismatches"],
                                    json.dumps(q.get("mismatch_examples", [])[:3])))
        for k in ("visible_cstore", "visible_stow"):
            v = r.get(k)
            if v:
                lines.append("- %s: %s probes %d, failed %d, visible on first poll %s"
                             % (name, k, v["probes"], v["failed"], v.get("visible_on_first_poll")))
        for k in sorted(x for x in r if x.startswith("wado_")):
            if r[k].get("wrong_answers"):
                lines.append("- %s: %s: %d wrong answers (status or part/array count)" % (name, k, r[k]["wrong_answers"]))
    return "\n".join(lines) + "\n", table


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", choices=("orthanc", "custos"), help="measure a single system")
    ap.add_argument("--quick", action="store_true", help="reduced sizes for validating the harness")
    ap.add_argument("--phases", default=",".join(PHASES),
                    help="comma-separated subset of %s (default: all)" % ",".join(PHASES))
    args = ap.parse_args()
    sz = QUICK if args.quick else FULL
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout.splitlines()
    if os.environ.get("BENCH_IN_NETNS") != "1" or any(": lo:" not in l for l in links):
        sys.exit("refusing to run outside the private network namespace: use bench/run.sh")
    with open(os.path.join(DATA, "manifest.json")) as f:
        manifest = json.load(f)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    started = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    info = machine_info()
    systems = [("orthanc", Orthanc), ("custos", Custos)]
    if args.only:
        systems = [s for s in systems if s[0] == args.only]
    results = {k: {} for k, _ in systems}
    servers = {}
    for key, cls in systems:
        try:
            servers[key] = cls()
        except RuntimeError as e:
            results[key]["error"] = str(e)
    # Phases are interleaved and the order alternates (O,C / C,O / O,C) so that background
    # load drifting on a shared machine hits both systems alike.
    phases = [p for p in PHASES if p in args.phases.split(",")]
    if not phases:
        sys.exit("--phases: none of %s" % ",".join(PHASES))
    for i, phase in enumerate(phases):
        order = systems if i % 2 == 0 else systems[::-1]
        for key, _ in order:
            if "error" in results[key]:
                continue
            srv = servers[key]
            try:
                run_phase(srv, phase, manifest, sz, results[key])
            except (RuntimeError, AssertionError, OSError, ValueError, http.client.HTTPException) as e:
                log("%s FAILED in phase %s: %s" % (key, phase, e))
                results[key]["error"] = "phase %s: %s: %s" % (phase, type(e).__name__, e)
            finally:
                srv.stop()
    for key, srv in servers.items():
        results[key]["server"] = srv.describe()
    os.makedirs(RESULTS, exist_ok=True)
    base = os.path.join(RESULTS, started + ("-quick" if args.quick else ""))
    run = {"started": started, "quick": args.quick, "phases": args.phases, "sizes": sz, "machine": info,
           "raw": results}
    # The raw numbers first: a failure while writing the report must not lose a run.
    with open(base + ".json", "w") as f:
        json.dump(run, f, indent=2)
    md, table = report(results, sz, args, info, started)
    with open(base + ".md", "w") as f:
        f.write(md)
    with open(base + ".json", "w") as f:
        json.dump(dict(run, table=table), f, indent=2)
    print()
    print(md)
    log("written %s.md and %s.json" % (base, base))
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
