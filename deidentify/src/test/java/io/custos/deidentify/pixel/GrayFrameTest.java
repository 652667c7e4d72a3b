package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Preparing frames for OCR (no OCR here). */
class GrayFrameTest {

    @Test
    void theWindowMapsStoredValuesToGreyLevelsAndMonochrome1IsInverted() {
        BufferedImage frame = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] stored = {0, 864, 1064, 4000};      // with intercept -1024: -1024, -160, 40, 2976 HU
        frame.getRaster().setPixels(0, 0, 4, 1, stored);
        GrayFrame.Window window = new GrayFrame.Window(1, -1024, 40.0, 400.0, false, 12, false);
        GrayFrame gray = GrayFrame.of(frame, window);
        assertThat(gray.scale()).isEqualTo(3);
        int row = gray.width();
        assertThat(gray.pixels()[0] & 0xff).isZero();
        assertThat(gray.pixels()[row * 1 + 3 * 1] & 0xff).isBetween(0, 2);   // -160 HU: the window's lower edge
        GrayFrame inverted = GrayFrame.of(frame, new GrayFrame.Window(1, -1024, 40.0, 400.0, false, 12, true));
        assertThat(inverted.pixels()[0] & 0xff).isEqualTo(255);
    }

    @Test
    void withoutAWindowTheFramesRangeIsUsedAndSignedValuesAreSignExtended() {
        BufferedImage frame = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        frame.getRaster().setPixels(0, 0, 2, 1, new int[] {0xFC18, 1000});   // -1000 and 1000 as signed 16-bit
        GrayFrame gray = GrayFrame.of(frame, new GrayFrame.Window(1, 0, null, null, true, 16, false));
        assertThat(gray.pixels()[0] & 0xff).isZero();
        assertThat(gray.pixels()[gray.width() - 1] & 0xff).isEqualTo(255);
    }

    @Test
    void largeFramesAreNotUpscaled() {
        assertThat(GrayFrame.upscaled(new byte[1200 * 10], 1200, 10).scale()).isEqualTo(1);
        assertThat(GrayFrame.upscaled(new byte[512 * 512], 512, 512).scale()).isEqualTo(2);
        assertThat(GrayFrame.upscaled(new byte[256 * 256], 256, 256).scale()).isEqualTo(3);
    }

    @Test
    void regionsGoBackToOriginalCoordinatesPaddedAndClipped() {
        var region = BurnedInTextScrubber.region(0, new OcrWord("x", 90, 30, 60, 90, 30, 0), 3, 256, 256);
        assertThat(region.x()).isEqualTo(10 - BurnedInTextScrubber.PADDING);
        assertThat(region.y()).isEqualTo(20 - BurnedInTextScrubber.PADDING);
        assertThat(region.width()).isEqualTo(30 + 2 * BurnedInTextScrubber.PADDING);
        assertThat(region.height()).isEqualTo(10 + 2 * BurnedInTextScrubber.PADDING);
        var clipped = BurnedInTextScrubber.region(0, new OcrWord("x", 90, 0, 0, 768, 768, 0), 3, 256, 256);
        assertThat(clipped).extracting("x", "y", "width", "height").containsExactly(0, 0, 256, 256);
    }
}
