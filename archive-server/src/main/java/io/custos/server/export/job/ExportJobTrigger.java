package io.custos.server.export.job;

import io.custos.archive.export.api.ExportEvents.ExportApprovedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Hands each approved export to {@link ExportJobs} (its own tracking processor, token in PostgreSQL). It only
 * queues: the export itself runs on the job pool, so a long export never holds the processor. A replay
 * re-queues old approvals, which the aggregate turns away (a completed export cannot be started).
 */
@ProcessingGroup(ExportJobTrigger.PROCESSING_GROUP)
public final class ExportJobTrigger {

    public static final String PROCESSING_GROUP = "export-jobs";

    private final ExportJobs jobs;

    ExportJobTrigger(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(ExportApprovedEvent approved) {
        jobs.submit(approved.exportId());
    }
}
