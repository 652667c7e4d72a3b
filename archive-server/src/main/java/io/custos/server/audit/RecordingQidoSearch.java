package io.custos.server.audit;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.TenantId;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyedHash;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.dicom.DicomTags;
import io.custos.query.qido.QidoQuery;
import io.custos.query.qido.QidoResult;
import io.custos.query.qido.QidoSearch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The QIDO-RS seam of the access trail: wraps the search so that every search's result page is recorded
 * (which studies it disclosed, with their patients' keyed hashes, and the search keys with hashed values)
 * before the controller writes the response. Search values may be PHI (PatientName, PatientID…), so they are
 * kept only as keyed hashes; paging and presentation parameters are kept in clear.
 */
final class RecordingQidoSearch implements QidoSearch {

    static final String VALUE_PURPOSE = SearchKeys.VALUE_PURPOSE;
    private static final Set<String> PLAIN_PARAMETERS = Set.of("limit", "offset", "includefield", "fuzzymatching");
    private static final int STUDY_UID = DicomTags.of(TagFromName.StudyInstanceUID);

    private final QidoSearch delegate;
    private final RequestAccess access;
    private final PatientRefs patients;
    private final KeyedHash hash;
    private final String region;
    private final AccessRecorder recorder;
    private final CrossTenantAttempts crossTenant;

    RecordingQidoSearch(QidoSearch delegate, RequestAccess access, PatientRefs patients, KeyedHash hash,
                        String region, AccessRecorder recorder, CrossTenantAttempts crossTenant) {
        this.delegate = delegate;
        this.access = access;
        this.patients = patients;
        this.hash = hash;
        this.region = region;
        this.recorder = recorder;
        this.crossTenant = crossTenant;
    }

    @Override
    public QidoResult search(TenantId tenant, QidoQuery query) {
        QidoResult result = delegate.search(tenant, query);
        Set<String> studies = new LinkedHashSet<>();
        query.studyUid().filter(s -> !result.matches().isEmpty()).ifPresent(studies::add);
        for (DicomDataset match : result.matches()) {
            String uid = match.first(STUDY_UID);
            if (!uid.isEmpty()) {
                studies.add(uid);
            }
        }
        List<DisclosedStudy> disclosed = studies.isEmpty() ? List.of()
                : patients.disclosed(tenant, studies, result.studies());
        AccessActor actor = access.actor();
        recorder.record(new DataAccessedEvent(actor, access.purpose(), AccessKind.QIDO_SEARCH,
                query.resource().level().name(), query.studyUid().orElse(null), query.seriesUid().orElse(null),
                null, query.resource().level().name().equals("INSTANCE") ? result.matches().size() : 0, 0, 0,
                result.matches().isEmpty() ? AccessOutcome.NO_MATCH : AccessOutcome.SUCCESS, disclosed,
                keys(tenant, access.parameters())));
        if (result.matches().isEmpty()) {
            // An empty QIDO-RS answer is 204 No Content.
            query.studyUid().ifPresent(study -> crossTenant.missed(study, 204));
        }
        return result;
    }

    private List<QueryKey> keys(TenantId tenant, Map<String, String[]> parameters) {
        List<QueryKey> keys = new ArrayList<>();
        KeyScope scope = new KeyScope(tenant.value(), region);
        parameters.forEach((name, values) -> {
            for (String value : values) {
                keys.add(PLAIN_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))
                        ? new QueryKey(name, value, null)
                        : SearchKeys.hashed(hash, scope, name, value));
            }
        });
        return keys;
    }
}
