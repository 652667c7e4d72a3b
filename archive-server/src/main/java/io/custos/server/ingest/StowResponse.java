package io.custos.server.ingest;

import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.stow.StowResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STOW-RS response data set of PS3.18 10.5.3 (Table 10.5.3-2), in the DICOM JSON model (Annex F):
 * Referenced SOP Sequence for what was stored, Failed SOP Sequence with a Failure Reason for what was not.
 */
final class StowResponse {

    private static final String RETRIEVE_URL = "00081190";
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String REFERENCED_SOP_CLASS_UID = "00081150";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String FAILURE_REASON = "00081197";

    private StowResponse() {
    }

    static Map<String, Object> of(StowResult result, String dicomWebRoot) {
        List<Map<String, Object>> referenced = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        String study = null;
        for (StowResult.Part part : result.parts()) {
            IngestOutcome outcome = part.outcome();
            Map<String, Object> item = new LinkedHashMap<>();
            putIfKnown(item, REFERENCED_SOP_CLASS_UID, "UI", outcome.sopClassUid());
            putIfKnown(item, REFERENCED_SOP_INSTANCE_UID, "UI", outcome.sopInstanceUid());
            if (outcome instanceof IngestOutcome.Rejected rejected) {
                item.put(FAILURE_REASON, element("US", rejected.reason().dicomStatus()));
                failed.add(item);
            } else {
                study = studyOf(outcome);
                item.put(RETRIEVE_URL, element("UR", instanceUrl(dicomWebRoot, study, part.seriesInstanceUid(), outcome)));
                referenced.add(item);
            }
        }
        Map<String, Object> dataset = new LinkedHashMap<>();
        if (study != null && failed.isEmpty()) {
            dataset.put(RETRIEVE_URL, element("UR", dicomWebRoot + "/studies/" + study));
        }
        if (!failed.isEmpty()) {
            dataset.put(FAILED_SOP_SEQUENCE, Map.of("vr", "SQ", "Value", failed));
        }
        if (!referenced.isEmpty()) {
            dataset.put(REFERENCED_SOP_SEQUENCE, Map.of("vr", "SQ", "Value", referenced));
        }
        return dataset;
    }

    private static String studyOf(IngestOutcome outcome) {
        return outcome instanceof IngestOutcome.Stored stored
                ? stored.studyInstanceUid()
                : ((IngestOutcome.AlreadyStored) outcome).studyInstanceUid();
    }

    /** The WADO-RS instance resource, PS3.18 10.4.1: /studies/{study}/series/{series}/instances/{instance}. */
    private static String instanceUrl(String root, String study, String series, IngestOutcome outcome) {
        return root + "/studies/" + study + "/series/" + series + "/instances/" + outcome.sopInstanceUid();
    }

    private static void putIfKnown(Map<String, Object> item, String tag, String vr, String value) {
        if (value != null) {
            item.put(tag, element(vr, value));
        }
    }

    private static Map<String, Object> element(String vr, Object value) {
        return Map.of("vr", vr, "Value", List.of(value));
    }
}
