package io.custos.deidentify.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Synthetic images with burned-in text, built in the test: a structured background (gradient, noise, a round
 * "organ"), text drawn with Java2D at known places and sizes, and the header PHI the text repeats. The ink box of
 * each text (where its pixels actually changed) is kept, to check the redaction covers it.
 */
final class PixelCorpus {

    static final String NAME = "DOE^JOHN";
    static final String PATIENT_ID = "4477120";
    static final String BIRTH_DATE = "19620418";
    static final String ACCESSION = "A77X42";
    static final String INSTITUTION = "Saint Elsewhere Hospital";
    /** Strings that must not be readable in a released image (as OCR would print them, case ignored). */
    static final List<String> PHI = List.of("DOE", "JOHN", PATIENT_ID, "1962", ACCESSION, "Elsewhere");

    /** PHI must be covered by the redaction; HARMLESS must not be; a LABEL ("ID", "DOB") may be either. */
    enum Role { PHI, HARMLESS, LABEL }

    record Text(String text, int x, int baseline, int size, Role role) {
        boolean phi() {
            return role == Role.PHI;
        }
    }

    /** A drawn image: the 8-bit ink mask of every text and each text's ink box. */
    record Drawn(int width, int height, byte[] ink, List<Text> texts, List<Rectangle> inkBoxes) {
    }

    enum Kind { MONO8, MONO16_WINDOWED, RGB, JPEG_BASELINE }

    static List<Text> banner(int size) {
        int small = size <= 256 ? 12 : 16;
        int large = size <= 256 ? 16 : 28;
        return List.of(
                new Text("DOE^JOHN", 6, small + 6, small, Role.PHI),
                new Text("ID", size - 9 * small, small + 6, small, Role.LABEL),
                new Text(PATIENT_ID, size - 7 * small, small + 6, small, Role.PHI),
                new Text("DOB", 6, size - 10, large, Role.LABEL),
                new Text("18.04.1962", 6 + 3 * large, size - 10, large, Role.PHI),
                new Text("ACC", size / 3, size / 2, small + 2, Role.LABEL),
                new Text(ACCESSION, size / 3 + 3 * (small + 2), size / 2, small + 2, Role.PHI),
                new Text("Elsewhere", size / 2, size - 12 - large - 8, small, Role.PHI),
                new Text("L", size - 3 * small, size / 2 + 4 * small, large, Role.HARMLESS));
    }

    static Drawn draw(int width, int height, List<Text> texts) {
        List<Rectangle> boxes = new ArrayList<>();
        byte[] ink = new byte[width * height];
        for (int i = 0; i < texts.size(); i++) {
            BufferedImage one = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = one.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            Text text = texts.get(i);
            g.setFont(new Font(text.size() >= 20 ? Font.SERIF : Font.SANS_SERIF, Font.BOLD, text.size()));
            g.drawString(text.text(), text.x(), text.baseline());
            g.dispose();
            boxes.add(inkBox(one));
            byte[] px = ((DataBufferByte) one.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < ink.length; p++) {
                ink[p] = (byte) Math.max(ink[p] & 0xff, px[p] & 0xff);
            }
        }
        return new Drawn(width, height, ink, texts, boxes);
    }

