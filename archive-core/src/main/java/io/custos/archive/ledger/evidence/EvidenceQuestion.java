package io.custos.archive.ledger.evidence;

import java.util.Map;
import java.util.Objects;

/**
 * The audit question a bundle answers, as the exporting archive states it: the report, the auditor's tenant,
 * the report's keys (a patient only as its keyed hash, never PatientID), the inclusive range of UTC days, who
 * exported it and when. It carries no PHI.
 *
 * @param report     the audit table asked ({@code BY_PATIENT}, {@code BY_USER}, {@code BY_STUDY}, {@code DENIALS},
 *                   {@code EXPORTS})
 * @param tenant     the chain's tenant every bundled event must belong to ({@code -} for unattributed denials)
 * @param keys       the report's keys, e.g. {@code patientRef}, {@code subject}, {@code studyUid}
 * @param from       first day, ISO date
 * @param to         last day, ISO date
 * @param exportedBy the auditor's token subject
 * @param exportedAt ISO instant
 */
public record EvidenceQuestion(String report, String tenant, Map<String, String> keys, String from, String to,
                               String exportedBy, String exportedAt) {

    public EvidenceQuestion {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(tenant, "tenant");
        keys = Map.copyOf(keys);
    }
}
