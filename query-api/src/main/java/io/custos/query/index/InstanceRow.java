package io.custos.query.index;

import io.custos.query.dicom.DicomDataset;

/** An instance as stored: its instance-level attributes only. */
public record InstanceRow(String studyUid, String seriesUid, String sopUid, DicomDataset attributes) {
    @Override
    public String toString() {
        return "InstanceRow[" + attributes + "]";
    }
}
