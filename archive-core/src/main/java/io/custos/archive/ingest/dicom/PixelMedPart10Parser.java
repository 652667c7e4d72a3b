package io.custos.archive.ingest.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.custos.archive.domain.DicomUid;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.api.Part10Parser;
import io.custos.archive.ingest.api.RejectionReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Edge validation of a PS3.10 file with PixelMed. The object is read whole, pixel data left compressed
 * (the archive keeps the original bytes; decoding is the viewer path's job), and it is refused unless PixelMed
 * read it to its last byte: PixelMed can stop silently on malformed input (a truncated file, a bad length in a
 * nested sequence), and the only sign is that the offset it stopped at is short of the object's length.
 *
 * <p>Checks, in order, each with its own {@link RejectionReason}:
 * <ol>
 *   <li>size above the configured limit: TOO_LARGE, before anything is read;</li>
 *   <li>128-byte preamble, "DICM" and a File Meta Information group with a Transfer Syntax UID (PS3.10 7.1):
 *       otherwise NOT_PARSEABLE;</li>
 *   <li>transfer syntax in {@link SupportedTransferSyntaxes}: otherwise UNSUPPORTED_TRANSFER_SYNTAX;</li>
 *   <li>the data set read whole: otherwise NOT_PARSEABLE;</li>
 *   <li>Study, Series, SOP Instance and SOP Class UIDs present and PS3.5 9.1 well formed: otherwise INVALID_UID;</li>
 *   <li>Media Storage SOP Class/Instance UID of the meta header equal to the data set's (PS3.10 7.1):
 *       otherwise META_MISMATCH.</li>
 * </ol>
 * Exceptions from PixelMed are not passed on as messages: they can quote values from the object.
 * Thread-safe: no state besides the limit.
 */
public final class PixelMedPart10Parser implements Part10Parser {

    /** PS3.10 7.1: 128-byte preamble followed by the 4-byte prefix "DICM". */
    private static final int PREAMBLE_LENGTH = 128;
    private static final byte[] PREFIX = "DICM".getBytes(StandardCharsets.US_ASCII);
    /** Explicit VR little endian UL element: tag (4), VR (2), length (2), value (4). */
    private static final int GROUP_LENGTH_ELEMENT = 12;
    private static final int GZIP_TRAILER = 8;

    private final long maxObjectBytes;

    /** @param maxObjectBytes largest Part 10 object accepted, in bytes (the whole file, meta header included) */
    public PixelMedPart10Parser(long maxObjectBytes) {
        if (maxObjectBytes <= PREAMBLE_LENGTH) {
            throw new IllegalArgumentException("maxObjectBytes too small");
        }
        this.maxObjectBytes = maxObjectBytes;
    }

    public long maxObjectBytes() {
        return maxObjectBytes;
    }

    @Override
    public ParsedInstance parse(byte[] part10Bytes) throws InstanceRejectedException {
        if (part10Bytes == null) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        if (part10Bytes.length > maxObjectBytes) {
            throw new InstanceRejectedException(RejectionReason.TOO_LARGE);
        }
        requirePreamble(part10Bytes);

        MetaHeader meta = readMetaHeader(part10Bytes);
        String transferSyntax = meta.transferSyntax();
        if (!SupportedTransferSyntaxes.isSupported(transferSyntax)) {
            throw new InstanceRejectedException(RejectionReason.UNSUPPORTED_TRANSFER_SYNTAX);
        }
        AttributeList list = readWhole(part10Bytes, meta);

        StudyInstanceUid study = new StudyInstanceUid(requireUid(list, TagFromName.StudyInstanceUID));
        SeriesInstanceUid series = new SeriesInstanceUid(requireUid(list, TagFromName.SeriesInstanceUID));
        SopInstanceUid sop = new SopInstanceUid(requireUid(list, TagFromName.SOPInstanceUID));
        SopClassUid sopClass = new SopClassUid(requireUid(list, TagFromName.SOPClassUID));

        if (!sop.value().equals(value(list, TagFromName.MediaStorageSOPInstanceUID))
                || !sopClass.value().equals(value(list, TagFromName.MediaStorageSOPClassUID))) {
            throw new InstanceRejectedException(RejectionReason.META_MISMATCH);
        }

        List<IndexedAttribute> attributes;
        try {
            attributes = IndexedAttributeExtractor.extract(list);
        } catch (DicomException | RuntimeException e) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        return new ParsedInstance(study, series, sop, sopClass, new TransferSyntaxUid(transferSyntax),
                part10Bytes.length, sha256(part10Bytes), dataSetSha256(transferSyntax, part10Bytes, meta.dataSetOffset(), list),
                attributes);
    }

    private static void requirePreamble(byte[] bytes) throws InstanceRejectedException {
        if (bytes.length < PREAMBLE_LENGTH + PREFIX.length) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (bytes[PREAMBLE_LENGTH + i] != PREFIX[i]) {
                throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
            }
        }
    }

    /** What the File Meta Information says: the transfer syntax, and where the data set starts (-1 if unknown). */
    private record MetaHeader(String transferSyntax, long dataSetOffset) {
    }

    /** Reads only the File Meta Information group, so an unknown encoding is named as such, not as garbage. */
    private static MetaHeader readMetaHeader(byte[] bytes) throws InstanceRejectedException {
        try {
            DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes));
            if (!in.haveMetaHeader()) {
                throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
            }
            AttributeList meta = new AttributeList();
            meta.read(in, (list, tag, offset) -> !tag.isFileMetaInformationGroup());
            String transferSyntax = value(meta, TagFromName.TransferSyntaxUID);
            if (transferSyntax == null) {
                throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
            }
            if (!DicomUid.isValid(transferSyntax)) {
                throw new InstanceRejectedException(RejectionReason.INVALID_UID);
            }
            // PS3.10 7.1: the group length (type 1) counts the meta elements after it; they start after the
            // preamble, the prefix and the 12 bytes of the group length element itself.
            long groupLength = Attribute.getSingleLongValueOrDefault(meta, TagFromName.FileMetaInformationGroupLength, -1L);
            long dataSetOffset = groupLength < 0 ? -1 : PREAMBLE_LENGTH + PREFIX.length + GROUP_LENGTH_ELEMENT + groupLength;
            return new MetaHeader(transferSyntax, dataSetOffset);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
    }

    private static AttributeList readWhole(byte[] bytes, MetaHeader meta) throws InstanceRejectedException {
        CountingInputStream counting = new CountingInputStream(new ByteArrayInputStream(bytes));
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        long stoppedAt;
        try {
            stoppedAt = list.read(new DicomInputStream(counting));
        } catch (IOException | DicomException | RuntimeException e) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        // For deflate PixelMed reports the offset within the inflated data set (measured: the pydicom corpus'
        // image_dfl.dcm stops at exactly its inflated length), so we inflate it ourselves to know that length.
        long expectedEnd = SupportedTransferSyntaxes.isDeflated(meta.transferSyntax())
                ? inflatedLength(bytes, meta.dataSetOffset())
                : bytes.length;
        if (stoppedAt != expectedEnd || counting.count() < bytes.length) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        return list;
    }

    /**
     * Length of the raw deflate stream (PS3.5 A.5) once inflated. Refuses a broken stream and trailing bytes,
     * except one NUL padding byte to even length, and a gzip-style trailer (CRC-32 and length of the inflated data, RFC 1952 2.3.1) that matches: some
     * writers append one (the corpus' image_dfl.dcm does) and every reader ignores it.
     */
    private static long inflatedLength(byte[] bytes, long startOfDataSet) throws InstanceRejectedException {
        if (startOfDataSet <= 0 || startOfDataSet > bytes.length) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, (int) startOfDataSet, bytes.length - (int) startOfDataSet);
            byte[] sink = new byte[64 * 1024];
            CRC32 crc = new CRC32();
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                crc.update(sink, 0, n);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
                }
            }
            long inflated = inflater.getBytesWritten();
            int remaining = inflater.getRemaining();
            // PS3.5 A.5: a deflated data set of odd length is padded with one trailing NUL (dcmsend does this).
            boolean evenPadding = remaining == 1 && bytes[bytes.length - 1] == 0;
            if (remaining != 0 && !evenPadding && !(remaining == GZIP_TRAILER
                    && matchesGzipTrailer(bytes, bytes.length - GZIP_TRAILER, crc.getValue(), inflated))) {
                throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
            }
            return inflated;
        } catch (DataFormatException e) {
            throw new InstanceRejectedException(RejectionReason.NOT_PARSEABLE);
        } finally {
            inflater.end();
        }
    }

    private static boolean matchesGzipTrailer(byte[] bytes, int at, long crc, long inflated) {
        ByteBuffer trailer = ByteBuffer.wrap(bytes, at, GZIP_TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        return Integer.toUnsignedLong(trailer.getInt()) == crc
                && Integer.toUnsignedLong(trailer.getInt()) == (inflated & 0xFFFFFFFFL);
    }

    private static String requireUid(AttributeList list, com.pixelmed.dicom.AttributeTag tag)
            throws InstanceRejectedException {
        String uid = value(list, tag);
        if (!DicomUid.isValid(uid)) {
            throw new InstanceRejectedException(RejectionReason.INVALID_UID);
        }
        return uid;
    }

    /** Single value without its padding (PS3.5 9.1: a UID is NUL-padded to even length), or null when absent. */
    private static String value(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        String value = Attribute.getSingleStringValueOrNull(list, tag);
        if (value == null) {
            return null;
        }
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\0' || value.charAt(end - 1) == ' ')) {
            end--;
        }
        return end == 0 ? null : value.substring(0, end);
    }

    /**
     * The transfer syntax and the data set after the File Meta Information (PS3.10 7.1), without a final Data
     * Set Trailing Padding element (FFFC,FFFC): what two senders of the same object share even when their meta
     * headers differ. Padding belongs to media (PS3.10 7.2) and a DIMSE peer drops it (dcmtk does). A deflated
     * data set, or one whose meta group has no length, is digested whole.
     */
    private static String dataSetSha256(String transferSyntax, byte[] bytes, long dataSetOffset, AttributeList list) {
        long start = dataSetOffset < 0 ? 0 : dataSetOffset;
        long end = bytes.length;
        Attribute padding = list.get(TagFromName.DataSetTrailingPadding);
        if (padding != null && dataSetOffset >= 0 && !SupportedTransferSyntaxes.isDeflated(transferSyntax)) {
            // Always a long-form element: 12 bytes of tag, VR, reserved and length when explicit, 8 when implicit.
            long header = TransferSyntax.ImplicitVRLittleEndian.equals(transferSyntax) ? 8 : 12;
            end -= header + padding.getPaddedVL();
        }
        MessageDigest digest = sha256Digest();
        digest.update(transferSyntax.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(bytes, (int) start, (int) (end - start));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
