package io.custos.keys;

/** A KEK version cannot be retired now: it is the current one, or data keys are still wrapped under it. */
public final class KekRetirementRefusedException extends KeyServiceException {
    public KekRetirementRefusedException(String message) {
        super(message);
    }
}
