package io.custos.query.qido;

import io.custos.query.dicom.DicomDataset;
import java.util.List;

/** One page of matches, in the stable order of the search, with Warning header texts (PS3.18 8.4.4). */
public record QidoResult(List<DicomDataset> matches, List<String> warnings) {
    public QidoResult {
        matches = List.copyOf(matches);
        warnings = List.copyOf(warnings);
    }
}
