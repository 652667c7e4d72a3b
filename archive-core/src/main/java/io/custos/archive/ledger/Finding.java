package io.custos.archive.ledger;

/**
 * The first inconsistency a verification found. {@code position} is the chain position where it shows (for an
 * inserted event: the position it would take).
 */
public record Finding(ChainId chain, long position, Kind kind, String detail) {

    public enum Kind {
        /** The event at this position is there, but its stored bytes differ from what was sealed. */
        MODIFIED,
        /** The sealed event at this position is no longer in the event store. */
        MISSING,
        /** An event of the chain is in the store that was never sealed at this place. */
        INSERTED,
        /** The sealed events are all there, but the store orders them differently. */
        REORDERED,
        /** A checkpoint's signature does not verify, or its root or last link disagree with the links. */
        CHECKPOINT_INVALID,
        /** A checkpoint is missing from the published sequence (a gap between two checkpoints' ranges). */
        CHECKPOINT_MISSING,
        /**
         * Events older than the sealer's cadence allows are covered by no published checkpoint: the latest
         * checkpoints were withheld or dropped, or the sealer is not running.
         */
        UNCHECKPOINTED
    }
}
