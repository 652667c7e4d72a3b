#!/usr/bin/python3
"""Full research export of one CT study (issue 6): ingest a synthetic N-slice CT study, then time export
requests from approval to COMPLETED (header de-identification, the OCR pixel path on every slice, DICOM and
NIfTI written, de-id report, manifest, sealing). dcm2niix on the same slices is timed as a reference point for
the volume conversion alone.

Usage (from the repository root; stdlib + Debian's python3-pydicom/numpy, dcmtk, dcm2niix):
    flock /work/wt/bench.lock bench/export-study.py [--instances 500] [--runs 3]
Runs inside a private network namespace like bench/run.sh (re-executes itself under `unshare -n`).
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (the side-by-side harness: server start, tokens, storescu)

SEED = 20261207
DIM = 512


def generate(out, n):
    """N single-frame CT slices of one study, 512x512 16-bit, 1.25 mm apart, with PHI in the header."""
    import numpy as np
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian
    marker = os.path.join(out, "done-%d" % n)
    if os.path.exists(marker):
        return sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".dcm"))[:n]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    yy, xx = np.mgrid[0:DIM, 0:DIM]
    body = ((xx - DIM / 2) ** 2 / (0.42 * DIM) ** 2 + (yy - DIM / 2) ** 2 / (0.34 * DIM) ** 2) <= 1
    study, series, frame = ("2.25.%d" % (SEED * 1000 + k) for k in (1, 2, 3))
    paths = []
    for i in range(n):
        pixels = np.where(body, 40, -1000).astype(np.int16)
        r = 60 + 30 * np.sin(i / 40)
        organ = (xx - DIM * 0.4) ** 2 + (yy - DIM * 0.5) ** 2 <= r * r
        pixels[organ] = 300
        pixels = (pixels + rng.integers(-20, 20, size=pixels.shape)).astype(np.int16)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        meta.MediaStorageSOPInstanceUID = "2.25.%d" % (SEED * 100000 + 10 + i)
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "Benchmark^Export", "EXP-0001", "19600101", "O"
        ds.AccessionNumber, ds.InstitutionName = "ACC-EXP-1", "Bench Hospital"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.StudyDate, ds.StudyTime, ds.SeriesDate, ds.ContentDate = "20260301", "101500", "20260301", "20260301"
        ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "1", 1, i + 1
        ds.Modality, ds.StudyDescription, ds.SeriesDescription = "CT", "CT CHEST", "AXIAL 1.25"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [-160.0, -160.0, -300.0 + 1.25 * i]
        ds.PixelSpacing, ds.SliceThickness = [0.625, 0.625], 1.25
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows = ds.Columns = DIM
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope = 0, 1
        ds.WindowCenter, ds.WindowWidth = 40, 400
        ds.PixelData = pixels.tobytes()
        path = os.path.join(out, "%04d.dcm" % i)
        ds.is_little_endian, ds.is_implicit_VR = True, False
        pydicom.dcmwrite(path, ds, write_like_original=False)
        paths.append(path)
    open(marker, "w").close()
    return paths


def token(srv, subject, role):
    env = dict(os.environ, CUSTOS_DATA_DIR=srv.data_dir)
    r = subprocess.run(["./custos", "token", "--subject", subject, "--role", role, "--tenant", "default",
                        "--region", "local", "--ttl", "2h"], cwd=bench.REPO, env=env, capture_output=True, text=True)
    lines = [line.strip() for line in r.stdout.splitlines() if line.strip()]
    if r.returncode != 0 or not lines:
        raise RuntimeError("token for %s failed: %s" % (role, r.stderr[-500:]))
    return "Bearer " + lines[-1]


def call(srv, auth, method, path, body=None, accept="application/json"):
    h = bench.Http(srv.http_port, lambda: auth)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Accept": accept}
    if data is not None:
        headers["Content-Type"] = "application/json"
    status, answer = h.request(method, path, body=data, headers=headers, timeout=60)
    h.close()
    return status, (json.loads(answer) if answer else {})


def export_once(srv, researcher, steward, study, project):
    st, created = call(srv, researcher, "POST", "/exports",
                       {"project": project, "protocol": "BENCH-1", "studies": [study], "nifti": True,
                        "profileOptions": ["RETAIN_LONGITUDINAL_MODIFIED_DATES", "CLEAN_DESCRIPTORS"]})
    if st != 201:
        raise RuntimeError("export request: HTTP %s %s" % (st, created))
    uuid = created["exportId"]
    t0 = time.perf_counter()
    st, decided = call(srv, steward, "POST", "/exports/%s/decision" % uuid, {"approve": True})
    if st != 200:
        raise RuntimeError("approval: HTTP %s %s" % (st, decided))
    while True:
        st, status = call(srv, researcher, "GET", "/exports/%s" % uuid)
        state = status.get("state")
        if state in ("COMPLETED", "FAILED"):
            break
        if time.perf_counter() - t0 > 3600:
            raise RuntimeError("export not finished after an hour")
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    if state != "COMPLETED":
        raise RuntimeError("export %s ended %s: %s" % (uuid, state, status))
    return uuid, seconds, status


def export_dir_stats(srv, uuid):
    root = os.path.join(srv.data_dir, "exports", "default", uuid)
    files = size = 0
    for d, _, names in os.walk(root):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(d, name))
    return files, size


def dcm2niix_seconds(paths):
    with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
        for p in paths:
            os.symlink(p, os.path.join(src, os.path.basename(p)))
        t0 = time.perf_counter()
        subprocess.run(["dcm2niix", "-z", "y", "-o", out, src], check=True, capture_output=True)
        return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if os.environ.get("BENCH_IN_NETNS") != "1":
        os.execvp("unshare", ["unshare", "-n", "env", "BENCH_IN_NETNS=1", sys.executable] + sys.argv)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    paths = generate(os.path.join(bench.WORK, "export-ct"), args.instances)
    started = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    load_before = os.getloadavg()
    srv = bench.Custos()
    lines = []
    try:
        srv.start("export")
        ingest = bench.cstore(srv, paths, 1)
        if ingest["ok"] != len(paths):
            raise RuntimeError("ingest: %s" % ingest)
        study = "2.25.%d" % (SEED * 1000 + 1)
        researcher, steward = token(srv, "rita", "researcher"), token(srv, "stew", "data-steward")
        service = token(srv, "svc", "service")
        deadline = time.time() + 120
        while True:  # a request names studies of the index: wait until all slices are indexed
            st, rows = call(srv, service, "GET", "/dicom-web/studies?StudyInstanceUID=%s" % study,
                            accept="application/dicom+json")
            counted = rows[0].get("00201208", {}).get("Value", [0])[0] if st == 200 and rows else 0
            if counted == len(paths):
                break
            if time.time() > deadline:
                raise RuntimeError("study not fully indexed after 120 s (%s instances)" % counted)
            time.sleep(0.5)
        _, warm_s, _ = export_once(srv, researcher, steward, study, "bench-warmup")
        timings = []
        for run in range(args.runs):
            uuid, seconds, status = export_once(srv, researcher, steward, study, "bench-%d" % run)
            files, size = export_dir_stats(srv, uuid)
            timings.append(seconds)
            lines.append("| %d | %.1f | %.1f | %d | %.1f | %s |" % (
                run + 1, seconds, args.instances / seconds, files, size / 1e6,
                json.dumps({k: status.get(k) for k in ("studiesDone", "instancesExported", "instancesExcluded")
                            if k in status})))
    finally:
        srv.stop()
    niix = [dcm2niix_seconds(paths) for _ in range(3)]
    load_after = os.getloadavg()
    report = ["# Full research export of one %d-slice CT study (%s)" % (args.instances, started), "",
              "command: `bench/export-study.py --instances %d --runs %d`; load before %.2f, after %.2f; "
              "ingest by storescu: %.1f inst/s" % (args.instances, args.runs, load_before[0], load_after[0],
                                                   ingest["instances_per_s"]), "",
              "warm-up export: %.1f s" % warm_s, "",
              "| run | approval to COMPLETED s | instances/s | files | MB | status |", "|---|---:|---:|---:|---:|---|"]
    report += lines
    report += ["", "median: **%.1f s**, %.1f instances/s" % (statistics.median(timings),
                                                               args.instances / statistics.median(timings)),
               "", "reference, dcm2niix on the same %d slices (NIfTI only, no de-identification): median %.2f s"
               % (args.instances, statistics.median(niix))]
    text = "\n".join(report) + "\n"
    os.makedirs(bench.RESULTS, exist_ok=True)
    with open(os.path.join(bench.RESULTS, started + "-export-study.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
