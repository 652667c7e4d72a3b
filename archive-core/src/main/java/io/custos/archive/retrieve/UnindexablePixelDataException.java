package io.custos.archive.retrieve;

/** The object has no pixel data, or its frames cannot be located without decoding it. Holds no PHI. */
public final class UnindexablePixelDataException extends Exception {
    public UnindexablePixelDataException(String message) {
        super(message);
    }
}
