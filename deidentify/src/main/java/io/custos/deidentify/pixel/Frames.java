package io.custos.deidentify.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;

/**
 * The decoded frames of one data set (PixelMed's {@link SourceImage}, which decompresses encapsulated pixel data
 * with the codecs it has), and what OCR needs to turn their stored values into grey levels. Reading only: the
 * frames are not written back.
 */
record Frames(SourceImage image, int count, int width, int height, GrayFrame.Window window) {

    /** @throws Exception whatever the toolkit throws on pixel data it cannot decode */
    static Frames decode(AttributeList dataset, String transferSyntax) throws Exception {
        AttributeList work = new AttributeList();
        work.putAll(dataset);
        BurnedInTextScrubber.putTransferSyntax(work, transferSyntax);
        SourceImage image = new SourceImage(work);
        int count = image.getNumberOfBufferedImages();
        if (!image.isImage() || count < 1 || image.getWidth() < 1 || image.getHeight() < 1) {
            throw new DicomException("no decodable frames");
        }
        // Decode every frame now: a codec failure must surface here, as "not decodable".
        for (int i = 0; i < count; i++) {
            if (image.getBufferedImage(i) == null) {
                throw new DicomException("frame not decodable");
            }
        }
        String photometric = text(dataset, TagFromName.PhotometricInterpretation);
        GrayFrame.Window window = new GrayFrame.Window(
                decimal(dataset, TagFromName.RescaleSlope, 1.0), decimal(dataset, TagFromName.RescaleIntercept, 0.0),
                optional(dataset, TagFromName.WindowCenter), optional(dataset, TagFromName.WindowWidth),
                Attribute.getSingleIntegerValueOrDefault(dataset, TagFromName.PixelRepresentation, 0) == 1,
                Attribute.getSingleIntegerValueOrDefault(dataset, TagFromName.BitsStored,
                        Attribute.getSingleIntegerValueOrDefault(dataset, TagFromName.BitsAllocated, 16)),
                "MONOCHROME1".equals(photometric));
        return new Frames(image, count, image.getWidth(), image.getHeight(), window);
    }

    /**
     * The stored value a redaction box is filled with: the darkest value of the first frame as displayed (its
     * minimum for MONOCHROME2, maximum for MONOCHROME1), so boxes look black and hold a value the modality
     * produces (air on CT rather than 0, which is water with a rescale intercept of 0); 0 for colour.
     */
    int darkestStoredValue() {
        BufferedImage first = frame(0);
        if (first.getRaster().getNumBands() != 1) {
            return 0;
        }
        int[] samples = first.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
        int bits = Math.max(1, Math.min(window.bitsStored(), 31));
        long mask = (1L << bits) - 1;
        long best = window.monochrome1() ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (int sample : samples) {
            long stored = sample & mask;
            if (window.signed() && (stored & (1L << (bits - 1))) != 0) {
                stored -= 1L << bits;
            }
            best = window.monochrome1() ? Math.max(best, stored) : Math.min(best, stored);
        }
        return (int) best;
    }

    BufferedImage frame(int index) {
        return image.getBufferedImage(index);
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    private static double decimal(AttributeList list, AttributeTag tag, double otherwise) {
        Double value = optional(list, tag);
        return value == null ? otherwise : value;
    }

    private static Double optional(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        if (attribute == null || attribute.getVM() == 0) {
            return null;
        }
        try {
            double[] values = attribute.getDoubleValues();
            return values == null || values.length == 0 ? null : values[0];
        } catch (DicomException | NumberFormatException e) {
            return null;
        }
    }
}
