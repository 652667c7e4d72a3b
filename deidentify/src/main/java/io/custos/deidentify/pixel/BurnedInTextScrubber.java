package io.custos.deidentify.pixel;

import com.pixelmed.codec.jpeg.Parse;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.OtherWordAttributeMultipleFrameArrays;
import com.pixelmed.dicom.OtherByteAttributeMultipleFrameArrays;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.display.ImageEditUtilities;
import com.pixelmed.display.SourceImage;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.PixelReport.Finding;
import io.custos.deidentify.release.PixelReport.Region;
import io.custos.deidentify.release.PixelReport.Treatment;
import io.custos.deidentify.release.PixelResult;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Vector;
import java.util.function.UnaryOperator;

/**
 * The pixel step of a release (DICOM PS3.15 E.3.1 Clean Pixel Data Option): every frame of every image is read
 * by OCR, whether or not Burned In Annotation says YES (a YES only guarantees text; a missing or NO value is no
 * proof of its absence, and what could not be checked is never exported). Identifying words ({@link TextJudge})
 * and the rectangles of matching {@link LocationRules} are blacked out; then the result is decoded and read
 * again, and released only if the same judge finds nothing identifying.
 *
 * <ul>
 *   <li>no Pixel Data (SR, KO, presentation states): passed unchanged, {@code NO_PIXELS};</li>
 *   <li>nothing found: pixel data passed through byte for byte, {@code CHECKED_UNCHANGED};</li>
 *   <li>JPEG baseline: the 8x8 blocks (MCUs) under the rectangles are replaced in the compressed stream by
 *   PixelMed's codec (the parser behind {@code ImageEditUtilities.blackoutJPEGBlocks}, here in memory per frame):
 *   no re-compression, every other block bit-identical, {@code REDACTED_JPEG_BLOCKS};</li>
 *   <li>other decodable syntaxes: decoded, blacked out ({@code ImageEditUtilities.blackout}), written native in
 *   Explicit VR Little Endian (lossless), {@code REDACTED_REENCODED};</li>
 *   <li>undecodable (JPEG-LS, 12-bit JPEG, float pixels, anything the toolkit throws on):
 *   {@code PIXELS_NOT_DECODABLE}; redacted but not writable: {@code PIXELS_NOT_REENCODABLE}; text still found by
 *   the verification pass: {@code PHI_REMAINS_IN_PIXELS}.</li>
 * </ul>
 * The rectangles found on any frame are blacked out on every frame of the instance (PixelMed's blackout applies
 * one set of shapes to all frames; for cine loops a banner moves rarely, and more black is the safe side).
 * Passed instances with pixels get Burned In Annotation NO (they were checked) and the Clean Pixel Data Option
 * code (DCM 113101) in De-identification Method Code Sequence; Recognizable Visual Features is left as it is.
 * The source is never modified: pixel data is copied before it is edited. Nothing read by OCR and no header
 * value goes into a message or log. Thread-safe when the OCR engine is (TesseractOcr is).
 */
public final class BurnedInTextScrubber implements PixelPath {

    /** Pixels added around each OCR word box (original pixel coordinates): anti-aliasing and descenders. */
    static final int PADDING = 3;
    static final String JPEG_BASELINE = TransferSyntax.JPEGBaseline;
    static final String CLEAN_PIXEL_DATA_CODE = "113101";

    private final OcrEngine ocr;
    private final LocationRules rules;
    private final UnaryOperator<List<Region>> redaction;

    public BurnedInTextScrubber(OcrEngine ocr, LocationRules rules) {
        this(ocr, rules, UnaryOperator.identity());
    }

