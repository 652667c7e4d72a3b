package io.custos.query.wado;

import io.custos.archive.domain.InvalidUidException;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retrieve.StudyCatalog;
import io.custos.archive.study.api.InstanceStoredEvent;
import java.util.List;

/**
 * Selects the stored instances a WADO-RS path names, within the caller's tenant only. The study is looked
 * up under (tenant, Study Instance UID), so another tenant's study is indistinguishable from an unknown one:
 * both are 404 (PS3.18 8.6.1.2 does not require revealing existence).
 */
final class StoredSelection {

    private final StudyCatalog catalog;

    StoredSelection(StudyCatalog catalog) {
        this.catalog = catalog;
    }

    /** @param series null for the whole study; @param sop null for the whole series */
    List<InstanceStoredEvent> select(TenantId tenant, String study, String series, String sop) {
        StudyInstanceUid studyUid;
        try {
            studyUid = new StudyInstanceUid(study);
        } catch (InvalidUidException e) {
            throw WadoException.badRequest("StudyInstanceUID in the path is not a valid UID");
        }
        List<InstanceStoredEvent> all = catalog.instances(tenant, studyUid);
        if (all.isEmpty()) {
            throw WadoException.notFound("study");
        }
        List<InstanceStoredEvent> selected = all.stream()
                .filter(i -> series == null || i.series().value().equals(series))
                .filter(i -> sop == null || i.sop().value().equals(sop))
                .toList();
        if (selected.isEmpty()) {
            throw WadoException.notFound(sop != null ? "instance" : "series");
        }
        return selected;
    }

    InstanceStoredEvent one(TenantId tenant, String study, String series, String sop) {
        return select(tenant, study, series, sop).get(0);
    }
}
