package io.custos.archive.ingest.api;

import java.util.Objects;

/** Edge validation refused an object. The message is the reason's generic description: no values from the object. */
public class InstanceRejectedException extends Exception {
    private final RejectionReason reason;

    public InstanceRejectedException(RejectionReason reason) {
        super(reason.description());
        this.reason = Objects.requireNonNull(reason);
    }

    public InstanceRejectedException(RejectionReason reason, Throwable cause) {
        super(reason.description(), cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public RejectionReason reason() {
        return reason;
    }
}