    private static Rectangle inkBox(BufferedImage one) {
        byte[] px = ((DataBufferByte) one.getRaster().getDataBuffer()).getData();
        int w = one.getWidth();
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int i = 0; i < px.length; i++) {
            if ((px[i] & 0xff) > 40) {
                int x = i % w, y = i / w;
                minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
            }
        }
        return new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Background in [0,1]: vertical gradient, noise, a brighter rippled disc with a darker core off its centre. */
    static double[] background(int width, int height, long seed) {
        Random random = new Random(seed);
        double[] bg = new double[width * height];
        double cx = width / 2.0, cy = height / 2.0, r = Math.min(width, height) * 0.3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0.05 + 0.15 * y / height + random.nextGaussian() * 0.015;
                double d = Math.hypot(x - cx, y - cy);
                if (d < r) {
                    v = 0.45 + 0.05 * Math.cos(d / 6) + random.nextGaussian() * 0.02;
                }
                if (Math.hypot(x - cx - r * 0.45, y - cy + r * 0.45) < r * 0.3) {
                    v = 0.3;
                }
                bg[y * width + x] = Math.max(0, Math.min(1, v));
            }
        }
        return bg;
    }

    /** An instance of {@code kind} with the drawn texts burned in, and the header PHI. */
    static AttributeList instance(Kind kind, int size, Drawn drawn) throws Exception {
        AttributeList list = header(kind == Kind.RGB ? SOPClass.SecondaryCaptureImageStorage : SOPClass.CTImageStorage);
        double[] bg = background(size, size, size * 31L + kind.ordinal());
        int n = size * size;
        switch (kind) {
            case MONO8, JPEG_BASELINE -> {
                byte[] px = new byte[n];
                for (int i = 0; i < n; i++) {
                    double a = (drawn.ink()[i] & 0xff) / 255.0;
                    px[i] = (byte) Math.round(255 * (bg[i] * (1 - a) + 0.95 * a));
                }
                pixelModule(list, size, 1, "MONOCHROME2", 8, 8, 0);
                if (kind == Kind.MONO8) {
                    OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
                    pixels.setValues(px);
                    list.put(pixels);
                    transferSyntax(list, TransferSyntax.ExplicitVRLittleEndian);
                } else {
                    list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData,
                            new byte[][] {jpeg(px, size)}));
                    transferSyntax(list, TransferSyntax.JPEGBaseline);
                    put(list, new CodeStringAttribute(TagFromName.LossyImageCompression), "01");
                }
            }
            case MONO16_WINDOWED -> {
                // CT-like: 12 bits stored, rescale -1024, window 40/400; text at a level far above the window.
                short[] px = new short[n];
                for (int i = 0; i < n; i++) {
                    double a = (drawn.ink()[i] & 0xff) / 255.0;
                    double hu = -200 + bg[i] * 500;
                    px[i] = (short) Math.round((hu + 1024) * (1 - a) + 3000 * a);
                }
                pixelModule(list, size, 1, "MONOCHROME2", 16, 12, 0);
                put(list, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
                put(list, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
                put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "40");
                put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "400");
                OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
                pixels.setValues(px);
                list.put(pixels);
                transferSyntax(list, TransferSyntax.ExplicitVRLittleEndian);
            }
            case RGB -> {
                byte[] px = new byte[n * 3];
                for (int i = 0; i < n; i++) {
                    double a = (drawn.ink()[i] & 0xff) / 255.0;
                    double g = bg[i];
                    px[3 * i] = (byte) Math.round(255 * (g * 0.8 * (1 - a) + a));          // yellow text
                    px[3 * i + 1] = (byte) Math.round(255 * (g * (1 - a) + 0.9 * a));
                    px[3 * i + 2] = (byte) Math.round(255 * (g * 0.6 * (1 - a)));
                }
                pixelModule(list, size, 3, "RGB", 8, 8, 0);
                put(list, new UnsignedShortAttribute(TagFromName.PlanarConfiguration), "0");
                OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
                pixels.setValues(px);
                list.put(pixels);
                transferSyntax(list, TransferSyntax.ExplicitVRLittleEndian);
            }
            default -> throw new IllegalArgumentException();
        }
        return list;
    }

    static byte[] jpeg(byte[] gray, int size) throws Exception {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, size, size, gray);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
        byte[] bytes = out.toByteArray();
        return bytes.length % 2 == 0 ? bytes : java.util.Arrays.copyOf(bytes, bytes.length + 1);
    }

    static AttributeList header(String sopClass) throws Exception {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), sopClass);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.826.0.1.3680043.10.1" + sopClass.length() + "." + System.nanoTime());
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), "1.2.826.0.1.3680043.10.2.1");
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), "1.2.826.0.1.3680043.10.3.1");
        put(list, new PersonNameAttribute(TagFromName.PatientName), NAME);
        put(list, new LongStringAttribute(TagFromName.PatientID), PATIENT_ID);
        put(list, new DateAttribute(TagFromName.PatientBirthDate), BIRTH_DATE);
        put(list, new ShortStringAttribute(TagFromName.AccessionNumber), ACCESSION);
        put(list, new LongStringAttribute(TagFromName.InstitutionName), INSTITUTION);
        put(list, new DateAttribute(TagFromName.StudyDate), "20240312");
        put(list, new TimeAttribute(TagFromName.StudyTime), "101500");
        put(list, new CodeStringAttribute(TagFromName.Modality), "CT");
        Attribute imageType = new CodeStringAttribute(TagFromName.ImageType);
        imageType.addValue("ORIGINAL");
        imageType.addValue("PRIMARY");
        imageType.addValue("AXIAL");
        list.put(imageType);
        put(list, new LongStringAttribute(TagFromName.Manufacturer), "ACME");
        put(list, new LongStringAttribute(TagFromName.ManufacturerModelName), "Scanner 1");
        return list;
    }

    static void pixelModule(AttributeList list, int size, int samples, String photometric, int allocated, int stored,
                            int representation) throws Exception {
        put(list, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(size));
        put(list, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(size));
        put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), Integer.toString(samples));
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), photometric);
        put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), Integer.toString(allocated));
        put(list, new UnsignedShortAttribute(TagFromName.BitsStored), Integer.toString(stored));
        put(list, new UnsignedShortAttribute(TagFromName.HighBit), Integer.toString(stored - 1));
        put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), Integer.toString(representation));
    }

    static void transferSyntax(AttributeList list, String uid) throws Exception {
        put(list, new UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID), uid);
    }

    static void put(AttributeList list, Attribute attribute, String value) throws Exception {
        attribute.addValue(value);
        list.put(attribute);
    }

    static AttributeTag tag(String keyword) {
        return AttributeList.getDictionary().getTagFromName(keyword);
    }
}