    /**
     * With a filter between the regions found and the regions blacked out: for tests only (a deliberately
     * incomplete redaction must be caught by the verification pass).
     */
    BurnedInTextScrubber(OcrEngine ocr, LocationRules rules, UnaryOperator<List<Region>> redaction) {
        this.ocr = Objects.requireNonNull(ocr, "ocr");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    @Override
    public PixelResult check(AttributeList source, DeidentifiedInstance deidentified) {
        AttributeList dataset = deidentified.dataset();
        if (dataset.get(TagFromName.FloatPixelData) != null || dataset.get(TagFromName.DoubleFloatPixelData) != null) {
            return refused(ExclusionReason.PIXELS_NOT_DECODABLE, List.of());
        }
        if (dataset.get(TagFromName.PixelData) == null) {
            return new PixelResult.Passed(deidentified, PixelReport.of(Treatment.NO_PIXELS));
        }
        // PS3.15 E.3.1 leaves how to find burned-in text to the implementation and Burned In Annotation is only
        // a claim of the source: every image is read, whatever it says.
        TextJudge judge = TextJudge.of(source);
        String transferSyntax = deidentified.transferSyntaxUid();
        Frames frames;
        try {
            frames = Frames.decode(dataset, transferSyntax);
        } catch (Exception e) {
            return refused(ExclusionReason.PIXELS_NOT_DECODABLE, List.of());
        }
        List<Region> found = new ArrayList<>();
        for (Rectangle rule : rules.rectanglesFor(source)) {
            Rectangle clipped = rule.intersection(new Rectangle(0, 0, frames.width(), frames.height()));
            if (!clipped.isEmpty()) {
                found.add(new Region(0, clipped.x, clipped.y, clipped.width, clipped.height, Finding.LOCATION_RULE));
            }
        }
        try {
            found.addAll(identifyingText(frames, judge));
        } catch (Exception e) {
            return refused(ExclusionReason.PIXELS_NOT_DECODABLE, found);
        }
        if (found.isEmpty()) {
            return new PixelResult.Passed(stamped(deidentified, dataset, transferSyntax),
                    PixelReport.of(Treatment.CHECKED_UNCHANGED));
        }
        List<Region> toRedact = redaction.apply(List.copyOf(found));
        Vector<Shape> shapes = new Vector<>();
        for (Region region : toRedact) {
            shapes.add(new Rectangle(region.x(), region.y(), region.width(), region.height()));
        }
        AttributeList redacted;
        String outputSyntax;
        Treatment treatment;
        try {
            if (JPEG_BASELINE.equals(transferSyntax)
                    && dataset.get(TagFromName.PixelData) instanceof OtherByteAttributeMultipleCompressedFrames) {
                redacted = jpegBlocksBlackedOut(dataset, shapes);
                outputSyntax = transferSyntax;
                treatment = Treatment.REDACTED_JPEG_BLOCKS;
            } else {
                redacted = decodedBlackedOut(dataset, transferSyntax, shapes, frames.darkestStoredValue());
                outputSyntax = TransferSyntax.ExplicitVRLittleEndian;
                treatment = Treatment.REDACTED_REENCODED;
            }
        } catch (Exception e) {
            return refused(ExclusionReason.PIXELS_NOT_REENCODABLE, found);
        }
        // Verification pass: the output as a reader would decode it, read again by the same OCR and judge.
        try {
            if (!identifyingText(Frames.decode(redacted, outputSyntax), judge).isEmpty()) {
                return refused(ExclusionReason.PHI_REMAINS_IN_PIXELS, found);
            }
        } catch (Exception e) {
            return refused(ExclusionReason.PIXELS_NOT_REENCODABLE, found);
        }
        DeidentifiedInstance out = new DeidentifiedInstance(redacted, outputSyntax, deidentified.report());
        return new PixelResult.Passed(stamped(out, redacted, outputSyntax), new PixelReport(treatment, found));
    }

    private static PixelResult refused(ExclusionReason reason, List<Region> regions) {
        return new PixelResult.Refused(reason, new PixelReport(Treatment.NOT_RELEASED, regions));
    }

    /** OCR of every frame, identifying words as padded regions in original pixel coordinates. */
    private List<Region> identifyingText(Frames frames, TextJudge judge) {
        Set<Region> regions = new LinkedHashSet<>(); // a word read alike in two readings is one region
        for (int f = 0; f < frames.count(); f++) {
            GrayFrame gray = GrayFrame.of(frames.frame(f), frames.window());
            // Up to three readings (measured on the synthetic corpus; each finds text the others miss): the
            // windowed frame (Tesseract's global threshold: text on plain background), its local contrast (text
            // over structure, either polarity), and its brightest levels (full-intensity overlays across edges).
            for (GrayFrame reading : gray.readings()) {
                List<OcrWord> words = ocr.read(reading.pixels(), reading.width(), reading.height());
                boolean[] identifying = judge.identifying(words);
                for (int i = 0; i < words.size(); i++) {
                    if (identifying[i]) {
                        regions.add(region(f, words.get(i), gray.scale(), frames.width(), frames.height()));
                    }
                }
            }
        }
        return List.copyOf(regions);
    }

    static Region region(int frame, OcrWord word, int scale, int width, int height) {
        int x0 = Math.max(0, Math.floorDiv(word.x(), scale) - PADDING);
        int y0 = Math.max(0, Math.floorDiv(word.y(), scale) - PADDING);
        int x1 = Math.min(width, -Math.floorDiv(-(word.x() + word.width()), scale) + PADDING);
        int y1 = Math.min(height, -Math.floorDiv(-(word.y() + word.height()), scale) + PADDING);
        return new Region(frame, x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0), Finding.OCR_TEXT);
    }

