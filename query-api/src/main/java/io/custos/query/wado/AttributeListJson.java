package io.custos.query.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomJsonWriter;
import io.custos.query.dicom.DicomTags;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonGenerator;

/**
 * A whole data set (as PixelMed parsed it) in the DICOM JSON Model of PS3.18 Annex F: sequences as nested
 * objects (F.2.1.1), binary values either as a BulkDataURI (F.2.7: large top-level values, always Pixel
 * Data) or as InlineBinary base64 of their little-endian bytes (F.2.7), text and numbers through the same
 * value rules as QIDO ({@link DicomJsonWriter}). Values arrive decoded to Unicode, so SpecificCharacterSet
 * is reported as ISO_IR 192, the encoding of the JSON itself. Group lengths are omitted (PS3.5 7.2: retired).
 */
final class AttributeListJson {

    /** Binary values larger than this (bytes) are referenced, not inlined. */
    static final long BULK_THRESHOLD = 1024;
    private static final Set<String> BINARY_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN");
    private static final int SPECIFIC_CHARACTER_SET = DicomTags.of(TagFromName.SpecificCharacterSet);
    static final int PIXEL_DATA = DicomTags.of(TagFromName.PixelData);

    private final DicomJsonWriter values = new DicomJsonWriter();

    /** Writes the top level; {@code bulkDataBase} is the instance URI the bulkdata/{tag} paths hang from. */
    void writeTopLevel(JsonGenerator g, AttributeList list, String bulkDataBase) throws DicomException {
        writeDataset(g, list, bulkDataBase);
    }

    /** Pixel Data as a reference to its bulk data resource (the value itself is never read for metadata). */
    static void writePixelDataReference(JsonGenerator g, String vr, String bulkDataBase) {
        g.writeName(DicomTags.hex(PIXEL_DATA));
        g.writeStartObject();
        g.writeStringProperty("vr", vr);
        g.writeStringProperty("BulkDataURI", bulkDataBase + "/bulkdata/" + DicomTags.hex(PIXEL_DATA));
        g.writeEndObject();
    }

    private void writeDataset(JsonGenerator g, AttributeList list, String bulkDataBase) throws DicomException {
        for (Attribute a : list.values()) {
            AttributeTag t = a.getTag();
            if (t.getElement() == 0x0000) {
                continue;
            }
            int tag = DicomTags.of(t);
            String vr = new String(a.getVR(), StandardCharsets.US_ASCII);
            g.writeName(DicomTags.hex(tag));
            if (a instanceof SequenceAttribute sequence) {
                writeSequence(g, sequence);
            } else if (BINARY_VRS.contains(vr)) {
                writeBinary(g, a, tag, vr, bulkDataBase);
            } else if (tag == SPECIFIC_CHARACTER_SET) {
                values.writeAttribute(g, DicomAttribute.of(tag, vr, "ISO_IR 192"));
            } else if (a instanceof AttributeTagAttribute at) {
                AttributeTag[] tags = at.getAttributeTagValues();
                values.writeAttribute(g, new DicomAttribute(tag, vr, tags == null ? List.of()
                        : Arrays.stream(tags).map(x -> DicomTags.hex(DicomTags.of(x))).toList()));
            } else if (vr.equals("FL") || vr.equals("FD")) {
                values.writeAttribute(g, new DicomAttribute(tag, vr, binaryFloats(a, vr)));
            } else {
                String[] v = a.getStringValues();
                values.writeAttribute(g, new DicomAttribute(tag, vr, v == null ? List.of() : Arrays.asList(v)));
            }
        }
    }

    /**
     * PixelMed's string form of FL/FD keeps only a few significant digits; the shortest decimal that reads back
     * to the stored binary value (Float/Double.toString) loses nothing (PS3.18 F.2.3: a JSON Number).
     */
    private static List<String> binaryFloats(Attribute a, String vr) throws DicomException {
        List<String> out = new java.util.ArrayList<>();
        if (vr.equals("FL")) {
            float[] floats = a.getFloatValues();
            for (int i = 0; floats != null && i < floats.length; i++) {
                out.add(Float.toString(floats[i]));
            }
        } else {
            double[] doubles = a.getDoubleValues();
            for (int i = 0; doubles != null && i < doubles.length; i++) {
                out.add(Double.toString(doubles[i]));
            }
        }
        return out;
    }

    private void writeSequence(JsonGenerator g, SequenceAttribute sequence) throws DicomException {
        g.writeStartObject();
        g.writeStringProperty("vr", "SQ");
        if (sequence.getNumberOfItems() > 0) {
            g.writeName("Value");
            g.writeStartArray();
            for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                g.writeStartObject();
                writeDataset(g, sequence.getItem(i).getAttributeList(), null);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeBinary(JsonGenerator g, Attribute a, int tag, String vr, String bulkDataBase)
            throws DicomException {
        g.writeStartObject();
        g.writeStringProperty("vr", vr);
        if (bulkDataBase != null && (tag == PIXEL_DATA || a.getVL() > BULK_THRESHOLD)) {
            g.writeStringProperty("BulkDataURI", bulkDataBase + "/bulkdata/" + DicomTags.hex(tag));
        } else if (a.getVL() > 0) {
            byte[] bytes = a.getByteValues(false);
            if (bytes != null && bytes.length > 0) {
                g.writeStringProperty("InlineBinary", java.util.Base64.getEncoder().encodeToString(bytes));
            }
        }
        g.writeEndObject();
    }
}
