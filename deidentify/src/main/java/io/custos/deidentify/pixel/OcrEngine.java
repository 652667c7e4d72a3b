package io.custos.deidentify.pixel;

import java.util.List;

/**
 * Reads words from an 8-bit grayscale image. Implementations are thread-safe: one serves every worker.
 */
public interface OcrEngine {

    /**
     * @param gray   row-major 8-bit samples, {@code width * height} of them
     * @return the words found, boxes in the coordinates of this image
     * @throws OcrException when the engine fails (the message holds no text read)
     */
    List<OcrWord> read(byte[] gray, int width, int height);
}
