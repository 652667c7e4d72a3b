package io.custos.deidentify.header;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import io.custos.deidentify.report.DeidentificationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A de-identified data set (no File Meta Information: PS3.15 E.1.1 step 7 wants it replaced, see
 * {@link #writePart10}), the transfer syntax its pixel data is still encoded in, and what was done to it.
 */
public record DeidentifiedInstance(AttributeList dataset, String transferSyntaxUid, DeidentificationReport report) {

    /** Source Application Entity Title written into the new File Meta Information. */
    public static final String SOURCE_AE = "CUSTOS_DEID";

    public DeidentifiedInstance {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        Objects.requireNonNull(report, "report");
    }

    /**
     * Writes a DICOM Part 10 file: a new 128-byte preamble of zeros and new File Meta Information describing
     * Custos as the de-identifying application (PS3.15 E.1.1 step 7), then the data set.
     */
    public void writePart10(OutputStream out) throws IOException {
        AttributeList file = new AttributeList();
        file.putAll(dataset);
        try {
            FileMetaInformation.addFileMetaInformation(file, transferSyntaxUid, SOURCE_AE);
            file.write(out, transferSyntaxUid, true, true);
        } catch (DicomException e) {
            // Not chained: the toolkit's message may quote a value (no PHI in exception messages).
            throw new IOException("cannot write the de-identified instance as Part 10 (" + e.getClass().getSimpleName()
                    + ")");
        }
    }
}
