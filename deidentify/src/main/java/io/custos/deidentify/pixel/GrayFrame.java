package io.custos.deidentify.pixel;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * One decoded frame made ready for OCR: 8-bit grayscale, upscaled when small. Stored values go through the
 * modality rescale and the window (center/width of the header if present, else the frame's min/max) so that
 * text burned in at any grey level on a 16-bit CT becomes dark-on-light or light-on-dark contrast Tesseract can
 * binarise; colour goes to luminance. {@code scale} maps back: original = ocr / scale.
 */
record GrayFrame(byte[] pixels, int width, int height, int scale) {

    /** Frames smaller than this (largest side) are upscaled: Tesseract wants glyphs ~20–40 px high. */
    static final int UPSCALE_BELOW = 1000;

    /** Window to apply to grayscale stored values; null center/width means min/max of the frame. */
    record Window(double slope, double intercept, Double center, Double width, boolean signed, int bitsStored,
                  boolean monochrome1) {
    }

    static GrayFrame of(BufferedImage frame, Window window) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        byte[] gray = new byte[w * h];
        Raster raster = frame.getRaster();
        if (raster.getNumBands() >= 3) {
            int[] rgb = new int[3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, rgb);
                    gray[y * w + x] = (byte) ((rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000);
                }
            }
        } else {
            double[] values = new double[w * h];
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            int bits = Math.max(1, Math.min(window.bitsStored(), 31));
            long mask = (1L << bits) - 1;
            for (int i = 0; i < samples.length; i++) {
                long stored = samples[i] & mask;
                if (window.signed() && (stored & (1L << (bits - 1))) != 0) {
                    stored -= 1L << bits;
                }
                double value = stored * window.slope() + window.intercept();
                values[i] = value;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            double low;
            double high;
            if (window.center() != null && window.width() != null && window.width() >= 1) {
                low = window.center() - 0.5 - (window.width() - 1) / 2;
                high = window.center() - 0.5 + (window.width() - 1) / 2;
            } else {
                low = min;
                high = max;
            }
            double range = Math.max(high - low, 1e-9);
            for (int i = 0; i < values.length; i++) {
                double v = (values[i] - low) / range;
                int g = (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
                gray[i] = (byte) (window.monochrome1() ? 255 - g : g);
            }
        }
        return upscaled(gray, w, h);
    }

    static GrayFrame upscaled(byte[] gray, int w, int h) {
        int scale = Math.max(w, h) < UPSCALE_BELOW / 2 ? 3 : Math.max(w, h) < UPSCALE_BELOW ? 2 : 1;
        if (scale == 1) {
            return new GrayFrame(gray, w, h, 1);
        }
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        small.getRaster().setDataElements(0, 0, w, h, gray);
        BufferedImage large = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_BYTE_GRAY);
        var g = large.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, w * scale, h * scale, null);
        g.dispose();
        return new GrayFrame(((DataBufferByte) large.getRaster().getDataBuffer()).getData(), w * scale, h * scale,
                scale);
    }

    /**
     * Local contrast, both polarities in one image: each pixel's distance from the mean of its neighbourhood
     * ({@code radius} pixels each way), amplified, as dark on white. Text on a structured background (a label
     * over the "anatomy", white on grey) is lost by a global threshold; here uniform regions and slow gradients
     * become white, and strokes dark whether they were light on dark or dark on light.
     */
    GrayFrame localContrast(int radius, int gain) {
        int w = width;
        int h = height;
        long[] integral = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            long row = 0;
            for (int x = 0; x < w; x++) {
                row += pixels[y * w + x] & 0xff;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - radius);
            int y1 = Math.min(h, y + radius + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - radius);
                int x1 = Math.min(w, x + radius + 1);
                long sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0]
                        + integral[y0 * (w + 1) + x0];
                double mean = (double) sum / ((long) (x1 - x0) * (y1 - y0));
                int d = (int) Math.abs(((pixels[y * w + x] & 0xff) - mean) * gain);
                out[y * w + x] = (byte) (255 - Math.min(255, d));
            }
        }
        return new GrayFrame(out, w, h, scale);
    }

    /** Below this maximum grey level a frame has no full-intensity overlay to isolate. */
    static final int BRIGHT_OVERLAY_MINIMUM = 192;

    int maximum() {
        int max = 0;
        for (byte p : pixels) {
            max = Math.max(max, p & 0xff);
        }
        return max;
    }

    /**
     * Only the brightest grey levels (within {@code margin} of the frame's maximum), as black on white. Burned-in
     * annotations are usually drawn at full intensity, above anything the window shows of the anatomy; on their
     * own they read cleanly even where they cross structure.
     */
    GrayFrame brightest(int margin) {
        int threshold = Math.max(1, maximum() - margin);
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((pixels[i] & 0xff) >= threshold ? 0 : 255);
        }
        return new GrayFrame(out, width, height, scale);
    }

    /**
     * The readings OCR gets of this frame: as windowed, its local contrast, and (when something in it reaches
     * {@value #BRIGHT_OVERLAY_MINIMUM}) its brightest levels. A frame whose brightest pixels are the top of its
     * noise gives only speckle there: measured, that reading then cost as much as the two others together and
     * returned nothing but fragments.
     */
    java.util.List<GrayFrame> readings() {
        GrayFrame contrast = localContrast(8 * scale, 3);
        return maximum() >= BRIGHT_OVERLAY_MINIMUM ? java.util.List.of(this, contrast, brightest(40))
                : java.util.List.of(this, contrast);
    }

    /** The same frame with dark and light swapped. */
    GrayFrame inverted() {
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (255 - (pixels[i] & 0xff));
        }
        return new GrayFrame(out, width, height, scale);
    }
}
