package io.custos.keys;

/**
 * Counts of one rewrap run over a scope's data keys: {@code rewrapped} now under {@code targetVersion} (or later),
 * {@code skipped} changed by someone else meanwhile (another node rewrapped it, or it was shredded), {@code failed}
 * refused by the key service (e.g. a tampered row); failed rows keep their old wrapping and are counted again
 * by the next run.
 */
public record RewrapProgress(KeyScope scope, String kekId, int targetVersion, long rewrapped, long skipped,
                             long failed) {

    RewrapProgress plus(long moreRewrapped, long moreSkipped, long moreFailed) {
        return new RewrapProgress(scope, kekId, targetVersion, rewrapped + moreRewrapped, skipped + moreSkipped,
                failed + moreFailed);
    }
}
