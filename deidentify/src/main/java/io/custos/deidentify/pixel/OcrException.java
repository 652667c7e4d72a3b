package io.custos.deidentify.pixel;

/** The OCR engine could not read an image. Its message never holds text read from the image. */
public final class OcrException extends RuntimeException {

    public OcrException(String message) {
        super(message);
    }
}
