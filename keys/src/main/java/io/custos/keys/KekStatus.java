package io.custos.keys;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A scope's KEK versions with the number of stored data keys wrapped under each version. */
public record KekStatus(KeyScope scope, KekVersions versions, SortedMap<Integer, Long> wrappedKeysByVersion) {

    public KekStatus {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(versions, "versions");
        wrappedKeysByVersion = Collections.unmodifiableSortedMap(new TreeMap<>(wrappedKeysByVersion));
    }

    /** Data keys still wrapped under a version older than the current one: what a rewrap has left to do. */
    public long outdatedKeys() {
        return wrappedKeysByVersion.headMap(versions.current()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Data keys wrapped under {@code version} or any older one. */
    public long keysUpTo(int version) {
        return wrappedKeysByVersion.headMap(version + 1).values().stream().mapToLong(Long::longValue).sum();
    }
}
