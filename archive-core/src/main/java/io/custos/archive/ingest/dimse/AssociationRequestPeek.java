package io.custos.archive.ingest.dimse;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the A-ASSOCIATE-RQ PDU (PS3.8 9.3.2) before PixelMed sees the connection, to learn the called and
 * calling AE titles, and writes A-ASSOCIATE-RJ (PS3.8 9.3.4) when the association is refused. PixelMed's
 * acceptor only checks the called AE against one title and never the calling AE, so the AE policy is applied
 * here; when the association is accepted the PDU is replayed to PixelMed unchanged ({@link ReplayingSocket}).
 */
final class AssociationRequestPeek {

    static final int A_ASSOCIATE_RQ = 0x01;
    static final int A_ASSOCIATE_RJ = 0x03;
    private static final int PDU_HEADER = 6;
    /** Protocol version (2), reserved (2), called AE (16), calling AE (16), reserved (32). */
    private static final int FIXED_FIELDS = 68;
    private static final int CALLED_AE_OFFSET = PDU_HEADER + 4;
    private static final int CALLING_AE_OFFSET = CALLED_AE_OFFSET + 16;
    private static final int AE_LENGTH = 16;
    /** A request with hundreds of presentation contexts stays far below this; more is not a real peer. */
    private static final int MAX_REQUEST_PDU = 256 * 1024;

    /** The whole request PDU and the AE titles it carries (space padding removed). */
    record Request(byte[] pdu, String calledAe, String callingAe) {
    }

    private AssociationRequestPeek() {
    }

    /** Reads one A-ASSOCIATE-RQ; throws if the first PDU is anything else or is implausibly large. */
    static Request read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[PDU_HEADER];
        data.readFully(header);
        if ((header[0] & 0xFF) != A_ASSOCIATE_RQ) {
            throw new IOException("first PDU is not an A-ASSOCIATE-RQ");
        }
        long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8) | (header[5] & 0xFFL);
        if (length < FIXED_FIELDS || length > MAX_REQUEST_PDU) {
            throw new IOException("A-ASSOCIATE-RQ length out of range");
        }
        byte[] pdu = new byte[PDU_HEADER + (int) length];
        System.arraycopy(header, 0, pdu, 0, PDU_HEADER);
        data.readFully(pdu, PDU_HEADER, (int) length);
        return new Request(pdu, aeTitle(pdu, CALLED_AE_OFFSET), aeTitle(pdu, CALLING_AE_OFFSET));
    }

    /** A-ASSOCIATE-RJ: type 03, reserved, length 4, reserved, result, source, reason/diag (PS3.8 Table 9-21). */
    static void writeReject(OutputStream out, AssociationRejection rejection) throws IOException {
        out.write(new byte[] {A_ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0,
                (byte) rejection.result(), (byte) rejection.source(), (byte) rejection.reason()});
        out.flush();
    }

    /** AE titles are ISO 646 (PS3.5 6.2 AE), space padded; leading and trailing spaces are not significant. */
    private static String aeTitle(byte[] pdu, int offset) {
        return new String(pdu, offset, AE_LENGTH, StandardCharsets.US_ASCII).strip();
    }
}
