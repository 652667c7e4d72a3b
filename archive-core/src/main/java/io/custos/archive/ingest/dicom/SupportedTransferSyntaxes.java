package io.custos.archive.ingest.dicom;

import com.pixelmed.dicom.TransferSyntax;

import java.util.List;
import java.util.Set;

/**
 * The transfer syntaxes (PS3.5 Section 10 and Annex A) this archive keeps and serves. The archive never
 * transcodes what it accepted, so this is the list of encodings it can hold as-is: the uncompressed ones,
 * deflate, the JPEG family, JPEG-LS, JPEG 2000, RLE, and the MPEG-2/MPEG-4 video syntaxes. Explicit VR Big
 * Endian is retired (PS3.5 A.3) but still sent by old modalities, so it is accepted.
 * PixelMed's private syntaxes (bzip2, encapsulated raw, Papyrus) are not standard and are refused.
 * The DIMSE edge negotiates exactly this list, so a peer never sends what the parser would refuse.
 */
public final class SupportedTransferSyntaxes {

    /** In the order an SCP should prefer them when a peer proposes several in one presentation context. */
    public static final List<String> ALL = List.of(
            TransferSyntax.ExplicitVRLittleEndian,
            TransferSyntax.ImplicitVRLittleEndian,
            TransferSyntax.ExplicitVRBigEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian,
            TransferSyntax.JPEGBaseline,
            TransferSyntax.JPEGExtended,
            TransferSyntax.JPEGLossless,
            TransferSyntax.JPEGLosslessSV1,
            TransferSyntax.JPEGLS,
            TransferSyntax.JPEGNLS,
            TransferSyntax.JPEG2000Lossless,
            TransferSyntax.JPEG2000,
            TransferSyntax.RLE,
            TransferSyntax.MPEG2MPML,
            TransferSyntax.MPEG2MPHL,
            TransferSyntax.MPEG4HP41,
            TransferSyntax.MPEG4HP41BD,
            TransferSyntax.MPEG4HP422D,
            TransferSyntax.MPEG4HP423D,
            TransferSyntax.MPEG4HP42ST);

    private static final Set<String> SET = Set.copyOf(ALL);

    private SupportedTransferSyntaxes() {
    }

    public static boolean isSupported(String transferSyntaxUid) {
        return transferSyntaxUid != null && SET.contains(transferSyntaxUid);
    }

    /** Deflate (PS3.5 A.5) encodes the whole data set as a raw deflate stream after the meta header. */
    public static boolean isDeflated(String transferSyntaxUid) {
        return TransferSyntax.DeflatedExplicitVRLittleEndian.equals(transferSyntaxUid);
    }
}
