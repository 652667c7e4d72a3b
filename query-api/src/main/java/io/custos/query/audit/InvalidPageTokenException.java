package io.custos.query.audit;

/** A page token that this server did not issue for this question (tampered, or from another question). */
public final class InvalidPageTokenException extends RuntimeException {
    public InvalidPageTokenException() {
        super("The page token is not valid for this question");
    }
}
