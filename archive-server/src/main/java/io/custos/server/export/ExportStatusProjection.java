package io.custos.server.export;

import io.custos.archive.export.api.ExportEvents.ExportApprovedEvent;
import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportFailedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRejectedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRequestedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRetriedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStartedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportState;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;

/** Keeps {@link ExportStatusStore} in step with the export events (its own tracking processor). */
@ProcessingGroup(ExportStatusProjection.PROCESSING_GROUP)
class ExportStatusProjection {

    static final String PROCESSING_GROUP = "export-status";

    private final ExportStatusStore store;

    ExportStatusProjection(ExportStatusStore store) {
        this.store = store;
    }

    @EventHandler
    void on(ExportRequestedEvent e, @Timestamp Instant at) {
        store.requested(e.exportId(), e.plan().project(), e.plan().protocol(), e.researcher().subject(),
                e.plan().studies().size(), at);
    }

    @EventHandler
    void on(ExportApprovedEvent e, @Timestamp Instant at) {
        store.decided(e.exportId(), ExportState.APPROVED, e.steward().subject(), null, at);
    }

    @EventHandler
    void on(ExportRejectedEvent e, @Timestamp Instant at) {
        store.decided(e.exportId(), ExportState.REJECTED, e.steward().subject(), e.reason(), at);
    }

    @EventHandler
    void on(ExportStartedEvent e, @Timestamp Instant at) {
        store.started(e.exportId(), at);
    }

    @EventHandler
    void on(ExportStudyCompletedEvent e, @Timestamp Instant at) {
        store.progress(e.exportId(), e.studiesDone(), e.instancesExported(), e.instancesExcluded(), at);
    }

    @EventHandler
    void on(ExportCompletedEvent e, @Timestamp Instant at) {
        store.completed(e.exportId(), e.manifestSha256(), at);
    }

    @EventHandler
    void on(ExportRetriedEvent e, @Timestamp Instant at) {
        store.state(e.exportId(), ExportState.APPROVED, null, at);
    }

    @EventHandler
    void on(ExportFailedEvent e, @Timestamp Instant at) {
        store.state(e.exportId(), ExportState.FAILED, e.reason(), at);
    }
}
