package io.custos.server.audit;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.AttributeOpener;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyedHash;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.dicom.DicomTags;
import io.custos.query.index.StudyIndexStore;
import io.custos.query.index.StudyRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patient of a study as a keyed hash (HMAC-SHA256 under the tenant's lookup key, purpose {@code patient})
 * of IssuerOfPatientID and PatientID, so the access trail can be searched by patient without holding the
 * identifier. PatientID is taken from the study index, or, when the index has not caught up yet, from the
 * sealed attributes of the study's first stored instance (the system of record).
 */
public final class PatientRefs {

    static final String PURPOSE = "patient";
    private static final int PATIENT_ID = DicomTags.of(TagFromName.PatientID);
    private static final int ISSUER = DicomTags.of(TagFromName.IssuerOfPatientID);
    // A control character cannot occur in LO values (PS3.5 6.2), so issuer and ID cannot run into each other.
    private static final char SEPARATOR = '\u001f';

    private final KeyedHash hash;
    private final String region;
    private final StudyIndexStore index;
    private final StoredInstances stored;
    private final AttributeOpener opener;

    PatientRefs(KeyedHash hash, String region, StudyIndexStore index, StoredInstances stored, AttributeOpener opener) {
        this.hash = hash;
        this.region = region;
        this.index = index;
        this.stored = stored;
        this.opener = opener;
    }

    /** The hash an auditor's lookup computes: the identifiers are trimmed (DICOM pads values with spaces). */
    public String of(TenantId tenant, String patientId, String issuer) {
        String value = (issuer == null ? "" : issuer.strip()) + SEPARATOR + patientId.strip();
        return hash.hash(new KeyScope(tenant.value(), region), PURPOSE, value);
    }

    /** Each study with its patient's hash; patientRef is null for a study unknown to this tenant. */
    List<DisclosedStudy> disclosed(TenantId tenant, Collection<String> studyUids) {
        return disclosed(tenant, studyUids, Map.of());
    }

    /**
     * As {@link #disclosed(TenantId, Collection)}, taking the patient from {@code known} study attributes (what
     * the search that disclosed the studies already read from the index) and reading only the other studies.
     */
    List<DisclosedStudy> disclosed(TenantId tenant, Collection<String> studyUids, Map<String, DicomDataset> known) {
        Map<String, String> refs = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String uid : studyUids) {
            DicomDataset study = known.get(uid);
            refs.put(uid, study == null ? null : ofStudy(tenant, study));
            if (study == null) {
                unknown.add(uid);
            }
        }
        if (!unknown.isEmpty()) {
            for (StudyRow row : index.studiesByUid(tenant, unknown)) {
                refs.put(row.studyUid(), ofStudy(tenant, row.attributes()));
            }
        }
        refs.replaceAll((uid, ref) -> ref != null ? ref : fromEvents(tenant, uid).orElse(null));
        return refs.entrySet().stream().map(e -> new DisclosedStudy(e.getKey(), e.getValue())).toList();
    }

    private String ofStudy(TenantId tenant, DicomDataset study) {
        return study.first(PATIENT_ID).isEmpty() ? null : of(tenant, study.first(PATIENT_ID), study.first(ISSUER));
    }

    /** The patient of a study's opened attributes; empty when they carry no Patient ID. */
    public Optional<String> ofAttributes(TenantId tenant, List<IndexedAttribute> attributes) {
        String patientId = value(attributes, PATIENT_ID);
        return patientId.isEmpty() ? Optional.empty() : Optional.of(of(tenant, patientId, value(attributes, ISSUER)));
    }

    private Optional<String> fromEvents(TenantId tenant, String studyUid) {
        if (!io.custos.archive.domain.DicomUid.isValid(studyUid)) {
            return Optional.empty();
        }
        List<InstanceStoredEvent> events = stored.ofStudy(tenant, new StudyInstanceUid(studyUid));
        if (events.isEmpty()) {
            return Optional.empty();
        }
        InstanceStoredEvent first = events.get(0);
        return ofAttributes(tenant, opener.open(first.studyId(), first.attributes()));
    }

    private static String value(List<IndexedAttribute> attributes, int tag) {
        return attributes.stream().filter(a -> a.tag() == tag && !a.values().isEmpty())
                .map(a -> a.values().get(0)).findFirst().orElse("");
    }
}
