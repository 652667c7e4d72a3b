package io.custos.deidentify.release;

import java.util.List;
import java.util.Objects;

/**
 * What the pixel step did to one instance: how the pixels were treated and which regions were blacked out.
 * Geometry and codes only, never the text that was read (it may be PHI).
 *
 * @param treatment how the pixel data was handled
 * @param regions   the redacted rectangles, in pixel coordinates of the frame they belong to
 */
public record PixelReport(Treatment treatment, List<Region> regions) {

    public enum Treatment {
        /** No pixel data (SR, presentation states, ...): nothing to check. */
        NO_PIXELS,
        /** Checked (rules and OCR); nothing to redact; pixel data passed through unchanged. */
        CHECKED_UNCHANGED,
        /** JPEG baseline redacted in place, losslessly outside the 8x8 blocks touched (PixelMed codec). */
        REDACTED_JPEG_BLOCKS,
        /** Decoded, redacted and written in a lossless transfer syntax. */
        REDACTED_REENCODED,
        /** Not exported (see the exclusion reason). */
        NOT_RELEASED
    }

    /** Why a region was redacted: a device location rule, or OCR text that identifies. */
    public enum Finding { LOCATION_RULE, OCR_TEXT }

    public record Region(int frame, int x, int y, int width, int height, Finding finding) {
    }

    public PixelReport {
        Objects.requireNonNull(treatment, "treatment");
        regions = List.copyOf(regions);
    }

    public static PixelReport of(Treatment treatment) {
        return new PixelReport(treatment, List.of());
    }
}
