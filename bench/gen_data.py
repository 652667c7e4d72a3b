#!/usr/bin/python3
"""Deterministic synthetic DICOM data set for the Custos/Orthanc benchmark.

Layout (under OUT, default bench/work/data):
  studies/NNNNN.dcm   2,000 MR instances, 140x140x16-bit (~40 KB), one study each
  stow/NNN.dcm        50 DX instances, 1414x1414x16-bit (~4 MB, ~200 MB total), 10 studies x 5
  probes/NNN.dcm      200 MR instances like studies/, one study each (ingest-to-visible)
  warmup/NNNN.dcm    9000 MR instances like studies/, one study each (warm-up traffic only)
  series50/NNN.dcm    one MR series of 50 instances like studies/ (WADO-RS)
  series500/NNN.dcm   one MR series of 500 instances like studies/ (WADO-RS)
  manifest.json       per-file metadata (UIDs, PatientID, AccessionNumber, StudyDate, size)

Everything is derived from SEED, so two runs (or two machines) get byte-identical files.
Needs the system python3 with pydicom + numpy (Debian python3-pydicom).
"""
import datetime
import json
import os
import random
import sys
import uuid

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

SEED = 20240611
VERSION = 7  # bump when the shape of the data set changes
N_STUDIES = 2000
N_PATIENTS = 700
N_STOW = 50
STOW_PER_STUDY = 5
N_PROBES = 200
N_WARMUP = 9000
WADO_SERIES = (50, 500)
SMALL_DIM = 140          # 140*140*2 = 39,200 bytes of pixels -> ~40.6 KB file
LARGE_DIM = 1414         # 1414*1414*2 = 3,998,792 bytes -> ~4.0 MB file
MR_SOP = "1.2.840.10008.5.1.4.1.1.4"
DX_SOP = "1.2.840.10008.5.1.4.1.1.1.1"
DATE0 = datetime.date(2019, 1, 1)
DATE_SPAN_DAYS = 5 * 365

FIRST = ["ANNA", "BERT", "CARLA", "DIRK", "EVA", "FRANK", "GRETA", "HANS", "INES", "JONAS",
         "KARIN", "LUKAS", "MARIA", "NILS", "OLGA", "PAUL", "RITA", "SVEN", "TINA", "UWE"]
LAST = ["MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER",
        "SCHULZ", "HOFFMANN", "KOCH", "RICHTER", "KLEIN", "WOLF", "NEUMANN", "BRAUN"]
MR_DESC = ["MR BRAIN W/O CONTRAST", "MR KNEE LEFT", "MR LUMBAR SPINE", "MR SHOULDER RIGHT",
           "MR ABDOMEN", "MR CERVICAL SPINE", "MR PELVIS", "MR HEAD ANGIO"]
SERIES_DESC = ["T1 SAG", "T2 AX", "FLAIR AX", "PD FS COR", "DWI", "T2 COR"]


def uid(rng):
    return "2.25.%d" % uuid.UUID(int=rng.getrandbits(128), version=4).int


def base_dataset(rng, sop_class, patient, study, series_no, inst_no, modality):
    sop_uid = uid(rng)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.10.1453.1"
    meta.ImplementationVersionName = "CUSTOS_BENCH"
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = study["date"]
    ds.SeriesDate = study["date"]
    ds.ContentDate = study["date"]
    ds.StudyTime = study["time"]
    ds.SeriesTime = study["time"]
    ds.ContentTime = study["time"]
    ds.AccessionNumber = study["accession"]
    ds.Modality = modality
    ds.Manufacturer = "CUSTOS BENCH"
    ds.InstitutionName = "BENCH GENERAL HOSPITAL"
    ds.ReferringPhysicianName = study["referrer"]
    ds.StationName = "BENCH%02d" % rng.randrange(1, 9)
    ds.StudyDescription = study["description"]
    ds.SeriesDescription = rng.choice(SERIES_DESC) if modality == "MR" else "DX CHEST PA"
    ds.PatientName = patient["name"]
    ds.PatientID = patient["id"]
    ds.IssuerOfPatientID = "BENCH"
    ds.PatientBirthDate = patient["birth"]
    ds.PatientSex = patient["sex"]
    ds.StudyInstanceUID = study["uid"]
    ds.SeriesInstanceUID = study["series_uids"][series_no - 1]
    ds.StudyID = study["study_id"]
    ds.SeriesNumber = series_no
    ds.InstanceNumber = inst_no
    ds.PatientOrientation = ""
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 1024
    ds.WindowWidth = 2048
    return ds


def pixels(seed, dim):
    g = np.random.default_rng(seed)
    y, x = np.mgrid[0:dim, 0:dim]
    img = (2048 + 1500 * np.sin(x / (dim / 7.0)) * np.cos(y / (dim / 5.0))).astype(np.int32)
    img += g.integers(-200, 200, size=(dim, dim), dtype=np.int32)
    return np.clip(img, 0, 4095).astype("<u2").tobytes()


