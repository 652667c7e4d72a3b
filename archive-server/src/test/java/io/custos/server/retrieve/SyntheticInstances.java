package io.custos.server.retrieve;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import io.custos.archive.ingest.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Part 10 objects made from CT_small.dcm's header with new UIDs: many-instance series and large multi-frame objects. */
final class SyntheticInstances {

    private SyntheticInstances() {
    }

    /** CT_small with the given UIDs and instance number (its own 128x128 pixels). */
    static byte[] ctSlice(String study, String series, String sop, int instanceNumber) throws IOException, DicomException {
        AttributeList list = ctSmall();
        setUids(list, study, series, sop);
        put(list, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(instanceNumber));
        return write(list);
    }

    /** A native 16-bit multi-frame object; every pixel of frame n (1-based) has the value n. */
    static byte[] multiFrame(String study, String series, String sop, int rows, int columns, int frames)
            throws IOException, DicomException {
        AttributeList list = ctSmall();
        setUids(list, study, series, sop);
        list.remove(TagFromName.PixelData);
        put(list, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(rows));
        put(list, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(columns));
        put(list, new IntegerStringAttribute(TagFromName.NumberOfFrames), Integer.toString(frames));
        short[] pixels = new short[rows * columns * frames];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(pixels, f * rows * columns, (f + 1) * rows * columns, (short) (f + 1));
        }
        OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        list.put(pixelData);
        return write(list);
    }

    private static AttributeList ctSmall() throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(Corpus.file("test_files/CT_small.dcm").toString());
        return list;
    }

    private static void setUids(AttributeList list, String study, String series, String sop) throws DicomException {
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sop);
    }

    private static void put(AttributeList list, Attribute a, String value) throws DicomException {
        a.addValue(value);
        list.put(a);
    }

    private static byte[] write(AttributeList list) throws IOException, DicomException {
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "WADOIT");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out.toByteArray();
    }
}
