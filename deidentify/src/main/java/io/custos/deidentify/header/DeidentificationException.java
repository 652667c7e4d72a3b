package io.custos.deidentify.header;

/**
 * De-identification of one instance failed. The message names the attribute path, never a value (no PHI in
 * exception messages). The toolkit's exception is not chained, because its message may quote the value it could
 * not handle; only its type is kept in the message.
 */
public final class DeidentificationException extends RuntimeException {

    public DeidentificationException(String message, Exception toolkitFailure) {
        super(message + " (" + toolkitFailure.getClass().getSimpleName() + ")");
    }
}
