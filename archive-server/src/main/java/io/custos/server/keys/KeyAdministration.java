package io.custos.server.keys;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.keymanagement.api.DataKeysRewrappedEvent;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.archive.keymanagement.api.KeyAdministrationRefusedEvent;
import io.custos.keys.KekRetirementRefusedException;
import io.custos.keys.KekRotation;
import io.custos.keys.KekStatus;
import io.custos.keys.KekVersions;
import io.custos.keys.KeyScope;
import io.custos.keys.RewrapProgress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant admin's key operations on the tenant's KEK in this node's region. Rotation returns at once and
 * rewraps the stored data keys in the background; rotation, the rewrap's completion, retirement and every
 * refusal are events (published outside a unit of work, so durable when {@code publish} returns).
 *
 * <p>One rewrap per scope runs on this node at a time; another node may run one too (the repository's
 * compare-and-set keeps them from overwriting each other), and a rewrap interrupted by a restart is resumed by
 * {@link #rewrap}.
 */
final class KeyAdministration {

    private static final Logger log = LoggerFactory.getLogger(KeyAdministration.class);

    private final KekRotation rotation;
    private final EventGateway events;
    private final String region;
    private final ExecutorService executor;
    /** Latest progress of the running rewrap per scope; absent when none runs. */
    private final Map<KeyScope, RewrapProgress> running = new ConcurrentHashMap<>();

    KeyAdministration(KekRotation rotation, EventGateway events, String region, ExecutorService executor) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.events = Objects.requireNonNull(events, "events");
        this.region = Objects.requireNonNull(region, "region");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    KekStatus status(String tenant) {
        return rotation.status(scope(tenant));
    }

    /** The running rewrap's progress for the tenant in this region, if one runs. */
    Optional<RewrapProgress> rewrapInProgress(String tenant) {
        return Optional.ofNullable(running.get(scope(tenant)));
    }

    /** New KEK version, then the background rewrap of every older data key. */
    KekRotatedEvent rotate(AccessActor actor) {
        KeyScope scope = scope(actor.tenant());
        RewrapProgress started = new RewrapProgress(scope, "", 0, 0, 0, 0);
        if (running.putIfAbsent(scope, started) != null) {
            throw refused(actor, "rotation", "a rewrap of this tenant's data keys is still running");
        }
        try {
            KekStatus before = rotation.status(scope);
            KekVersions after = rotation.rotate(scope);
            KekRotatedEvent rotated = new KekRotatedEvent(scope.tenant(), scope.region(), after.kekId(),
                    before.versions().current(), after.current(), before.keysUpTo(before.versions().current()), actor);
            events.publish(rotated);
            startRewrap(scope, actor);
            return rotated;
        } catch (RuntimeException e) {
            running.remove(scope);
            throw e;
        }
    }

    /** Rewraps what is still under an older version (e.g. after a restart interrupted the last run). */
    void rewrap(AccessActor actor) {
        KeyScope scope = scope(actor.tenant());
        if (running.putIfAbsent(scope, new RewrapProgress(scope, "", 0, 0, 0, 0)) != null) {
            throw refused(actor, "rewrap", "a rewrap of this tenant's data keys is still running");
        }
        startRewrap(scope, actor);
    }

    KekVersionRetiredEvent retire(AccessActor actor, int version) {
        KeyScope scope = scope(actor.tenant());
        if (running.containsKey(scope)) {
            throw refused(actor, "retirement", "a rewrap of this tenant's data keys is still running");
        }
        KekVersions after;
        try {
            after = rotation.retire(scope, version);
        } catch (KekRetirementRefusedException e) {
            throw refused(actor, "retirement", e.getMessage());
        }
        KekVersionRetiredEvent retired = new KekVersionRetiredEvent(scope.tenant(), scope.region(), after.kekId(),
                after.minDecryptionVersion() - 1, after.current(), actor);
        events.publish(retired);
        return retired;
    }

    private void startRewrap(KeyScope scope, AccessActor actor) {
        try {
            executor.execute(() -> {
                try {
                    RewrapProgress done = rotation.rewrapOutdated(scope, progress -> running.put(scope, progress));
                    events.publish(new DataKeysRewrappedEvent(scope.tenant(), scope.region(), done.kekId(),
                            done.targetVersion(), done.rewrapped(), done.skipped(), done.failed(), actor));
                } catch (RuntimeException e) {
                    log.error("rewrap of the data keys of {} stopped: {}", scope.label(), e.toString());
                } finally {
                    running.remove(scope);
                }
            });
        } catch (RuntimeException e) {
            running.remove(scope);
            throw e;
        }
    }

    private KeyAdministrationConflictException refused(AccessActor actor, String operation, String reason) {
        events.publish(new KeyAdministrationRefusedEvent(actor.tenant(), region, operation, reason, actor));
        return new KeyAdministrationConflictException(reason);
    }

    private KeyScope scope(String tenant) {
        return new KeyScope(tenant, region);
    }
}