    /** JPEG baseline: only the blocks under the shapes change, in the compressed stream of each frame. */
    private static AttributeList jpegBlocksBlackedOut(AttributeList dataset, Vector<Shape> shapes) throws Exception {
        OtherByteAttributeMultipleCompressedFrames pixels =
                (OtherByteAttributeMultipleCompressedFrames) dataset.get(TagFromName.PixelData);
        byte[][] frames = pixels.getFrames();
        byte[][] out = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            ByteArrayOutputStream redacted = new ByteArrayOutputStream(frames[i].length);
            Parse.parse(new ByteArrayInputStream(frames[i]), redacted, shapes);
            byte[] bytes = redacted.toByteArray();
            out[i] = bytes.length % 2 == 0 ? bytes : java.util.Arrays.copyOf(bytes, bytes.length + 1);
        }
        AttributeList result = copyOf(dataset);
        result.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, out));
        return result;
    }

    /** Any other syntax: decode, black out (PixelMed), keep native; the source's pixel arrays are copied first. */
    private static AttributeList decodedBlackedOut(AttributeList dataset, String transferSyntax, Vector<Shape> shapes,
                                                   int fill) throws Exception {
        AttributeList work = copyOf(dataset);
        work.put(privatePixelCopy(dataset.get(TagFromName.PixelData)));
        putTransferSyntax(work, transferSyntax);
        SourceImage image = new SourceImage(work);
        ImageEditUtilities.blackout(image, work, shapes, false, false, true, fill);
        work.remove(TagFromName.TransferSyntaxUID);
        work.put(singleArray(work.get(TagFromName.PixelData)));
        if (!TransferSyntax.ExplicitVRLittleEndian.equals(transferSyntax)
                && !TransferSyntax.ImplicitVRLittleEndian.equals(transferSyntax)) {
            work.correctDecompressedImagePixelModule(true);
        }
        return work;
    }

    /**
     * PixelMed's blackout leaves one array per frame (OtherWord/OtherByteAttributeMultipleFrameArrays); one plain
     * OW/OB value is what every reader of the released instance (NIfTI assembly included) expects.
     */
    private static Attribute singleArray(Attribute pixelData) throws DicomException {
        if (pixelData instanceof OtherWordAttributeMultipleFrameArrays perFrame) {
            short[][] frames = perFrame.getShortValuesPerFrame();
            short[] all = new short[java.util.Arrays.stream(frames).mapToInt(f -> f.length).sum()];
            int offset = 0;
            for (short[] frame : frames) {
                System.arraycopy(frame, 0, all, offset, frame.length);
                offset += frame.length;
            }
            OtherWordAttribute single = new OtherWordAttribute(TagFromName.PixelData);
            single.setValues(all);
            return single;
        }
        if (pixelData instanceof OtherByteAttributeMultipleFrameArrays perFrame) {
            byte[][] frames = perFrame.getByteValuesPerFrame();
            byte[] all = new byte[java.util.Arrays.stream(frames).mapToInt(f -> f.length).sum()];
            int offset = 0;
            for (byte[] frame : frames) {
                System.arraycopy(frame, 0, all, offset, frame.length);
                offset += frame.length;
            }
            OtherByteAttribute single = new OtherByteAttribute(TagFromName.PixelData);
            single.setValues(all);
            return single;
        }
        if (pixelData instanceof OtherWordAttribute || pixelData instanceof OtherByteAttribute) {
            return pixelData;
        }
        throw new DicomException("blackout left pixel data of an unexpected kind");
    }

    /** A pixel data attribute whose value array is not shared with {@code original} (PixelMed edits in place). */
    private static Attribute privatePixelCopy(Attribute original) throws DicomException {
        if (original instanceof OtherWordAttribute words) {
            OtherWordAttribute copy = new OtherWordAttribute(original.getTag());
            copy.setValues(words.getShortValues().clone());
            return copy;
        }
        if (original instanceof OtherByteAttribute bytes) {
            OtherByteAttribute copy = new OtherByteAttribute(original.getTag());
            copy.setValues(bytes.getByteValues().clone());
            return copy;
        }
        if (original instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
            // Decoding makes new arrays; the compressed frames themselves are only read.
            return new OtherByteAttributeMultipleCompressedFrames(original.getTag(), compressed.getFrames());
        }
        throw new DicomException("pixel data of an unsupported kind");
    }

    private static AttributeList copyOf(AttributeList dataset) {
        AttributeList copy = new AttributeList();
        copy.putAll(dataset);
        return copy;
    }

    static void putTransferSyntax(AttributeList list, String transferSyntax) throws DicomException {
        Attribute uid = new UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID);
        uid.addValue(transferSyntax);
        list.put(uid);
    }

    /**
     * Burned In Annotation NO (checked) and the Clean Pixel Data Option code, on a copy of the data set: PS3.15
     * E.1.1 step 6 wants every option applied listed in De-identification Method Code Sequence (CID 7050, DCM
     * 113101); PS3.3 C.7.6.1.1.5 defines Burned In Annotation as whether the image "contains sufficient burned in
     * annotation to identify the patient", which after this check it does not.
     */
    private static DeidentifiedInstance stamped(DeidentifiedInstance instance, AttributeList dataset,
                                                String transferSyntax) {
        AttributeList out = dataset == instance.dataset() ? copyOf(dataset) : dataset;
        try {
            CodeStringAttribute burnedIn = new CodeStringAttribute(TagFromName.BurnedInAnnotation);
            burnedIn.addValue("NO");
            out.put(burnedIn);
            SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
            if (dataset.get(TagFromName.DeidentificationMethodCodeSequence) instanceof SequenceAttribute existing) {
                for (int i = 0; i < existing.getNumberOfItems(); i++) {
                    codes.addItem(existing.getItem(i).getAttributeList());
                }
            }
            AttributeList item = new AttributeList();
            put(item, new ShortStringAttribute(TagFromName.CodeValue), CLEAN_PIXEL_DATA_CODE);
            put(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), "DCM");
            put(item, new LongStringAttribute(TagFromName.CodeMeaning), "Clean Pixel Data Option");
            codes.addItem(item);
            out.put(codes);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot record the pixel check (" + e.getClass().getSimpleName() + ")");
        }
        return new DeidentifiedInstance(out, transferSyntax, instance.report());
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

}
