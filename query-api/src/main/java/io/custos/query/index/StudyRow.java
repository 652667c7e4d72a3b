package io.custos.query.index;

import io.custos.query.dicom.DicomDataset;

/** A study as stored: its study-level attributes, with ModalitiesInStudy filled from the row's set. */
public record StudyRow(String studyUid, DicomDataset attributes) {
    @Override
    public String toString() {
        return "StudyRow[" + attributes + "]";
    }
}
