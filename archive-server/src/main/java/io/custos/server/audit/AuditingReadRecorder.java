package io.custos.server.audit;

import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.WadoRead;

/**
 * Puts every WADO-RS read on the access trail through {@link ReadAccessRecorder}. A disclosure is recorded
 * durably before the first byte of data (frames: the caller's window is opened first); a read that ended
 * without data (404, 406, 400) is recorded with its outcome; a disclosure that failed midway is recorded a
 * second time with how far it got, so the trail never claims a complete transfer that was not.
 */
final class AuditingReadRecorder implements ReadRecorder {

    private final ReadAccessRecorder access;

    AuditingReadRecorder(ReadAccessRecorder access) {
        this.access = access;
    }

    @Override
    public Disclosure disclosing(WadoRead planned) {
        if (planned.resource() == WadoRead.ReadResource.FRAMES) {
            ReadAccessRecorder.FrameReport report = access.openFrames(planned.study());
            return actual -> report.served(actual.frames(), actual.bytes(),
                    actual.outcome() == WadoRead.ReadOutcome.SUCCESS);
        }
        record(planned, AccessOutcome.SUCCESS);
        return actual -> {
            if (actual.outcome() != WadoRead.ReadOutcome.SUCCESS) {
                record(actual, outcome(actual.outcome()));
            }
        };
    }

    @Override
    public void endedWithoutData(WadoRead ended) {
        record(ended, outcome(ended.outcome()));
    }

    private void record(WadoRead read, AccessOutcome outcome) {
        access.read(kind(read.resource()), read.level().name(), read.study(), read.series(), read.instance(),
                read.instances(), read.frames(), read.bytes(), outcome);
    }

    static AccessKind kind(WadoRead.ReadResource resource) {
        return switch (resource) {
            case INSTANCES -> AccessKind.WADO_INSTANCES;
            case METADATA -> AccessKind.WADO_METADATA;
            case FRAMES -> AccessKind.WADO_FRAMES;
            case BULKDATA -> AccessKind.WADO_BULKDATA;
            case RENDERED, THUMBNAIL -> AccessKind.WADO_RENDERED;
        };
    }

    static AccessOutcome outcome(WadoRead.ReadOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> AccessOutcome.SUCCESS;
            case NOT_FOUND -> AccessOutcome.NOT_FOUND;
            case NOT_ACCEPTABLE -> AccessOutcome.NOT_ACCEPTABLE;
            case BAD_REQUEST -> AccessOutcome.BAD_REQUEST;
            case FAILED -> AccessOutcome.FAILED;
        };
    }
}
