package io.custos.server.ledger;

/**
 * A second, append-only place the published checkpoints are copied to after each sealing tick (e.g. an S3
 * bucket with object lock), so that an auditor can take them from storage the archive's operators cannot
 * rewrite. Copies the exact bytes of the checkpoint files; never changes or deletes what it already holds.
 */
public interface CheckpointMirror {

    /**
     * Copies every checkpoint not yet mirrored.
     *
     * @return how many were copied by this call
     */
    int mirrorPending();
}
