package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.pixel.PixelCorpus.Drawn;
import io.custos.deidentify.pixel.PixelCorpus.Kind;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.PixelReport.Finding;
import io.custos.deidentify.release.PixelReport.Region;
import io.custos.deidentify.release.PixelReport.Treatment;
import io.custos.deidentify.release.PixelResult;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pixel path against real Tesseract on images with text drawn in the test (no OCR mocks). */
class BurnedInTextScrubberTest {

    record Case(int size, Drawn drawn, AttributeList source, byte[] sourceBytes, DeidentifiedInstance deidentified,
                PixelResult result) {
    }

    private static final Map<Kind, Case> CASES = new EnumMap<>(Kind.class);
    private static final BurnedInTextScrubber SCRUBBER = new BurnedInTextScrubber(Ocr.ENGINE, LocationRules.none());

    @BeforeAll
    static void scrubTheCorpus() throws Exception {
        for (Kind kind : Kind.values()) {
            int size = kind == Kind.MONO8 ? 256 : 512;
            Drawn drawn = PixelCorpus.draw(size, size, PixelCorpus.banner(size));
            AttributeList source = PixelCorpus.instance(kind, size, drawn);
            byte[] before = bytes(source);
            DeidentifiedInstance deidentified = Ocr.deidentified(source);
            CASES.put(kind, new Case(size, drawn, source, before, deidentified, SCRUBBER.check(source, deidentified)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theSourceImageCarriesReadablePhi(Kind kind) throws Exception {
        Case c = CASES.get(kind);
        List<String> words = Ocr.words(c.source(), transferSyntax(c.source()));
        assertThat(Ocr.phiFound(words, PixelCorpus.PHI)).as("the corpus must be readable, else the test proves nothing")
                .hasSizeGreaterThanOrEqualTo(PixelCorpus.PHI.size() - 1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void burnedInPhiIsRedactedAndNoLongerReadable(Kind kind) throws Exception {
        Case c = CASES.get(kind);
        assertThat(c.result()).as("%s", c.result()).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) c.result();
        assertThat(passed.report().treatment()).isEqualTo(kind == Kind.JPEG_BASELINE
                ? Treatment.REDACTED_JPEG_BLOCKS : Treatment.REDACTED_REENCODED);
        assertThat(passed.instance().transferSyntaxUid()).isEqualTo(kind == Kind.JPEG_BASELINE
                ? TransferSyntax.JPEGBaseline : TransferSyntax.ExplicitVRLittleEndian);
        // A fresh reading of what is released finds none of the PHI.
        List<String> words = Ocr.words(passed.instance().dataset(), passed.instance().transferSyntaxUid());
        assertThat(Ocr.phiFound(words, PixelCorpus.PHI)).isEmpty();
        // The regions lie in the image and cover every drawn PHI text.
        List<Region> regions = passed.report().regions();
        assertThat(regions).allSatisfy(r -> {
            assertThat(r.finding()).isEqualTo(Finding.OCR_TEXT);
            assertThat(r.x()).isGreaterThanOrEqualTo(0);
            assertThat(r.y()).isGreaterThanOrEqualTo(0);
            assertThat(r.x() + r.width()).isLessThanOrEqualTo(c.size());
            assertThat(r.y() + r.height()).isLessThanOrEqualTo(c.size());
        });
        for (int i = 0; i < c.drawn().texts().size(); i++) {
            Rectangle ink = c.drawn().inkBoxes().get(i);
            if (c.drawn().texts().get(i).phi()) {
                assertThat(covered(ink, regions)).as("PHI text #%d covered (ink %s, regions %s)", i, ink, regions)
                        .isGreaterThanOrEqualTo(0.98);
            } else if (c.drawn().texts().get(i).role() == PixelCorpus.Role.HARMLESS) {
                assertThat(covered(ink, regions)).as("harmless text #%d kept", i).isZero();
            }
        }
        assertThat(Attribute.getSingleStringValueOrEmptyString(passed.instance().dataset(),
                TagFromName.BurnedInAnnotation)).isEqualTo("NO");
        assertThat(methodCodes(passed.instance().dataset())).contains("113100", "113101");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theSourceIsNotModified(Kind kind) throws Exception {
        Case c = CASES.get(kind);
        assertThat(bytes(c.source())).isEqualTo(c.sourceBytes());
    }

    @Test
    void reEncodedPixelsAreBlackInsideTheRegionsAndUnchangedOutside() throws Exception {
        Case c = CASES.get(Kind.MONO16_WINDOWED);
        PixelResult.Passed passed = (PixelResult.Passed) c.result();
        short[] before = c.source().getPixelData().getShortValues();
        short[] after = passed.instance().dataset().getPixelData().getShortValues();
        int darkest = Integer.MAX_VALUE;
        for (short value : before) {
            darkest = Math.min(darkest, value & 0xffff);
        }
        int inside = 0;
        for (int y = 0; y < c.size(); y++) {
            for (int x = 0; x < c.size(); x++) {
                int i = y * c.size() + x;
                if (inAny(x, y, passed.report().regions())) {
                    assertThat(after[i] & 0xffff).as("filled with the darkest stored value").isEqualTo(darkest);
                    inside++;
                } else {
                    assertThat(after[i]).isEqualTo(before[i]);
                }
            }
        }
        assertThat(inside).isPositive();
    }

    @Test
    void jpegBaselineChangesOnlyTheBlocksUnderTheRegions() throws Exception {
        Case c = CASES.get(Kind.JPEG_BASELINE);
        PixelResult.Passed passed = (PixelResult.Passed) c.result();
        BufferedImage before = decodeJpeg(c.source());
        BufferedImage after = decodeJpeg(passed.instance().dataset());
        int changedOutside = 0;
        int blocksTouched = 0;
        for (int by = 0; by < c.size(); by += 8) {
            for (int bx = 0; bx < c.size(); bx += 8) {
                Rectangle block = new Rectangle(bx, by, 8, 8);
                boolean touched = passed.report().regions().stream()
                        .anyMatch(r -> block.intersects(new Rectangle(r.x(), r.y(), r.width(), r.height())));
                blocksTouched += touched ? 1 : 0;
                for (int y = by; y < by + 8 && !touched; y++) {
                    for (int x = bx; x < bx + 8; x++) {
                        if (before.getRaster().getSample(x, y, 0) != after.getRaster().getSample(x, y, 0)) {
                            changedOutside++;
                        }
                    }
                }
            }
        }
        assertThat(blocksTouched).isPositive();
        assertThat(changedOutside).isZero();
    }

    @Test
    void anImageWithoutTextPassesUnchanged() throws Exception {
        Drawn drawn = PixelCorpus.draw(256, 256, List.of());
        AttributeList source = PixelCorpus.instance(Kind.MONO16_WINDOWED, 256, drawn);
        DeidentifiedInstance deidentified = Ocr.deidentified(source);
        PixelResult result = SCRUBBER.check(source, deidentified);
        assertThat(result).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.report().treatment()).isEqualTo(Treatment.CHECKED_UNCHANGED);
        assertThat(passed.report().regions()).isEmpty();
        assertThat(passed.instance().dataset().getPixelData().getShortValues())
                .isEqualTo(source.getPixelData().getShortValues());
        assertThat(passed.instance().transferSyntaxUid()).isEqualTo(deidentified.transferSyntaxUid());
        assertThat(Attribute.getSingleStringValueOrEmptyString(passed.instance().dataset(),
                TagFromName.BurnedInAnnotation)).isEqualTo("NO");
        assertThat(methodCodes(passed.instance().dataset())).contains("113101");
    }

    @Test
    void anIncompleteRedactionIsCaughtByTheVerificationPass() throws Exception {
        Case c = CASES.get(Kind.MONO8);
        // Deliberately incomplete: only the first region found is blacked out.
        BurnedInTextScrubber incomplete = new BurnedInTextScrubber(Ocr.ENGINE, LocationRules.none(),
                regions -> regions.subList(0, 1));
        PixelResult result = incomplete.check(c.source(), c.deidentified());
        assertThat(result).isInstanceOf(PixelResult.Refused.class);
        assertThat(((PixelResult.Refused) result).reason()).isEqualTo(ExclusionReason.PHI_REMAINS_IN_PIXELS);
        assertThat(result.report().treatment()).isEqualTo(Treatment.NOT_RELEASED);
    }

    @Test
    void aLocationRuleBlacksOutExactlyItsRectangle() throws Exception {
        Drawn drawn = PixelCorpus.draw(256, 256, List.of());
        AttributeList source = PixelCorpus.instance(Kind.MONO8, 256, drawn);
        String tsv = "#m\tmodel\trows\tcols\ttype\trects\nACME\tScanner \\d\t256\t256\tAXIAL\t10,0,200,24;0,240,16,16\n";
        LocationRules rules = LocationRules.fromTsv(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)));
        PixelResult result = new BurnedInTextScrubber(Ocr.ENGINE, rules).check(source, Ocr.deidentified(source));
        assertThat(result).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.report().treatment()).isEqualTo(Treatment.REDACTED_REENCODED);
        assertThat(passed.report().regions()).containsExactly(
                new Region(0, 10, 0, 200, 24, Finding.LOCATION_RULE), new Region(0, 0, 240, 16, 16, Finding.LOCATION_RULE));
        byte[] before = source.getPixelData().getByteValues();
        byte[] after = passed.instance().dataset().getPixelData().getByteValues();
        int darkest = 255;
        for (byte value : before) {
            darkest = Math.min(darkest, value & 0xff);
        }
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean inRule = new Rectangle(10, 0, 200, 24).contains(x, y) || new Rectangle(0, 240, 16, 16).contains(x, y);
                assertThat(after[y * 256 + x] & 0xff).as("(%d,%d)", x, y)
                        .isEqualTo(inRule ? darkest : before[y * 256 + x] & 0xff);
            }
        }
    }

