package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.OtherByteAttribute;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.ArrayList;
import java.util.List;

/**
 * A small research corpus built in the test, rich in PHI: per patient one study with a CT series of single-frame
 * 16-bit 64x64 slices in a regular, oblique Image Plane geometry, a 256x256 8-bit secondary capture that declares
 * burned-in annotation and has the patient's name, ID, birth date and accession drawn into its pixels (with
 * Java2D, as deidentify's {@code PixelCorpus} draws them, plus the harmless "L" and "5 mm"), and a Basic Text SR
 * whose content names the patient. Names, IDs, birth date, accession, institution, a physician in a nested
 * sequence and a private attribute holding the patient's name. {@link #undecodable} adds an MR image whose pixels
 * the pixel step cannot decode (pydicom's JPEG-LS sample under the patient's header).
 */
final class ExportCorpus {

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final int SIZE = 64;
    static final int SLICES = 12;
    /** Row and column directions (oblique), pixel spacing (row, column) and the slice gap, in mm. */
    static final double[] ROW = {Math.cos(0.3), Math.sin(0.3), 0};
    static final double[] COLUMN = {-Math.sin(0.3) * Math.cos(0.2), Math.cos(0.3) * Math.cos(0.2), -Math.sin(0.2)};
    static final double[] SPACING = {0.8, 0.7};
    static final double GAP = 2.5;

