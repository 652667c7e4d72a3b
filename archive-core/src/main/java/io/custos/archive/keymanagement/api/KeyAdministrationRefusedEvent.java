package io.custos.archive.keymanagement.api;

import io.custos.archive.access.api.AccessActor;
import java.util.Objects;

/**
 * A tenant admin's key operation was refused and changed nothing, e.g. retiring the current version or one that
 * data keys still use, or rotating while a rewrap runs. {@code reason} is the refusal as the caller saw it.
 */
public record KeyAdministrationRefusedEvent(
        String tenant,
        String region,
        String operation,
        String reason,
        AccessActor actor) {

    public KeyAdministrationRefusedEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
    }
}
