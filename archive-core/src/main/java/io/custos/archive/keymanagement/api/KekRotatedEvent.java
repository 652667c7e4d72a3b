package io.custos.archive.keymanagement.api;

import io.custos.archive.access.api.AccessActor;
import java.util.Objects;

/**
 * A tenant's key-encryption key in one region got a new version: new data keys are wrapped under
 * {@code newVersion} from now on; {@code outdatedDataKeys} existing ones still use older versions and are
 * rewrapped in the background ({@link DataKeysRewrappedEvent} when done).
 */
public record KekRotatedEvent(
        String tenant,
        String region,
        String kekId,
        int previousVersion,
        int newVersion,
        long outdatedDataKeys,
        AccessActor actor) {

    public KekRotatedEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(kekId, "kekId");
        Objects.requireNonNull(actor, "actor");
    }
}
