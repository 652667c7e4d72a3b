package io.custos.archive.ingest.stow;

/**
 * The STOW-RS request as a whole cannot be processed (PS3.18 10.5.3: 400 for a malformed request, 415 for
 * an unsupported media type). Nothing of it was stored.
 */
public class StowRequestException extends Exception {
    private final int httpStatus;

    public StowRequestException(int httpStatus, String detail) {
        super(detail);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
