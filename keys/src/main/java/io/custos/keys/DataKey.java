package io.custos.keys;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A per-study 256-bit data-encryption key in the clear. The material is reachable only from this package
 * (the ciphers); {@link #destroy()} zeroes it and any later use fails. Instances handed out by
 * {@link StudyKeys} are the caller's own copy, so destroying one never pulls the key from under another user.
 */
public final class DataKey implements Destroyable {

    static final int LENGTH_BYTES = 32;

    private final String id;
    private final KeyScope scope;
    private final byte[] material;
    private volatile boolean destroyed;

    DataKey(String id, KeyScope scope, byte[] material) {
        this.id = Objects.requireNonNull(id, "id");
        this.scope = Objects.requireNonNull(scope, "scope");
        if (material.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("data key must be " + LENGTH_BYTES + " bytes");
        }
        this.material = material.clone();
    }

    public String id() {
        return id;
    }

    public KeyScope scope() {
        return scope;
    }

    /**
     * Key bytes for the ciphers in this package; a copy, which the caller should zero after use. Synchronized
     * with {@link #destroy()}, so a copy is either whole or refused, never half zeroed.
     */
    synchronized byte[] material() {
        byte[] copy = material.clone();
        if (destroyed) {
            Arrays.fill(copy, (byte) 0);
            throw new KeyServiceException("data key " + id + " has been destroyed");
        }
        return copy;
    }

    /** An independent copy with its own lifetime. */
    DataKey copy() {
        byte[] bytes = material();
        try {
            return new DataKey(id, scope, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        Arrays.fill(material, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DataKey[" + id + ", " + scope.label() + (destroyed ? ", destroyed" : "") + "]";
    }
}