def make_study(rng, idx, patient, description, n_series=1):
    d = DATE0 + datetime.timedelta(days=rng.randrange(DATE_SPAN_DAYS))
    return {
        "uid": uid(rng),
        "series_uids": [uid(rng) for _ in range(n_series)],
        "date": d.strftime("%Y%m%d"),
        "time": "%02d%02d%02d" % (rng.randrange(7, 19), rng.randrange(60), rng.randrange(60)),
        "accession": "A%09d" % (100000000 + idx),
        "study_id": str(idx),
        "referrer": "%s^%s" % (rng.choice(LAST), rng.choice(FIRST)),
        "description": description,
        "patient": patient["id"],
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "work", "data")
    mpath = os.path.join(out, "manifest.json")
    if os.path.exists(mpath):
        with open(mpath) as f:
            m = json.load(f)
        if m.get("version") == VERSION and m.get("seed") == SEED and m.get("complete"):
            print("data set present: %s (%d studies, %d stow, %d probes)"
                  % (out, len(m["studies"]), len(m["stow"]), len(m["probes"])))
            return
    for sub in ("studies", "stow", "probes", "warmup") + tuple("series%d" % n for n in WADO_SERIES):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    rng = random.Random(SEED)
    patients = []
    for p in range(N_PATIENTS):
        b = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 70))
        patients.append({"id": "BP%06d" % (p + 1),
                         "name": "%s^%s" % (rng.choice(LAST), rng.choice(FIRST)),
                         "birth": b.strftime("%Y%m%d"), "sex": rng.choice("MF")})
    manifest = {"version": VERSION, "seed": SEED, "studies": [], "stow": [], "probes": [], "warmup": []}
    manifest.update({"series%d" % n: [] for n in WADO_SERIES})

    def emit(kind, i, ds, study, fname):
        path = os.path.join(out, kind, fname)
        ds.save_as(path, write_like_original=False)
        manifest[kind].append({"file": os.path.join(kind, fname), "study_uid": study["uid"],
                               "sop_uid": ds.SOPInstanceUID, "patient_id": study["patient"],
                               "accession": study["accession"], "study_date": study["date"],
                               "size": os.path.getsize(path)})

    # 2,000 single-instance MR studies; patients drawn with a skew (some patients have many studies)
    for i in range(N_STUDIES):
        pat = patients[min(int(rng.expovariate(1.0 / 250)), N_PATIENTS - 1)]
        st = make_study(rng, i, pat, rng.choice(MR_DESC))
        ds = base_dataset(rng, MR_SOP, pat, st, 1, 1, "MR")
        ds.Rows = ds.Columns = SMALL_DIM
        ds.PixelSpacing = [1.2, 1.2]
        ds.SliceThickness = 4.0
        ds.MagneticFieldStrength = 1.5
        ds.PixelData = pixels(SEED + i, SMALL_DIM)
        emit("studies", i, ds, st, "%05d.dcm" % i)
    # ~200 MB for STOW-RS: 10 studies x 5 DX instances of ~4 MB
    st = None
    for i in range(N_STOW):
        if i % STOW_PER_STUDY == 0:
            pat = rng.choice(patients)
            st = make_study(rng, 10000 + i, pat, "DX CHEST 2 VIEWS")
        ds = base_dataset(rng, DX_SOP, pat, st, 1, i % STOW_PER_STUDY + 1, "DX")
        ds.Rows = ds.Columns = LARGE_DIM
        ds.ImagerPixelSpacing = [0.3, 0.3]
        ds.PresentationIntentType = "FOR PRESENTATION"
        ds.PixelData = pixels(SEED + 50000 + i, LARGE_DIM)
        emit("stow", i, ds, st, "%03d.dcm" % i)
    # probes for ingest-to-visible: fresh studies never loaded before
    for i in range(N_PROBES):
        pat = rng.choice(patients)
        st = make_study(rng, 20000 + i, pat, rng.choice(MR_DESC))
        ds = base_dataset(rng, MR_SOP, pat, st, 1, 1, "MR")
        ds.Rows = ds.Columns = SMALL_DIM
        ds.PixelSpacing = [1.2, 1.2]
        ds.PixelData = pixels(SEED + 90000 + i, SMALL_DIM)
        emit("probes", i, ds, st, "%03d.dcm" % i)
    # warm-up traffic (C-STORE and STOW-RS warm-up), never part of a timed set
    for i in range(N_WARMUP):
        pat = rng.choice(patients)
        st = make_study(rng, 30000 + i, pat, rng.choice(MR_DESC))
        ds = base_dataset(rng, MR_SOP, pat, st, 1, 1, "MR")
        ds.Rows = ds.Columns = SMALL_DIM
        ds.PixelSpacing = [1.2, 1.2]
        ds.PixelData = pixels(SEED + 95000 + i, SMALL_DIM)
        emit("warmup", i, ds, st, "%04d.dcm" % i)
    # WADO-RS: one series per size, one study each, instance numbers 1..n (what a viewer opens)
    for n in WADO_SERIES:
        pat = rng.choice(patients)
        st = make_study(rng, 40000 + n, pat, rng.choice(MR_DESC))
        for i in range(n):
            ds = base_dataset(rng, MR_SOP, pat, st, 1, i + 1, "MR")
            ds.Rows = ds.Columns = SMALL_DIM
            ds.PixelSpacing = [1.2, 1.2]
            ds.SliceThickness = 4.0
            ds.PixelData = pixels(SEED + 100000 + n * 1000 + i, SMALL_DIM)
            emit("series%d" % n, i, ds, st, "%03d.dcm" % i)
            manifest["series%d" % n][-1]["series_uid"] = ds.SeriesInstanceUID
    manifest["complete"] = True
    with open(mpath, "w") as f:
        json.dump(manifest, f)
    tot = lambda k: sum(e["size"] for e in manifest[k])
    print("generated %s: studies %d files %.1f MB, stow %d files %.1f MB, probes %d, warmup %d"
          % (out, len(manifest["studies"]), tot("studies") / 1e6, len(manifest["stow"]),
             tot("stow") / 1e6, len(manifest["probes"]), len(manifest["warmup"])))


if __name__ == "__main__":
    main()
