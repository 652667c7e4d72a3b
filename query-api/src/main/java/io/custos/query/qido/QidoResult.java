package io.custos.query.qido;

import io.custos.query.dicom.DicomDataset;
import java.util.List;
import java.util.Map;

/**
 * One page of matches, in the stable order of the search, with Warning header texts (PS3.18 8.4.4).
 *
 * @param studies the stored study-level attributes of every study the page discloses, by Study Instance UID,
 *                whatever the response includes; for the access trail (whose patient each study is), never
 *                written to the response
 */
public record QidoResult(List<DicomDataset> matches, List<String> warnings, Map<String, DicomDataset> studies) {
    public QidoResult {
        matches = List.copyOf(matches);
        warnings = List.copyOf(warnings);
        studies = Map.copyOf(studies);
    }

    public QidoResult(List<DicomDataset> matches, List<String> warnings) {
        this(matches, warnings, Map.of());
    }
}