    /** One patient's PHI and the UIDs of its study. */
    record Patient(String name, String id, String birthDate, String accession, String institution,
                   String physician, String nestedPhysician, String studyDate, String root, String ideographic) {

        /** Patient's Name with its ideographic component group (PS3.5 6.2.1), written in UTF-8 (ISO_IR 192). */
        String fullName() {
            return name + "=" + ideographic;
        }

        String study() {
            return root + ".1";
        }

        String ctSeries() {
            return root + ".2";
        }

        String scSeries() {
            return root + ".3";
        }

        String srSeries() {
            return root + ".4";
        }

        String frameOfReference() {
            return root + ".5";
        }

        String mrSeries() {
            return root + ".6";
        }

        /** The birth date as drawn into the pixels, e.g. "1961-04-23". */
        String drawnBirthDate() {
            return birthDate.substring(0, 4) + "-" + birthDate.substring(4, 6) + "-" + birthDate.substring(6);
        }

        /** What must not be readable by OCR in any exported image. */
        List<String> drawnPhi() {
            return List.of(name.split("\\^")[0], name.split("\\^")[1], id, drawnBirthDate(), accession);
        }

        /** Every value that must not leave. */
        List<String> phi() {
            List<String> all = new ArrayList<>(List.of(name.split("\\^")));
            all.addAll(List.of(id, birthDate, accession, institution, nestedPhysician.split("\\^")[0],
                    physician.split("\\^")[0]));
            // The ideographic group as a whole (for text), and each of its names as their UTF-8 bytes read as
            // ISO 8859-1 (how the export's bytes are searched).
            all.add(ideographic);
            for (String part : ideographic.split("\\^")) {
                all.add(new String(part.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return all;
        }
    }

    static final Patient JOHANNA = new Patient("Doe^Johanna", "PID-778899", "19610423", "ACC55512",
            "Saint Elsewhere Hospital", "Welby^Marcus", "Kildare^James", "20241103",
            "1.2.826.0.1.3680043.9.7777.101", "山田^花子");
    static final Patient RICHARD = new Patient("Roe^Richard", "PID-112233", "19540907", "ACC66613",
            "Mercy Westfield Clinic", "Quincy^Abigail", "Trapper^Johnny", "20250218",
            "1.2.826.0.1.3680043.9.7777.202", "鈴木^一郎");

    private ExportCorpus() {
    }

    /** The patient's study as Part 10 files: the CT slices, one burned-in image, one SR. */
    static List<byte[]> study(Patient p) throws Exception {
        List<byte[]> files = new ArrayList<>();
        for (int k = 0; k < SLICES; k++) {
            files.add(part10(ctSlice(p, k)));
        }
        files.add(part10(burnedIn(p)));
        files.add(part10(report(p)));
        return files;
    }

    /** Every source UID of the patient's study. */
    static List<String> uids(Patient p) {
        List<String> uids = new ArrayList<>(List.of(p.study(), p.ctSeries(), p.scSeries(), p.srSeries(),
                p.frameOfReference(), p.root() + ".9.1", p.root() + ".9.2", p.mrSeries(), p.root() + ".9.3"));
        for (int k = 0; k < SLICES; k++) {
            uids.add(p.ctSeries() + "." + (k + 1));
        }
        return uids;
    }

    static AttributeList ctSlice(Patient p, int k) throws Exception {
        AttributeList list = common(p, CT, p.ctSeries(), p.ctSeries() + "." + (k + 1), "CT");
        put(list, TagFromName.SeriesNumber, "2");
        put(list, TagFromName.InstanceNumber, Integer.toString(k + 1));
        put(list, TagFromName.FrameOfReferenceUID, p.frameOfReference());
        double[] normal = cross(ROW, COLUMN);
        double[] origin = {-20.5, 13.25, 100.0};
        double[] position = new double[3];
        for (int a = 0; a < 3; a++) {
            position[a] = origin[a] + k * GAP * normal[a];
        }
        put(list, TagFromName.ImagePositionPatient, ds(position));
        put(list, TagFromName.ImageOrientationPatient, ds(new double[] {ROW[0], ROW[1], ROW[2], COLUMN[0],
                COLUMN[1], COLUMN[2]}));
        put(list, TagFromName.PixelSpacing, ds(SPACING));
        put(list, TagFromName.SliceThickness, Double.toString(GAP));
        put(list, TagFromName.AcquisitionDate, p.studyDate());
        put(list, TagFromName.ContentDate, p.studyDate());
        put(list, TagFromName.RescaleIntercept, "-1024");
        put(list, TagFromName.RescaleSlope, "1");
        put(list, TagFromName.RescaleType, "HU");
        image(list, k);
        return list;
    }

    static AttributeList burnedIn(Patient p) throws Exception {
        AttributeList list = common(p, SECONDARY_CAPTURE, p.scSeries(), p.root() + ".9.1", "OT");
        put(list, TagFromName.SeriesNumber, "3");
        put(list, TagFromName.InstanceNumber, "1");
        put(list, TagFromName.ConversionType, "WSD");
        put(list, TagFromName.BurnedInAnnotation, "YES");
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(SC_SIZE));
        put(list, TagFromName.Columns, Integer.toString(SC_SIZE));
        put(list, TagFromName.BitsAllocated, "8");
        put(list, TagFromName.BitsStored, "8");
        put(list, TagFromName.HighBit, "7");
        put(list, TagFromName.PixelRepresentation, "0");
        OtherByteAttribute data = new OtherByteAttribute(TagFromName.PixelData);
        data.setValues(screen(p));
        list.put(data);
        return list;
    }

    static final int SC_SIZE = 256;

    /**
     * The secondary capture's pixels: a structured background (gradient, noise, a rippled disc) with the patient's
     * PHI drawn in bold at several places and sizes, a serif birth date, and two harmless labels.
     */
    static byte[] screen(Patient p) {
        int size = SC_SIZE;
        BufferedImage ink = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = ink.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(p.name().toUpperCase(java.util.Locale.ROOT), 6, 18);
        g.drawString("ID", 110, 18);
        g.drawString(p.id(), 134, 18);
        g.setFont(new Font(Font.SERIF, Font.BOLD, 20));
        g.drawString("DOB", 6, size - 10);
        g.drawString(p.drawnBirthDate(), 6 + 3 * 18, size - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(p.accession(), size / 3, size / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("L", size - 36, size / 2 + 48);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("5 mm", 8, size / 2 + 60);
        g.dispose();
        byte[] a = ((DataBufferByte) ink.getRaster().getDataBuffer()).getData();
        Random random = new Random(p.root().hashCode());
        byte[] px = new byte[size * size];
        double cx = size / 2.0, cy = size / 2.0, r = size * 0.3;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 0.05 + 0.15 * y / size + random.nextGaussian() * 0.015;
                double d = Math.hypot(x - cx, y - cy);
                if (d < r) {
                    v = 0.45 + 0.05 * Math.cos(d / 6) + random.nextGaussian() * 0.02;
                }
                v = Math.max(0, Math.min(1, v));
                double alpha = (a[y * size + x] & 0xff) / 255.0;
                px[y * size + x] = (byte) Math.round(255 * (v * (1 - alpha) + 0.95 * alpha));
            }
        }
        return px;
    }

    /** pydicom's lossless JPEG-LS MR sample, which the pixel step cannot decode. */
    static final Path JPEG_LS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files",
            "MR_small_jpeg_ls_lossless.dcm");

    /**
     * A Part 10 MR image of the patient's study whose pixel data is JPEG-LS (pydicom's sample, its header replaced
     * by the patient's): STOW stores it, the export must leave it out as PIXELS_NOT_DECODABLE.
     */
    static byte[] undecodable(Patient p) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(JPEG_LS.toFile())) {
            list.read(in);
        }
        String transferSyntax = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        AttributeList mine = new AttributeList();
        for (AttributeTag tag : List.of(TagFromName.SamplesPerPixel, TagFromName.PhotometricInterpretation,
                TagFromName.Rows, TagFromName.Columns, TagFromName.BitsAllocated, TagFromName.BitsStored,
                TagFromName.HighBit, TagFromName.PixelRepresentation, TagFromName.PixelData)) {
            mine.put(list.get(tag));
        }
        mine.putAll(common(p, "1.2.840.10008.5.1.4.1.1.4", p.mrSeries(), p.root() + ".9.3", "MR"));
        put(mine, TagFromName.SeriesNumber, "5");
        put(mine, TagFromName.InstanceNumber, "1");
        FileMetaInformation.addFileMetaInformation(mine, transferSyntax, "CORPUS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mine.write(out, transferSyntax, true, true);
        return out.toByteArray();
    }

