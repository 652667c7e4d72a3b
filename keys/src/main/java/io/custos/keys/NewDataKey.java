package io.custos.keys;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/** A freshly generated data key: its clear bytes (zero them with {@link #destroy()}) and the same key wrapped. */
public final class NewDataKey implements Destroyable {

    private final byte[] plaintext;
    private final WrappedKey wrapped;

    public NewDataKey(byte[] plaintext, WrappedKey wrapped) {
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
    }

    /** The clear key: this object's own array, zeroed by {@link #destroy()}. */
    public byte[] plaintext() {
        return plaintext;
    }

    public WrappedKey wrapped() {
        return wrapped;
    }

    @Override
    public void destroy() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
        return "NewDataKey[" + wrapped + "]";
    }
}
