package io.custos.archive.retention.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

import java.util.regex.Pattern;

/** Identity of a patient's legal holds: the tenant, the region, and the patient's keyed hash (never the ID). */
public record PatientHoldsId(TenantId tenant, RegionId region, String patientRef) {

    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    public PatientHoldsId {
        if (tenant == null || region == null || patientRef == null || !HASH.matcher(patientRef).matches()) {
            throw new IllegalArgumentException("a patient's holds are identified by tenant, region and patient hash");
        }
    }

    public String value() {
        return "patient-holds/" + tenant.value() + "/" + region.value() + "/" + patientRef;
    }
}
