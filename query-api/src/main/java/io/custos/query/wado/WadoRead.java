package io.custos.query.wado;

import java.time.Instant;
import java.util.Objects;

/**
 * One WADO-RS request as the access trail needs it (PS3.18 10.4 resources): who read, which resource at which
 * level, the UIDs named in the path (null where the level has none), how many instances and frames were
 * sent, how many bytes of body, and the outcome.
 */
public record WadoRead(Reader reader, ReadResource resource, ReadLevel level, String study, String series,
                       String instance, int instances, int frames, long bytes, ReadOutcome outcome, Instant at) {

    public WadoRead {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }

    /** The WADO-RS resource kind (PS3.18 10.4.1). */
    public enum ReadResource { INSTANCES, METADATA, FRAMES, BULKDATA, RENDERED, THUMBNAIL }

    public enum ReadLevel { STUDY, SERIES, INSTANCE }

    /**
     * SUCCESS: the whole body was written. NOT_FOUND: no such study/series/instance for this tenant.
     * NOT_ACCEPTABLE: no acceptable representation (406). BAD_REQUEST: malformed path or parameters.
     * FAILED: the server failed (including a client disconnect mid-stream); the bytes say how far it got.
     */
    public enum ReadOutcome { SUCCESS, NOT_FOUND, NOT_ACCEPTABLE, BAD_REQUEST, FAILED }

    @Override
    public String toString() {
        return "WadoRead[" + resource + " " + level + " " + outcome + ", " + instances + " instance(s), " + frames
                + " frame(s), " + bytes + " bytes]";
    }
}
