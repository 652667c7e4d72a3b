package io.custos.deidentify.header;

import io.custos.deidentify.dates.DateShift;
import io.custos.deidentify.profile.ConfidentialityTable;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.SafeAttributes;
import io.custos.deidentify.report.DeidentificationReport;
import io.custos.deidentify.uid.UidRemapper;
import java.util.Optional;

/**
 * Everything the de-identification of one instance needs: the profile and tables, the project's keyed services,
 * this patient's values (pseudonym, date shift if modified dates are kept) and the report being built.
 */
record InstanceContext(
        DeidentificationProfile profile,
        ConfidentialityTable table,
        SafeAttributes safeAttributes,
        UidRemapper uids,
        Optional<DateShift> dateShift,
        String pseudonym,
        IdentifyingText identifyingText,
        OutputCharacterSet outputCharacterSet,
        DeidentificationReport.Builder report) {
}
