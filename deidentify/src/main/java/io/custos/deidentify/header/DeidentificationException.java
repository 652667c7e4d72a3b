package io.custos.deidentify.header;

/**
 * De-identification of one instance failed. The message names the attribute path, never a value (no PHI in
 * exception messages).
 */
public final class DeidentificationException extends RuntimeException {

    public DeidentificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
