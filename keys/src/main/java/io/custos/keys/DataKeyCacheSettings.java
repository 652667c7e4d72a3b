package io.custos.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the in-memory cache of unwrapped data keys: at most {@code maxSize} keys, each for at most
 * {@code ttl} after it was unwrapped (or created). Expired and evicted keys are zeroed. The TTL also bounds how
 * long another node may keep using a key after it was shredded here.
 */
public record DataKeyCacheSettings(int maxSize, Duration ttl) {

    public static final DataKeyCacheSettings DEFAULT = new DataKeyCacheSettings(1024, Duration.ofMinutes(5));

    public DataKeyCacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (maxSize < 1) {
            throw new IllegalArgumentException("data key cache max size must be positive");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("data key cache TTL must be positive");
        }
    }
}
