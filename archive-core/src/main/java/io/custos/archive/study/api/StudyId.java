package io.custos.archive.study.api;

import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

/**
 * Identity of a study aggregate: a Study Instance UID is unique within a tenant, not across tenants
 * (two hospitals may hold copies of the same study), so the tenant is part of the identity.
 */
public record StudyId(TenantId tenant, StudyInstanceUid study) {

    public static StudyId of(TenantId tenant, StudyInstanceUid study) {
        return new StudyId(tenant, study);
    }

    /** The aggregate identifier as stored in the event store. */
    public String value() {
        return tenant.value() + "/" + study.value();
    }

    @Override
    public String toString() {
        return value();
    }
}
