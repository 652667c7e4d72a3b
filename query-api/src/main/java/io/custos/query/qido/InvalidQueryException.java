package io.custos.query.qido;

/**
 * A QIDO request the server will not evaluate (PS3.18 10.6.1: 400 Bad Request). The message is the
 * problem+json "detail": it names parameters and attributes, never their values, which may be PHI.
 */
public class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String detail) {
        super(detail);
    }
}
