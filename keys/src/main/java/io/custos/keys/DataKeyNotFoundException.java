package io.custos.keys;

/**
 * No data key with this id exists: it was shredded (the study was deleted) or never created. Readers of old
 * events tell this apart from a failing key service: what it sealed is gone for good, not unavailable.
 */
public final class DataKeyNotFoundException extends KeyServiceException {
    public DataKeyNotFoundException(String keyId) {
        super("no data key " + keyId);
    }
}
