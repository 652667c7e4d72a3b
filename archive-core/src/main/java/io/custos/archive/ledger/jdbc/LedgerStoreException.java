package io.custos.archive.ledger.jdbc;

/** The ledger's tables or the event store could not be read or written. Messages carry no event content. */
public final class LedgerStoreException extends RuntimeException {
    public LedgerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
