package io.custos.server.audit;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.domain.TenantId;
import java.util.List;

/**
 * The recording port for retrieval endpoints (WADO-RS: metadata, instances, bulk data, rendered; frames
 * through {@link #openFrames}). Call it on the request thread, <em>before</em> the first byte of data is
 * written: it returns once the access is durable, and throws if it cannot be recorded (then answer 500,
 * never the data). Actor, client address and purpose come from the current request.
 */
public final class ReadAccessRecorder {

    /** A frame window handle: report each frame request's result once written. */
    @FunctionalInterface
    public interface FrameReport {
        void served(int frames, long bytes, boolean success);
    }

    private final RequestAccess access;
    private final PatientRefs patients;
    private final AccessRecorder recorder;
    private final FrameAccessWindows windows;
    private final CrossTenantAttempts crossTenant;

    ReadAccessRecorder(RequestAccess access, PatientRefs patients, AccessRecorder recorder,
                       FrameAccessWindows windows, CrossTenantAttempts crossTenant) {
        this.access = access;
        this.patients = patients;
        this.recorder = recorder;
        this.windows = windows;
        this.crossTenant = crossTenant;
    }

    /**
     * One read request; the UIDs are those of the path (null where the level has none), the counts those of
     * the answer about to be sent (instances, frames, bytes; 0 when unknown before writing).
     */
    public void read(AccessKind kind, String level, String study, String series, String instance, int instances,
                     int frames, long bytes, AccessOutcome outcome) {
        List<DisclosedStudy> disclosed = study == null || outcome != AccessOutcome.SUCCESS ? List.of()
                : patients.disclosed(new TenantId(access.actor().tenant()), List.of(study));
        recorder.record(new DataAccessedEvent(access.actor(), access.purpose(), kind, level, study, series, instance,
                instances, frames, bytes, outcome, disclosed, List.of()));
        if (outcome == AccessOutcome.NOT_FOUND) {
            crossTenant.missed(study, 404);
        }
    }

    /** Before serving frames of a study: records the start of the caller's window if none is open. */
    public FrameReport openFrames(String study) {
        AccessActor actor = access.actor();
        FrameAccessWindows.Window window = windows.open(actor, access.purpose(), study,
                () -> patients.disclosed(new TenantId(actor.tenant()), List.of(study)).get(0));
        return window::served;
    }
}
