"""WADO-RS metadata read by an independent DICOMweb client: pydicom's DICOM JSON reader (PS3.18 Annex F).

For every pair "<metadata.json> <original.dcm>" listed in the file given as argument, the metadata is parsed
with pydicom.Dataset.from_json and compared, element by element and at every sequence depth, with the
original file as pydicom.dcmread reads it. Bulk data (BulkDataURI) is only checked to be announced for an
element that exists. Prints one line per disagreement, with file, tag path and kind but never a value (values
may be patient identifiers), then "compared N disagreements M"; exits 1 on any disagreement.
"""
import json
import struct
import sys

import pydicom
from pydicom import config
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName
from pydicom.values import convert_value

NUMERIC_TEXT = {"DS", "IS"}
# Not compared, by design: values are delivered in Unicode (JSON is UTF-8), so the archive states ISO_IR 192
# as SpecificCharacterSet; Data Set Trailing Padding carries no information and is not part of the metadata.
NOT_COMPARED = {0x00080005, 0xFFFCFFFC}
BINARY = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}


def norm(vr, value):
    """A comparable form of an element value as pydicom represents it."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    values = list(value) if isinstance(value, (MultiValue, list, tuple)) else [value]
    if vr == "FL":
        # A 32-bit float: the JSON number is the shortest decimal of the float, not of its widened double.
        return [None if v in (None, "") else struct.unpack("<f", struct.pack("<f", float(v)))[0] for v in values]
    if vr in NUMERIC_TEXT or vr in {"FD", "SL", "SS", "UL", "US", "SV", "UV"}:
        return [None if v in (None, "") else float(v) for v in values]
    if vr == "PN":
        return [str(PersonName(v)) if v not in (None, "") else "" for v in values]
    if vr == "AT":
        return [int(v) for v in values]
    # Text: trailing padding is not significant (PS3.5 6.2); leading spaces are, except in numbers.
    return [("" if v is None else str(v)).rstrip(" \x00") for v in values]


def empty(value):
    return value is None or value == [] or value == b"" or value == [""] or value == [None]


def compare(original, restored, raw, where, problems):
    count = 0
    for elem in original:
        tag = "%08X" % elem.tag
        path = where + tag
        if elem.tag.group == 0x0002 or elem.tag.element == 0x0000 or elem.tag in NOT_COMPARED:
            continue  # File meta and group lengths are not part of the JSON model (PS3.18 F.2).
        if elem.tag not in restored:
            problems.append((path, "missing"))
            continue
        count += 1
        other = restored[elem.tag]
        if "BulkDataURI" in raw.get(tag, {}):
            continue
        if elem.VR == "SQ":
            items = list(elem.value or [])
            restored_items = list(other.value or [])
            raw_items = raw.get(tag, {}).get("Value", [])
            if len(items) != len(restored_items):
                problems.append((path, "item count"))
                continue
            for i, (a, b) in enumerate(zip(items, restored_items)):
                count += compare(a, b, raw_items[i] if i < len(raw_items) else {}, path + "[%d]." % i, problems)
            continue
        original_value = elem.value
        if elem.VR == "UN" and other.VR != "UN":
            # The file leaves the VR unknown; the archive knows it (PS3.5 6.2.2 allows that): decode the
            # original bytes with that VR, in the file's own encoding.
            original_value = convert_value(other.VR, RawDataElement(elem.tag, other.VR, len(elem.value or b""),
                                                                    elem.value, 0, original.is_implicit_VR,
                                                                    original.is_little_endian),
                                           getattr(original, "_character_set", None))
        vr = other.VR
        a, b = norm(vr, original_value), norm(vr, other.value)
        if empty(a) and empty(b):
            continue
        if a != b:
            problems.append((path, "value"))
    return count


def main(listing):
    # An element the file itself stores as UN stays UN (PS3.18 F.2.3: the VR is the one in the data set, and UN
    # values travel as InlineBinary); pydicom would otherwise re-read it with its dictionary VR.
    config.replace_un_with_known_vr = False
    compared = 0
    problems = []
    with open(listing) as pairs:
        for line in pairs:
            meta_path, original_path = line.rstrip("\n").split("\t")
            with open(meta_path, encoding="utf-8") as f:
                objects = json.load(f)
            raw = objects[0]
            restored = Dataset.from_json(raw, bulk_data_uri_handler=lambda tag, vr, uri: None)
            original = pydicom.dcmread(original_path, force=True)
            found = []
            compared += compare(original, restored, raw, "", found)
            problems.extend((original_path.rsplit("/", 1)[-1], p, k) for p, k in found)
    for name, path, kind in problems:
        print("%s %s %s" % (name, path, kind))
    print("compared %d disagreements %d" % (compared, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
