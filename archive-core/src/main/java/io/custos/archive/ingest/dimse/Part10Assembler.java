package io.custos.archive.ingest.dimse;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Turns a C-STORE data set into the PS3.10 object the archive keeps: preamble, "DICM", a File Meta
 * Information group (PS3.10 7.1) naming the negotiated transfer syntax, then the data set bytes exactly as
 * they arrived. The meta header is not transmitted over DIMSE, so it is the one part the archive writes; the
 * data set is never re-encoded (for deflate, PS3.5 A.5, the received bytes already are the deflated stream
 * a file carries after its meta header).
 */
final class Part10Assembler {

    /**
     * Identifies Custos as the implementation that wrote the meta header (PS3.7 D.3.3.2, PS3.10 7.1).
     * A UUID-derived UID (PS3.5 B.2) until the project has its own root.
     */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.1228525166363359118068472087249181867";
    static final String IMPLEMENTATION_VERSION_NAME = "CUSTOS_0_1";

    private static final int META_HEADER_ALLOWANCE = 512;
    /** Preamble (128) + "DICM" (4) + group length tag, VR and length (8): where its UL value sits. */
    private static final int GROUP_LENGTH_VALUE_OFFSET = 140;
    /** The meta elements the group length counts start right after its 4-byte value. */
    private static final int META_ELEMENTS_OFFSET = GROUP_LENGTH_VALUE_OFFSET + 4;

    private Part10Assembler() {
    }

    static byte[] assemble(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                           String sourceAe, byte[] dataSet, int dataSetLength) throws DicomException, IOException {
        AttributeList meta = new FileMetaInformation(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAe)
                .getAttributeList();
        replace(meta, new UniqueIdentifierAttribute(TagFromName.ImplementationClassUID), IMPLEMENTATION_CLASS_UID);
        replace(meta, new ShortStringAttribute(TagFromName.ImplementationVersionName), IMPLEMENTATION_VERSION_NAME);

        ByteArrayOutputStream out = new ByteArrayOutputStream(dataSetLength + META_HEADER_ALLOWANCE);
        // A non-null meta transfer syntax makes PixelMed write the preamble and "DICM"; the data set syntax given
        // here is never used because no data set attribute is written through this stream.
        DicomOutputStream dicom = new DicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian,
                TransferSyntax.ExplicitVRLittleEndian);
        meta.write(dicom);
        dicom.flush();
        // The group length PixelMed computed counts its own implementation UID and name, not ours: set it to
        // what was really written after the group length element (PS3.10 7.1), in place.
        byte[] header = out.toByteArray();
        ByteBuffer.wrap(header, GROUP_LENGTH_VALUE_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(header.length - META_ELEMENTS_OFFSET);
        byte[] part10 = Arrays.copyOf(header, header.length + dataSetLength);
        System.arraycopy(dataSet, 0, part10, header.length, dataSetLength);
        return part10;
    }

    private static void replace(AttributeList list, com.pixelmed.dicom.Attribute attribute, String value)
            throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }
}
