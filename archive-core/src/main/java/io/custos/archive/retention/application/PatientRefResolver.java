package io.custos.archive.retention.application;

import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IndexedAttribute;

import java.util.List;
import java.util.Optional;

/**
 * The keyed hash that names a patient in the access trail and in patient holds, from a study's opened
 * attributes (IssuerOfPatientID and PatientID); empty when the study carries no Patient ID.
 */
@FunctionalInterface
public interface PatientRefResolver {
    Optional<String> patientRef(TenantId tenant, List<IndexedAttribute> attributes);
}
