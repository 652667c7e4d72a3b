package io.custos.server.audit;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.domain.TenantId;
import io.custos.query.index.StudyIndexStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that names a study of another tenant is answered exactly as if the study did not exist (404, or
 * an empty search), so the caller learns nothing. For the auditor it is a refusal all the same: it is
 * recorded as an {@link AccessDeniedEvent} with reason {@value #REASON} in the <em>caller's</em> tenant, so it
 * appears in that tenant's denial report. The owning tenant is not named anywhere in the event.
 *
 * <p>Called after the miss is already on the trail (the read's own event); a failure to check or record
 * here is logged and does not change the answer.
 */
final class CrossTenantAttempts {

    static final String REASON = "CROSS_TENANT";
    private static final Logger log = LoggerFactory.getLogger(CrossTenantAttempts.class);

    private final StudyIndexStore index;
    private final RequestAccess access;
    private final AccessRecorder recorder;

    CrossTenantAttempts(StudyIndexStore index, RequestAccess access, AccessRecorder recorder) {
        this.index = index;
        this.access = access;
        this.recorder = recorder;
    }

    /** {@code study}: the Study Instance UID the request named and did not find; {@code status}: the answer. */
    void missed(String study, int status) {
        if (study == null) {
            return;
        }
        try {
            AccessActor actor = access.actor();
            if (index.heldByAnotherTenant(new TenantId(actor.tenant()), study)) {
                recorder.record(new AccessDeniedEvent(actor.subject(), actor.tenant(), actor.roles(),
                        actor.clientAddress(), access.method(), access.path(), status, REASON));
            }
        } catch (RuntimeException e) {
            log.error("A cross-tenant attempt could not be checked or recorded: {}", e.getClass().getName());
        }
    }
}
