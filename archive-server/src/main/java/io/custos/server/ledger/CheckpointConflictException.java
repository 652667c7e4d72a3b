package io.custos.server.ledger;

/**
 * The bucket already holds a different checkpoint under the same name: two histories claim the same range of a
 * chain. Never resolved automatically; {@code custos verify} against each copy tells which one the event store
 * matches.
 */
public final class CheckpointConflictException extends IllegalStateException {

    public CheckpointConflictException(String key) {
        super("the published checkpoint " + key + " differs from the local checkpoint file of the same range");
    }
}
