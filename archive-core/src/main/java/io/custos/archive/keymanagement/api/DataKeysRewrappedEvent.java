package io.custos.archive.keymanagement.api;

import io.custos.archive.access.api.AccessActor;
import java.util.Objects;

/**
 * A background rewrap after a rotation finished: {@code rewrapped} data keys moved to {@code targetVersion},
 * {@code skipped} were changed meanwhile by another node or a shredding, {@code failed} were refused by the key
 * service and keep their old wrapping. {@code actor} is who started the rotation.
 */
public record DataKeysRewrappedEvent(
        String tenant,
        String region,
        String kekId,
        int targetVersion,
        long rewrapped,
        long skipped,
        long failed,
        AccessActor actor) {

    public DataKeysRewrappedEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(kekId, "kekId");
        Objects.requireNonNull(actor, "actor");
    }
}
