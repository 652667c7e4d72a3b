package io.custos.archive.keymanagement.api;

import io.custos.archive.access.api.AccessActor;
import java.util.Objects;

/**
 * Versions up to {@code retiredThroughVersion} of a tenant's key-encryption key in one region no longer decrypt;
 * {@code currentVersion} and those between stay in use. Refused (and then not recorded as this event) while any
 * data key is still wrapped under a retired version.
 */
public record KekVersionRetiredEvent(
        String tenant,
        String region,
        String kekId,
        int retiredThroughVersion,
        int currentVersion,
        AccessActor actor) {

    public KekVersionRetiredEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(kekId, "kekId");
        Objects.requireNonNull(actor, "actor");
    }
}
