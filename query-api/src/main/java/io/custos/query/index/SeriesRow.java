package io.custos.query.index;

import io.custos.query.dicom.DicomDataset;

/** A series as stored: its series-level attributes only. */
public record SeriesRow(String studyUid, String seriesUid, DicomDataset attributes) {
    @Override
    public String toString() {
        return "SeriesRow[" + attributes + "]";
    }
}
