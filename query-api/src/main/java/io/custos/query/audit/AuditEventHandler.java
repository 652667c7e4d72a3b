package io.custos.query.audit;

import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessStartedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.QueryKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Feeds the audit tables from the event stream. The event's identifier and timestamp, never the clock, make
 * the row key and time, so a replay (processor reset) rewrites exactly the rows of the first run.
 */
@ProcessingGroup(AuditEventHandler.PROCESSING_GROUP)
public class AuditEventHandler {

    public static final String PROCESSING_GROUP = "audit-trail";

    private final AuditProjection projection;

    public AuditEventHandler(AuditProjection projection) {
        this.projection = projection;
    }

    @EventHandler
    public void on(DataAccessedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        // A study not known to the archive (a 404 read) is disclosed without a patient reference.
        String patient = e.disclosed().stream().filter(d -> d.studyUid().equals(e.study()))
                .map(DisclosedStudy::patientRef).filter(Objects::nonNull).findFirst().orElse(null);
        AuditEntry entry = new AuditEntry(at, id, e.kind().name(), e.actor().subject(), e.actor().roles(),
                e.actor().clientAddress(), e.purpose().name(), e.level(), e.study(), e.series(), e.instance(),
                e.instances(), e.frames(), e.bytes(), e.outcome().name(), patient, describe(e.query()));
        projection.recordAccess(e.actor().tenant(), entry, e.disclosed(), at);
    }

    @EventHandler
    public void on(FrameAccessStartedEvent e, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(e.openedAt(), e.windowId(), "WADO_FRAMES", e.actor().subject(),
                e.actor().roles(), e.actor().clientAddress(), e.purpose().name(), "STUDY", e.study().studyUid(),
                null, null, 0, 0, 0, "STARTED", e.study().patientRef(), null);
        projection.recordAccess(e.actor().tenant(), entry, List.of(e.study()), at);
    }

    @EventHandler
    public void on(FrameAccessSummarizedEvent e, @Timestamp Instant at) {
        String outcome = e.failedRequests() == 0 ? "SUCCESS" : e.failedRequests() == e.requests() ? "FAILED"
                : "PARTIAL";
        AuditEntry entry = new AuditEntry(e.openedAt(), e.windowId(), "WADO_FRAMES", e.actor().subject(),
                e.actor().roles(), e.actor().clientAddress(), e.purpose().name(), "STUDY", e.study().studyUid(),
                null, null, 0, e.frames(), e.bytes(), outcome, e.study().patientRef(),
                "requests=" + e.requests() + " failed=" + e.failedRequests() + " closed=" + e.closedAt());
        projection.recordAccess(e.actor().tenant(), entry, List.of(e.study()), at);
    }

    @EventHandler
    public void on(AccessDeniedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(at, id, "DENIED", e.subject(), e.role(), e.sourceAddress(), null, null,
                null, null, null, 0, 0, 0, e.reason(), null, e.method() + " " + e.path() + " " + e.httpStatus());
        projection.recordDenial(e.tenant() == null ? AuditQuestion.UNATTRIBUTED : e.tenant(), entry, at);
    }

    /** A refused association names no tenant we could trust (the called AE may be unknown). */
    @EventHandler
    public void on(AssociationRejectedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(at, id, "ASSOCIATION_REJECTED", null, null, e.sourceAddress(), null, null,
                null, null, null, 0, 0, 0, e.reason(), null,
                "calling=" + e.callingAe() + " called=" + e.calledAe());
        projection.recordDenial(AuditQuestion.UNATTRIBUTED, entry, at);
    }

    /** Search keys as "key=value" (non-PHI parameters) or "key#hash" (hashed attribute values). */
    static String describe(List<QueryKey> query) {
        if (query.isEmpty()) {
            return null;
        }
        return query.stream().map(k -> k.value() != null ? k.key() + "=" + k.value()
                : k.valueHash() != null ? k.key() + "#" + k.valueHash() : k.key()).collect(Collectors.joining("&"));
    }
}
