package io.custos.keys;

/** A key operation failed. Messages never carry key material or protected data. */
public class KeyServiceException extends RuntimeException {
    public KeyServiceException(String message) {
        super(message);
    }

    public KeyServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