    /** Bytes of the JPEG-LS code stream (from its middle): they must appear in no exported file. */
    static byte[] undecodablePixelBytes(byte[] part10) {
        // The file ends with the last fragment and the Sequence Delimitation Item (8 bytes).
        int end = part10.length - 8;
        return java.util.Arrays.copyOfRange(part10, end - 600, end - 536);
    }

    static AttributeList report(Patient p) throws Exception {
        AttributeList list = common(p, BASIC_TEXT_SR, p.srSeries(), p.root() + ".9.2", "SR");
        put(list, TagFromName.SeriesNumber, "4");
        put(list, TagFromName.InstanceNumber, "1");
        put(list, TagFromName.ValueType, "CONTAINER");
        put(list, TagFromName.ContinuityOfContent, "SEPARATE");
        put(list, TagFromName.CompletionFlag, "COMPLETE");
        put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        SequenceAttribute concept = new SequenceAttribute(TagFromName.ConceptNameCodeSequence);
        concept.addItem(code("18748-4", "LN", "Diagnostic Imaging Report"));
        list.put(concept);
        SequenceAttribute content = new SequenceAttribute(TagFromName.ContentSequence);
        AttributeList text = new AttributeList();
        put(text, TagFromName.RelationshipType, "CONTAINS");
        put(text, TagFromName.ValueType, "TEXT");
        SequenceAttribute name = new SequenceAttribute(TagFromName.ConceptNameCodeSequence);
        name.addItem(code("121071", "DCM", "Finding"));
        text.put(name);
        put(text, TagFromName.TextValue, "Patient " + p.name().replace('^', ' ') + " (" + p.id()
                + ") seen by " + p.physician().replace('^', ' ') + ": no finding.");
        content.addItem(text);
        list.put(content);
        return list;
    }

    private static AttributeList code(String value, String scheme, String meaning) throws Exception {
        AttributeList item = new AttributeList();
        put(item, TagFromName.CodeValue, value);
        put(item, TagFromName.CodingSchemeDesignator, scheme);
        put(item, TagFromName.CodeMeaning, meaning);
        return item;
    }

    private static AttributeList common(Patient p, String sopClass, String series, String sop, String modality)
            throws Exception {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        put(list, TagFromName.SOPClassUID, sopClass);
        put(list, TagFromName.SOPInstanceUID, sop);
        put(list, TagFromName.StudyInstanceUID, p.study());
        put(list, TagFromName.SeriesInstanceUID, series);
        put(list, TagFromName.Modality, modality);
        put(list, TagFromName.PatientName, p.fullName());
        put(list, TagFromName.PatientID, p.id());
        put(list, TagFromName.PatientBirthDate, p.birthDate());
        put(list, TagFromName.PatientSex, "O");
        put(list, TagFromName.AccessionNumber, p.accession());
        put(list, TagFromName.InstitutionName, p.institution());
        put(list, TagFromName.ReferringPhysicianName, p.physician());
        put(list, TagFromName.StudyDate, p.studyDate());
        put(list, TagFromName.SeriesDate, p.studyDate());
        put(list, TagFromName.StudyTime, "101500");
        put(list, TagFromName.StudyID, "S" + p.accession());
        put(list, TagFromName.StudyDescription, "CT chest");
        SequenceAttribute request = new SequenceAttribute(TagFromName.RequestAttributesSequence);
        AttributeList item = new AttributeList();
        put(item, TagFromName.RequestedProcedureID, "RP" + p.accession());
        put(item, TagFromName.StudyID, "SPS" + p.accession());
        put(item, TagFromName.ScheduledPerformingPhysicianName, p.nestedPhysician());
        request.addItem(item);
        list.put(request);
        // A private block whose creator writes the patient's name into it.
        AttributeTag creator = new AttributeTag(0x0009, 0x0010);
        Attribute owner = new LongStringAttribute(creator);
        owner.addValue("ACME HOSPITAL PRIVATE");
        list.put(owner);
        Attribute privateName = new LongStringAttribute(new AttributeTag(0x0009, 0x1001));
        privateName.addValue(p.name());
        list.put(privateName);
        return list;
    }

    private static void image(AttributeList list, int k) throws Exception {
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(SIZE));
        put(list, TagFromName.Columns, Integer.toString(SIZE));
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, "12");
        put(list, TagFromName.HighBit, "11");
        put(list, TagFromName.PixelRepresentation, "0");
        short[] pixels = new short[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                pixels[r * SIZE + c] = (short) value(c, r, k);
            }
        }
        OtherWordAttribute data = new OtherWordAttribute(TagFromName.PixelData);
        data.setValues(pixels);
        list.put(data);
    }

    /** A smooth, text-free pattern that tells every voxel apart. */
    static int value(int column, int row, int slice) {
        return 100 + column * 3 + row * 7 + slice * 211;
    }

    private static byte[] part10(AttributeList list) throws Exception {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "CORPUS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out.toByteArray();
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        Attribute attribute = AttributeFactory.newAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    private static String ds(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            if (!s.isEmpty()) {
                s.append('\\');
            }
            s.append(String.format(java.util.Locale.ROOT, "%.10f", v).replaceAll("0+$", "").replaceAll("\\.$", ""));
        }
        return s.toString();
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