    @Test
    void aNonMatchingRuleDoesNothing() throws Exception {
        Drawn drawn = PixelCorpus.draw(256, 256, List.of());
        AttributeList source = PixelCorpus.instance(Kind.MONO8, 256, drawn);
        String tsv = "ACME\tScanner \\d\t512\t512\t*\t0,0,10,10\nOTHER\t.*\t*\t*\t*\t0,0,10,10\n";
        LocationRules rules = LocationRules.fromTsv(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)));
        assertThat(rules.rectanglesFor(source)).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"MR_small_jpeg_ls_lossless.dcm", "JPEG-lossy.dcm",
            "SC_rgb_rle_16bit.dcm", "SC_rgb_rle_32bit.dcm", "JPEG2000.dcm", "MR_small_jp2klossless.dcm"})
    void undecodablePixelDataIsRefused(String file) throws Exception {
        AttributeList source = read(file);
        PixelResult result = SCRUBBER.check(source, Ocr.deidentified(source));
        assertThat(result).isInstanceOf(PixelResult.Refused.class);
        assertThat(((PixelResult.Refused) result).reason()).isEqualTo(ExclusionReason.PIXELS_NOT_DECODABLE);
    }

    @Test
    void rleWithoutTextIsCheckedAndPassedThrough() throws Exception {
        AttributeList source = read("MR_small_RLE.dcm");
        DeidentifiedInstance deidentified = Ocr.deidentified(source);
        PixelResult result = SCRUBBER.check(source, deidentified);
        assertThat(result).isInstanceOf(PixelResult.Passed.class);
        assertThat(result.report().treatment()).isEqualTo(Treatment.CHECKED_UNCHANGED);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.instance().transferSyntaxUid()).isEqualTo(TransferSyntax.RLE);
        assertThat(passed.instance().dataset().getPixelData()).isSameAs(deidentified.dataset().getPixelData());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"MR_small_RLE.dcm", "SC_rgb_rle.dcm"})
    void rleWithARuleIsDecodedRedactedAndWrittenNative(String file) throws Exception {
        AttributeList source = read(file);
        byte[] sourceBytes = bytes(source);
        LocationRules anyDevice = LocationRules.fromTsv(new ByteArrayInputStream(
                ".*\t.*\t*\t*\t*\t0,0,20,20\n".getBytes(StandardCharsets.UTF_8)));
        PixelResult result = new BurnedInTextScrubber(Ocr.ENGINE, anyDevice).check(source, Ocr.deidentified(source));
        assertThat(result).as("%s", result).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.report().treatment()).isEqualTo(Treatment.REDACTED_REENCODED);
        assertThat(passed.instance().transferSyntaxUid()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        assertThat(Attribute.getSingleStringValueOrEmptyString(passed.instance().dataset(),
                TagFromName.PhotometricInterpretation)).isEqualTo(
                Attribute.getSingleStringValueOrEmptyString(source, TagFromName.PhotometricInterpretation));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        passed.instance().writePart10(out);
        AttributeList reread = new AttributeList();
        reread.read(new com.pixelmed.dicom.DicomInputStream(new ByteArrayInputStream(out.toByteArray())));
        BufferedImage image = new com.pixelmed.display.SourceImage(reread).getBufferedImage(0);
        int fill = image.getRaster().getSample(0, 0, 0);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                assertThat(image.getRaster().getSample(x, y, 0)).isEqualTo(fill);
            }
        }
        assertThat(bytes(source)).isEqualTo(sourceBytes);
    }

    @Test
    void everyFrameIsReadAndTheRegionsAreBlackedOutOnAllFrames() throws Exception {
        // Two frames of signed 16-bit (PixelRepresentation 1, no rescale: stored value = HU); text on frame 2 only.
        int size = 256;
        Drawn blank = PixelCorpus.draw(size, size, List.of());
        Drawn text = PixelCorpus.draw(size, size, List.of(new PixelCorpus.Text("DOE^JOHN", 60, 120, 16,
                PixelCorpus.Role.PHI)));
        double[] bg = PixelCorpus.background(size, size, 7);
        short[] pixels = new short[2 * size * size];
        for (int f = 0; f < 2; f++) {
            Drawn drawn = f == 0 ? blank : text;
            for (int i = 0; i < size * size; i++) {
                double a = (drawn.ink()[i] & 0xff) / 255.0;
                pixels[f * size * size + i] = (short) Math.round((-1000 + bg[i] * 1100) * (1 - a) + 2000 * a);
            }
        }
        AttributeList source = PixelCorpus.header(com.pixelmed.dicom.SOPClass.CTImageStorage);
        PixelCorpus.pixelModule(source, size, 1, "MONOCHROME2", 16, 16, 1);
        PixelCorpus.put(source, new com.pixelmed.dicom.IntegerStringAttribute(TagFromName.NumberOfFrames), "2");
        PixelCorpus.put(source, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.WindowCenter), "40");
        PixelCorpus.put(source, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.WindowWidth), "400");
        com.pixelmed.dicom.OtherWordAttribute pixelData = new com.pixelmed.dicom.OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        source.put(pixelData);
        PixelCorpus.transferSyntax(source, TransferSyntax.ExplicitVRLittleEndian);
        short[] before = pixels.clone();

        PixelResult result = SCRUBBER.check(source, Ocr.deidentified(source));
        assertThat(result).as("%s", result).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.report().regions()).isNotEmpty().allSatisfy(r -> assertThat(r.frame()).isEqualTo(1));
        assertThat(covered(text.inkBoxes().get(0), passed.report().regions())).isGreaterThanOrEqualTo(0.98);
        short[] after = passed.instance().dataset().getPixelData().getShortValues();
        assertThat(after).hasSize(2 * size * size);
        short darkest = Short.MAX_VALUE;
        for (int i = 0; i < size * size; i++) {
            darkest = (short) Math.min(darkest, before[i]);
        }
        assertThat(darkest).isNegative();
        for (int f = 0; f < 2; f++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = f * size * size + y * size + x;
                    assertThat(after[i]).as("frame %d (%d,%d)", f, x, y)
                            .isEqualTo(inAny(x, y, passed.report().regions()) ? darkest : before[i]);
                }
            }
        }
        assertThat(source.getPixelData().getShortValues()).isEqualTo(before);
        assertThat(Ocr.phiFound(Ocr.words(passed.instance().dataset(), TransferSyntax.ExplicitVRLittleEndian),
                PixelCorpus.PHI)).isEmpty();
    }

    @Test
    void colourJpegBaselineFromAnotherToolkitIsRedactedByBlocks() throws Exception {
        AttributeList source = read("SC_rgb_jpeg_dcmtk.dcm");
        byte[] sourceBytes = bytes(source);
        LocationRules anyDevice = LocationRules.fromTsv(new ByteArrayInputStream(
                ".*\t.*\t*\t*\t*\t0,0,20,20\n".getBytes(StandardCharsets.UTF_8)));
        PixelResult result = new BurnedInTextScrubber(Ocr.ENGINE, anyDevice).check(source, Ocr.deidentified(source));
        assertThat(result).as("%s", result).isInstanceOf(PixelResult.Passed.class);
        PixelResult.Passed passed = (PixelResult.Passed) result;
        assertThat(passed.report().treatment()).isEqualTo(Treatment.REDACTED_JPEG_BLOCKS);
        assertThat(passed.instance().transferSyntaxUid()).isEqualTo(TransferSyntax.JPEGBaseline);
        BufferedImage after = Frames.decode(passed.instance().dataset(), TransferSyntax.JPEGBaseline).frame(0);
        int corner = after.getRGB(0, 0);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(after.getRGB(x, y)).isEqualTo(corner);
            }
        }
        assertThat(bytes(source)).isEqualTo(sourceBytes);
    }

    @Test
    void anInstanceWithoutPixelDataPasses() throws Exception {
        AttributeList source = PixelCorpus.header("1.2.840.10008.5.1.4.1.1.88.11");
        PixelCorpus.transferSyntax(source, TransferSyntax.ExplicitVRLittleEndian);
        DeidentifiedInstance deidentified = Ocr.deidentified(source);
        PixelResult result = SCRUBBER.check(source, deidentified);
        assertThat(result).isInstanceOf(PixelResult.Passed.class);
        assertThat(result.report().treatment()).isEqualTo(Treatment.NO_PIXELS);
        assertThat(((PixelResult.Passed) result).instance()).isSameAs(deidentified);
    }

    static AttributeList read(String name) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(new File("/usr/lib/python3/dist-packages/pydicom/data/test_files", name));
        return list;
    }

    static double covered(Rectangle ink, List<Region> regions) {
        int inside = 0;
        for (int y = ink.y; y < ink.y + ink.height; y++) {
            for (int x = ink.x; x < ink.x + ink.width; x++) {
                inside += inAny(x, y, regions) ? 1 : 0;
            }
        }
        return (double) inside / (ink.width * ink.height);
    }

    static boolean inAny(int x, int y, List<Region> regions) {
        for (Region r : regions) {
            if (x >= r.x() && x < r.x() + r.width() && y >= r.y() && y < r.y() + r.height()) {
                return true;
            }
        }
        return false;
    }

    static List<String> methodCodes(AttributeList dataset) {
        List<String> codes = new ArrayList<>();
        SequenceAttribute sequence = (SequenceAttribute) dataset.get(TagFromName.DeidentificationMethodCodeSequence);
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            codes.add(Attribute.getSingleStringValueOrEmptyString(sequence.getItem(i).getAttributeList(),
                    TagFromName.CodeValue));
        }
        return codes;
    }

    static String transferSyntax(AttributeList list) {
        return Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
    }

    static BufferedImage decodeJpeg(AttributeList list) throws Exception {
        byte[] frame = ((com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames) list.getPixelData()).getFrames()[0];
        return ImageIO.read(new ByteArrayInputStream(frame));
    }

    /** The data set's bytes (pixel data included), to compare before and after. */
    static byte[] bytes(AttributeList list) throws Exception {
        AttributeList copy = new AttributeList();
        copy.putAll(list);
        copy.remove(TagFromName.TransferSyntaxUID);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.write(new com.pixelmed.dicom.DicomOutputStream(out, null, transferSyntax(list).isEmpty()
                ? TransferSyntax.ExplicitVRLittleEndian : transferSyntax(list)));
        return out.toByteArray();
    }

}
