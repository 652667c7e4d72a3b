# Prints "<file>\t<frame number>\t<sha256 of the frame's stored bytes>" for each file named on the command
# line that has Pixel Data, computed by pydicom (an implementation independent of Custos and PixelMed):
# native data: the byte slice of frame N (PS3.5 8.1.1); encapsulated data: the fragments of frame N
# concatenated (PS3.5 A.4), as pydicom.encaps.generate_pixel_data_frame yields them. Bytes are as stored
# (big-endian words stay big endian). Files whose frames pydicom cannot delimit print nothing.
import hashlib
import sys
import warnings

import pydicom
from pydicom.encaps import generate_pixel_data_frame

warnings.simplefilter("ignore")
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path)
        if "PixelData" not in ds:
            continue
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        data = ds.PixelData
        if ds.file_meta.TransferSyntaxUID.is_compressed:
            parts = list(generate_pixel_data_frame(data, frames))
        else:
            bits = ds.Rows * ds.Columns * ds.get("SamplesPerPixel", 1) * ds.BitsAllocated
            if frames == 1:
                parts = [data]
            elif bits % 8 != 0:
                continue
            else:
                size = bits // 8
                parts = [data[i * size:(i + 1) * size] for i in range(frames)]
    except Exception:
        continue
    for number, part in enumerate(parts, start=1):
        print(f"{path}\t{number}\t{hashlib.sha256(part).hexdigest()}")
