package io.custos.archive.ingest.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Collects one DIMSE message (command set, then its data set if any) from P-DATA-TF PDUs (PS3.8 9.3.5, PS3.7
 * 6.3.1) into memory. The data set is kept as received, byte for byte, and never written to disk; past the
 * size limit further fragments are read and dropped so the association stays in step and the request can be
 * answered with a status rather than an abort.
 *
 * <p>PixelMed's {@code ReceivedDataHandler} cannot be subclassed outside its package, but its public subclass
 * {@link CompositeResponseHandler} can, and its {@code sendPDataIndication} is overridden whole here.
 */
final class DimseMessageCollector extends CompositeResponseHandler {

    /** PS3.7 E.2 Command Data Set Type: 0101H means "no data set follows". */
    private static final int NO_DATA_SET = 0x0101;

    private final long maxDataSetBytes;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
    private byte[] dataSet = new byte[0];
    private int dataSetLength;
    private boolean tooLarge;
    private AttributeList commandList;
    private byte presentationContextId;

    DimseMessageCollector(long maxDataSetBytes) {
        this.maxDataSetBytes = maxDataSetBytes;
    }

    @Override
    public void sendPDataIndication(PDataPDU pdu, Association association)
            throws DicomNetworkException, DicomException, IOException {
        for (Object o : pdu.getPDVList()) {
            PresentationDataValue pdv = (PresentationDataValue) o;
            byte[] value = pdv.getValue();
            if (pdv.isCommand()) {
                command.write(value);
                if (pdv.isLastFragment()) {
                    presentationContextId = pdv.getPresentationContextID();
                    // PS3.7 6.3.1: command sets are always Implicit VR Little Endian.
                    commandList = CompositeResponseHandler.getAttributeListFromCommandOrData(
                            command.toByteArray(), TransferSyntax.ImplicitVRLittleEndian);
                    if (Attribute.getSingleIntegerValueOrDefault(commandList, TagFromName.CommandDataSetType, NO_DATA_SET)
                            == NO_DATA_SET) {
                        setDone(true);
                    }
                }
            } else {
                append(value);
                if (pdv.isLastFragment()) {
                    setDone(true);
                }
            }
        }
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
        // Not a response handler: the status is decided by whoever consumes the message.
    }

    private void append(byte[] value) {
        if (tooLarge || dataSetLength + (long) value.length > maxDataSetBytes) {
            tooLarge = true;
            dataSet = new byte[0];
            dataSetLength = 0;
            return;
        }
        if (dataSetLength + value.length > dataSet.length) {
            long grown = Math.max(dataSetLength + (long) value.length, Math.max(64 * 1024L, dataSet.length * 2L));
            dataSet = Arrays.copyOf(dataSet, (int) Math.min(grown, maxDataSetBytes));
        }
        System.arraycopy(value, 0, dataSet, dataSetLength, value.length);
        dataSetLength += value.length;
    }

    AttributeList commandList() {
        return commandList;
    }

    int commandField() {
        return commandList == null ? -1 : Attribute.getSingleIntegerValueOrDefault(commandList, TagFromName.CommandField, -1);
    }

    byte presentationContextId() {
        return presentationContextId;
    }

    byte[] dataSet() {
        return dataSet;
    }

    int dataSetLength() {
        return dataSetLength;
    }

    boolean tooLarge() {
        return tooLarge;
    }
}
