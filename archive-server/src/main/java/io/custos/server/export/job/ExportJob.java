package io.custos.server.export.job;

import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportEvents.ExportRequestedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.deidentify.header.Deidentifier;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.release.InstanceRelease;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import io.custos.deidentify.secret.ProjectSecrets;
import io.custos.keys.KeyScope;
import io.custos.server.export.store.ExportStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one approved research export to its end (issue 6): starts it (or resumes it), exports each study of the
 * plan that the export's events do not record as done yet, then writes the de-identification report and the
 * manifest, seals the export and records its completion. A failure records a reason code and leaves what was
 * committed; starting the export again continues from there. Logs carry export ids, study positions, counts
 * and reason codes, never a UID of the source or a value.
 *
 * <p>The plan, the region and the studies already done are read from the export's own events (the system of
 * record), not from the status projection.
 */
final class ExportJob {

    private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);

    private final CommandGateway commands;
    private final EventStore events;
    private final StudySources sources;
    private final ExportStore store;
    private final ProjectSecrets secrets;
    private final PixelPath pixels;
    private final StudyExporter studies;
    private final ExportPackage packaging;
    private final String region;
    private final String node;
    private volatile boolean stopping;

    ExportJob(CommandGateway commands, EventStore events, StudySources sources, ExportStore store,
              ProjectSecrets secrets, PixelPath pixels, ExportPackage packaging, StudyExporter studies, String region,
              String node) {
        this.commands = commands;
        this.events = events;
        this.sources = sources;
        this.store = store;
        this.secrets = secrets;
        this.pixels = pixels;
        this.packaging = packaging;
        this.studies = studies;
        this.region = region;
        this.node = node;
    }

    /** The job is abandoned at the next step (the archive shuts down): nothing is recorded as failed. */
    void stop() {
        stopping = true;
    }

    /** Thrown between steps when the job is told to stop: the export stays RUNNING and resumes on the next start. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("export job interrupted", null, false, false);
        }
    }

    static void checkNotInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted();
        }
    }

    /** What the export's events say. */
    private record History(ExportRequestedEvent requested, Set<StudyInstanceUid> done) {
    }

    void run(ExportId id) {
        History history = history(id);
        if (history == null) {
            LOG.warn("export {}: no such export", id);
            return;
        }
        if (!history.requested().region().value().equals(region)) {
            LOG.debug("export {}: belongs to another region's node, not run here", id);
            return;
        }
        ExportCommandResult started = commands.sendAndWait(new ExportCommands.Start(id, node));
        if (started != ExportCommandResult.DONE) {
            LOG.info("export {}: not started ({})", id, started);
            return;
        }
        try {
            export(id, history);
        } catch (RuntimeException e) {
            if (e instanceof Interrupted || stopping || Thread.currentThread().isInterrupted()) {
                // Shutting down (an interrupted write fails too): not a failure of the export.
                LOG.info("export {}: stopped, resumes on the next start", id);
            } else if (e instanceof ExportFailure failure) {
                fail(id, failure.reason());
            } else {
                // The class only: messages of the layers below may quote values.
                LOG.error("export {}: failed with {}", id, e.getClass().getName());
                fail(id, ExportFailure.EXPORT_ERROR);
            }
        }
    }

    private void export(ExportId id, History history) {
        ExportPlan plan = history.requested().plan();
        if (store.isSealed(id)) {
            complete(id, packaging.sealedSummary(id));
            return;
        }
        InstanceRelease release = release(id, plan);
        TenantId tenant = new TenantId(id.tenant());
        List<StudyInstanceUid> planned = plan.studies();
        int exported = 0;
        for (int index = 0; index < planned.size(); index++) {
            checkNotInterrupted();
            if (stopping) {
                throw new Interrupted();
            }
            StudyInstanceUid study = planned.get(index);
            StudyRecord record = committed(id, index);
            if (history.done().contains(study)) {
                if (record == null) {
                    throw new ExportFailure(ExportFailure.STORE_INCONSISTENT);
                }
                continue;
            }
            if (record == null) {
                record = studies.export(id, index, instances(tenant, study), release, plan.nifti());
            }
            ExportCommandResult result = commands.sendAndWait(new ExportCommands.RecordStudyExported(id, study,
                    record.instancesExported(), record.instancesExcluded(), record.bytes(),
                    sources.patientRef(tenant, study)));
            if (result != ExportCommandResult.DONE && result != ExportCommandResult.ALREADY_DONE) {
                LOG.warn("export {}: study {} not recorded ({}), job stops", id, index, result);
                throw new Interrupted();
            }
            exported++;
            LOG.info("export {}: study {} of {} done, {} instances exported, {} excluded", id, index + 1,
                    planned.size(), record.instancesExported(), record.instancesExcluded());
        }
        checkNotInterrupted();
        ExportPackage.Summary summary = packaging.write(id, plan);
        complete(id, summary);
        LOG.info("export {}: complete, {} files, {} bytes ({} studies in this run)", id, summary.files(),
                summary.bytes(), exported);
    }

    private void complete(ExportId id, ExportPackage.Summary summary) {
        ExportCommandResult result = commands.sendAndWait(
                new ExportCommands.Complete(id, summary.manifestSha256(), summary.files(), summary.bytes()));
        if (result != ExportCommandResult.DONE && result != ExportCommandResult.ALREADY_DONE) {
            LOG.warn("export {}: completion not recorded ({})", id, result);
        }
    }

    private InstanceRelease release(ExportId id, ExportPlan plan) {
        ProjectId project;
        try {
            project = new ProjectId(plan.project());
        } catch (IllegalArgumentException e) {
            throw new ExportFailure(ExportFailure.INVALID_PROJECT);
        }
        List<ProfileOption> options = new ArrayList<>();
        for (String name : plan.profileOptions()) {
            try {
                options.add(ProfileOption.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ExportFailure(ExportFailure.UNKNOWN_PROFILE_OPTION);
            }
        }
        ProjectSecret secret;
        try {
            secret = secrets.secretFor(new KeyScope(id.tenant(), region), project);
        } catch (RuntimeException e) {
            LOG.warn("export {}: project secret unavailable ({})", id, e.getClass().getSimpleName());
            throw new ExportFailure(ExportFailure.KEYS_UNAVAILABLE);
        }
        return new InstanceRelease(
                new Deidentifier(DeidentificationProfile.of(options.toArray(ProfileOption[]::new)), secret), pixels);
    }

    private List<StudyExporter.SourceInstance> instances(TenantId tenant, StudyInstanceUid study) {
        try {
            return sources.instances(tenant, study);
        } catch (ExportFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping) {
                throw new Interrupted();
            }
            throw new ExportFailure(ExportFailure.SOURCE_UNREADABLE);
        }
    }

    private StudyRecord committed(ExportId id, int index) {
        try {
            return store.committedStudy(id, StudyExporter.key(index)).map(studies::read).orElse(null);
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        }
    }

    private History history(ExportId id) {
        ExportRequestedEvent requested = null;
        Set<StudyInstanceUid> done = new HashSet<>();
        DomainEventStream stream = events.readEvents(id.value());
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof ExportRequestedEvent r) {
                requested = r;
            } else if (payload instanceof ExportStudyCompletedEvent s) {
                done.add(s.study());
            }
        }
        return requested == null ? null : new History(requested, done);
    }

    private void fail(ExportId id, String reason) {
        LOG.warn("export {}: failed ({})", id, reason);
        try {
            commands.sendAndWait(new ExportCommands.Fail(id, reason));
        } catch (RuntimeException e) {
            LOG.error("export {}: failure not recorded ({})", id, e.getClass().getSimpleName());
        }
    }
}
