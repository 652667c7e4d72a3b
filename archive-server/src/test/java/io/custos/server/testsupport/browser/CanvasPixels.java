package io.custos.server.testsupport.browser;

import java.util.Map;

/**
 * What a page's canvases show, read in the page with {@code getImageData}: whether anything is drawn at all.
 * A blank canvas (all one colour, e.g. the black background before an image arrives) has one distinct
 * value; a rendered medical image has many grey levels.
 *
 * @param canvases      canvases found by the selector
 * @param width         width of the largest canvas, in pixels
 * @param height        its height
 * @param distinctGreys distinct values of the red channel over a sampling grid of that canvas
 * @param nonBlack      sampled pixels that are not black
 */
public record CanvasPixels(long canvases, long width, long height, long distinctGreys, long nonBlack) {

    private static final String PROBE = """
            const canvases = Array.from(document.querySelectorAll(arguments[0]));
            let best = null;
            for (const c of canvases) {
              if (c.width > 0 && c.height > 0 && (!best || c.width * c.height > best.width * best.height)) best = c;
            }
            if (!best) return {canvases: canvases.length, width: 0, height: 0, distinct: 0, nonBlack: 0};
            const ctx = best.getContext('2d', {willReadFrequently: true});
            if (!ctx) return {canvases: canvases.length, width: best.width, height: best.height, distinct: -1, nonBlack: -1};
            const data = ctx.getImageData(0, 0, best.width, best.height).data;
            const seen = new Set();
            let nonBlack = 0;
            const step = Math.max(1, Math.floor(Math.min(best.width, best.height) / 128));
            for (let y = 0; y < best.height; y += step) {
              for (let x = 0; x < best.width; x += step) {
                const i = (y * best.width + x) * 4;
                seen.add(data[i]);
                if (data[i] + data[i + 1] + data[i + 2] > 0) nonBlack++;
              }
            }
            return {canvases: canvases.length, width: best.width, height: best.height, distinct: seen.size, nonBlack: nonBlack};
            """;

    /** Reads the largest 2D canvas matching {@code cssSelector}. */
    public static CanvasPixels read(HeadlessChromium browser, String cssSelector) {
        Map<String, Object> r = browser.scriptMap(PROBE, cssSelector);
        return new CanvasPixels(number(r, "canvases"), number(r, "width"), number(r, "height"),
                number(r, "distinct"), number(r, "nonBlack"));
    }

    /** More than a handful of grey levels: an image, not a cleared or uniformly filled canvas. */
    public boolean showsAnImage() {
        return distinctGreys > 16 && nonBlack > 0;
    }

    private static long number(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).longValue();
    }
}
