package io.custos.deidentify.pixel;

/**
 * One word read by OCR: its text, Tesseract's confidence (0–100), its bounding box in the coordinates of the
 * image that was read, and the text line it belongs to (0-based, in reading order). The text may be PHI: never
 * log it.
 */
public record OcrWord(String text, float confidence, int x, int y, int width, int height, int line) {
}
