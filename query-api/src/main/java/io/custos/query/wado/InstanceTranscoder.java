package io.custos.query.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Re-encodes an uncompressed object (Implicit VR Little Endian, Explicit VR Big Endian, Deflated) as Explicit
 * VR Little Endian (PS3.5 A.2), the default transfer syntax of PS3.18 8.7.3.5.2, with a File Meta Information
 * header (PS3.10 7.1) naming the new syntax. Used only when a client asks for it; the stored object is never
 * changed.
 */
final class InstanceTranscoder {

    private InstanceTranscoder() {
    }

    static void toExplicitLittleEndian(InputStream original, OutputStream out) throws IOException {
        try (InputStream in = new BufferedInputStream(original, 64 * 1024)) {
            AttributeList list = new AttributeList();
            list.setDecompressPixelData(false);
            list.read(new DicomInputStream(in));
            String sourceAe = Attribute.getSingleStringValueOrDefault(
                    list.get(TagFromName.SourceApplicationEntityTitle), "CUSTOS");
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, sourceAe);
            list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        } catch (DicomException e) {
            throw new IOException("stored instance cannot be transcoded", e);
        }
    }
}
