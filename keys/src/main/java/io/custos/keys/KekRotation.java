package io.custos.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation of a scope's KEK as an operator runs it: {@link #rotate} (new wraps use the new version at once),
 * {@link #rewrapOutdated} (moves every stored data key to the current version, page by page, each row replaced
 * with a compare-and-set on its old version so concurrent runs on several nodes never overwrite each other),
 * then {@link #retire} (refused while any data key is still wrapped under the version or an older one).
 * Data keys themselves do not change, so blobs and sealed event fields need no re-encryption.
 */
public final class KekRotation {

    public static final int DEFAULT_PAGE_SIZE = 500;
    private static final Logger log = LoggerFactory.getLogger(KekRotation.class);

    private final KeyEncryptionKeys keks;
    private final WrappedKeyRepository repository;
    private final int pageSize;

    public KekRotation(KeyEncryptionKeys keks, WrappedKeyRepository repository, int pageSize) {
        this.keks = Objects.requireNonNull(keks, "keks");
        this.repository = Objects.requireNonNull(repository, "repository");
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = pageSize;
    }

    public KekStatus status(KeyScope scope) {
        return new KekStatus(scope, keks.versions(scope), repository.countByKekVersion(scope));
    }

    /** A new current version; existing data keys stay readable under their old one until rewrapped. */
    public KekVersions rotate(KeyScope scope) {
        return keks.rotate(scope);
    }

    /**
     * Rewraps every data key of {@code scope} below the current version (read once at the start).
     *
     * @param onPage told the running totals after each page
     */
    public RewrapProgress rewrapOutdated(KeyScope scope, Consumer<RewrapProgress> onPage) {
        KekVersions versions = keks.versions(scope);
        RewrapProgress progress = new RewrapProgress(scope, versions.kekId(), versions.current(), 0, 0, 0);
        String after = null;
        while (true) {
            List<StoredDataKey> page = repository.findWrappedBelow(scope, versions.current(), after, pageSize);
            if (page.isEmpty()) {
                break;
            }
            List<WrappedKeyReplacement> replacements = new ArrayList<>(page.size());
            long failed = 0;
            for (StoredDataKey row : page) {
                try {
                    replacements.add(new WrappedKeyReplacement(row.keyId(), row.wrapped().kekVersion(),
                            keks.rewrap(scope, row.wrapped(),
                                    StudyKeyBinding.associatedData(row.keyId(), row.studyRef()))));
                } catch (KeyServiceException e) {
                    // The key id only; the row's study reference is never printed.
                    log.warn("cannot rewrap data key {} of {}: {}", row.keyId(), scope.label(), e.getMessage());
                    failed++;
                }
            }
            long rewrapped = repository.replaceWrapped(replacements);
            long skipped = replacements.size() - rewrapped;
            progress = progress.plus(rewrapped, skipped, failed);
            onPage.accept(progress);
            after = page.get(page.size() - 1).keyId();
        }
        log.info("rewrap of {} to version {}: {} rewrapped, {} skipped, {} failed", progress.kekId(),
                progress.targetVersion(), progress.rewrapped(), progress.skipped(), progress.failed());
        return progress;
    }

    /**
     * Retires {@code version} and every older one (they stop decrypting).
     *
     * @throws KekRetirementRefusedException if it is the current version or data keys are still wrapped under it
     */
    public KekVersions retire(KeyScope scope, int version) {
        KekStatus status = status(scope);
        if (version >= status.versions().current()) {
            throw new KekRetirementRefusedException("version " + version + " of " + status.versions().kekId()
                    + " cannot be retired: the current version is " + status.versions().current());
        }
        long remaining = status.keysUpTo(version);
        if (remaining > 0) {
            throw new KekRetirementRefusedException("version " + version + " of " + status.versions().kekId()
                    + " cannot be retired: " + remaining + " data keys are still wrapped under it or an older"
                    + " version; rewrap them first");
        }
        return keks.retire(scope, version);
    }
}
