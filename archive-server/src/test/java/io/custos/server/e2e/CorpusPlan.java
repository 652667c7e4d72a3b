package io.custos.server.e2e;

import io.custos.archive.ingest.api.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-file expectations for sending the whole corpus, in the CSV's order, over STOW-RS or DIMSE. The rules are
 * stated here and every deviation from the CSV verdict is pinned by name with its reason; nothing is learned
 * from the archive's answers.
 *
 * <p>Shared SOP Instance UIDs: pydicom's corpus holds several files with the same SOP Instance UID (MR_small in
 * eight encodings, SC_rgb_rle in seven, rtdose variants, chrFren/chrFrenMulti, ...). The first acceptable file
 * of a UID is stored and is the instance QIDO-RS shows; a later one with other bytes is a conflicting duplicate
 * (status 0111H / STOW Failure Reason 0111H); one with the same bytes is a success that stores nothing.
 */
final class CorpusPlan {

    private static final Map<String, DcmdumpFacts> FACTS = new ConcurrentHashMap<>();

    /**
     * Files dcmsend (dcmtk 3.6.7, options {@code -nuc -dn}) refuses to send, so they never reach the archive:
     * not DICOM or without File Meta Information (text, JSON, gzip, dumps, the NoMeta files, rtstruct.dcm);
     * no SOP Class/Instance UID in the data set (DICOMDIRs, the chrSQEncoding and private-sequence fragments);
     * an invalid SOP Class UID in the meta header (empty_charset_LEI, meta_missing_tsyntax, nested_priv_SQ);
     * truncated or unreadable (MR_truncated, rtplan_truncated, SC_rgb_jpeg). All of them are refused by the
     * archive's own parser too (see the CSV), which STOW-RS proves for the same bytes.
     */
    static final Set<String> NOT_SENT_BY_DCMSEND = Set.of(
            "charset_files/FileInfo.txt",
            "charset_files/chrSQEncoding.dcm",
            "charset_files/chrSQEncoding1.dcm",
            "test_files/ExplVR_BigEndNoMeta.dcm",
            "test_files/ExplVR_LitEndNoMeta.dcm",
            "test_files/MR_truncated.dcm",
            "test_files/README.txt",
            "test_files/SC_rgb_jpeg.dcm",
            "test_files/UN_sequence.dcm",
            "test_files/dicomdirtests/DICOMDIR",
            "test_files/dicomdirtests/DICOMDIR-bigEnd",
            "test_files/dicomdirtests/DICOMDIR-empty.dcm",
            "test_files/dicomdirtests/DICOMDIR-implicit",
            "test_files/dicomdirtests/DICOMDIR-nooffset",
            "test_files/dicomdirtests/DICOMDIR-nopatient",
            "test_files/dicomdirtests/DICOMDIR-reordered",
            "test_files/dicomdirtests/README.txt",
            "test_files/dicomdirtests/TINY_ALPHA/DICOMDIR",
            "test_files/dicomdirtests/TINY_ALPHA/README",
            "test_files/empty_charset_LEI.dcm",
            "test_files/meta_missing_tsyntax.dcm",
            "test_files/nested_priv_SQ.dcm",
            "test_files/no_meta.dcm",
            "test_files/no_meta_group_length.dcm",
            "test_files/priv_SQ.dcm",
            "test_files/rtplan.dump",
            "test_files/rtplan_truncated.dcm",
            "test_files/rtstruct.dcm",
            "test_files/rtstruct.dump",
            "test_files/test1.json",
            "test_files/test_PN.json",
            "test_files/zipMR.gz");

    /**
     * Files acceptable as files but refused over DIMSE, with the refusal the archive must give. The rtdose_rle
     * files encode SOP Class and SOP Instance UID in the data set as UN; dcmsend cannot read them, so its C-STORE
     * request names UIDs the data set does not carry, and the archive refuses the mismatch (PS3.4 B.2.3: A900H).
     */
    static final Map<String, RejectionReason> REFUSED_OVER_DIMSE = Map.of(
            "test_files/rtdose_rle.dcm", RejectionReason.META_MISMATCH,
            "test_files/rtdose_rle_1frame.dcm", RejectionReason.META_MISMATCH);

    /**
     * Files with other bytes than the first file of their SOP Instance UID whose data set dcmsend nevertheless
     * puts on the wire byte-identical to it, so the archive must answer success and store nothing new. These are
     * uncompressed files in Explicit VR Big Endian or Implicit VR Little Endian: the archive already accepted
     * Explicit VR Little Endian for their SOP class on the association, and dcmsend converts them to it, which
     * yields exactly the data set of MR_small.dcm / liver_1frame.dcm (determined against dcmtk 3.6.7).
     */
    static final Set<String> IDENTICAL_ON_THE_WIRE = Set.of(
            "test_files/MR_small_bigendian.dcm",
            "test_files/MR_small_expb.dcm",
            "test_files/MR_small_implicit.dcm",
            "test_files/liver_expb_1frame.dcm");

    private CorpusPlan() {
    }

    /** STOW-RS sends each file's bytes unchanged, so the CSV verdict applies as it is. */
    static List<Expected> stow() {
        Map<String, List<String>> firstDigests = new HashMap<>();
        List<Expected> plan = new ArrayList<>();
        for (CorpusFile file : CorpusFile.all()) {
            if (!file.accepted()) {
                plan.add(Expected.refused(file, RejectionReason.valueOf(file.verdict()), null));
                continue;
            }
            DcmdumpFacts facts = facts(file);
            // The same object: the same file bytes, or the same data set in the same transfer syntax under
            // another File Meta Information.
            List<String> digests = List.of(sha256(file.bytes()), dataSetDigest(file.bytes()));
            List<String> first = firstDigests.putIfAbsent(facts.require("SOPInstanceUID"), digests);
            if (first == null) {
                plan.add(Expected.stored(file, facts));
            } else if (first.get(0).equals(digests.get(0)) || first.get(1).equals(digests.get(1))) {
                plan.add(Expected.alreadyStored(file, facts));
            } else {
                plan.add(Expected.refused(file, RejectionReason.CONFLICTING_DUPLICATE, facts));
            }
        }
        return plan;
    }

    /**
     * DIMSE carries the data set without the file's meta header (PS3.7 9.3.1.1, PS3.10 7.1): the archive writes
     * its own from the C-STORE request. So a file the parser refuses only because its meta header disagrees with
     * its data set (META_MISMATCH in the CSV) is a well-formed instance on the wire and must be stored.
     */
    static List<Expected> dimse() {
        Map<String, String> firstDigest = new HashMap<>();
        List<Expected> plan = new ArrayList<>();
        for (CorpusFile file : CorpusFile.all()) {
            if (NOT_SENT_BY_DCMSEND.contains(file.path())) {
                plan.add(Expected.notSent(file));
                continue;
            }
            boolean acceptableOnTheWire = file.accepted()
                    || RejectionReason.META_MISMATCH.name().equals(file.verdict());
            if (!acceptableOnTheWire) {
                throw new IllegalStateException(file.path() + " is refused as a file (" + file.verdict()
                        + ") but not pinned as refused by dcmsend: decide and pin its DIMSE expectation");
            }
            DcmdumpFacts facts = facts(file);
            RejectionReason refused = REFUSED_OVER_DIMSE.get(file.path());
            if (refused != null) {
                plan.add(Expected.refused(file, refused, facts));
                continue;
            }
            String digest = sha256(file.bytes());
            String first = firstDigest.putIfAbsent(facts.require("SOPInstanceUID"), digest);
            if (first == null) {
                plan.add(Expected.stored(file, facts));
            } else if (first.equals(digest) || IDENTICAL_ON_THE_WIRE.contains(file.path())) {
                plan.add(Expected.alreadyStored(file, facts));
            } else {
                plan.add(Expected.refused(file, RejectionReason.CONFLICTING_DUPLICATE, facts));
            }
        }
        return plan;
    }

    static DcmdumpFacts facts(CorpusFile file) {
        return FACTS.computeIfAbsent(file.path(), p -> DcmdumpFacts.of(file.file()));
    }

    /**
     * SHA-256 over the Transfer Syntax UID and the bytes after the File Meta Information, read here by hand from
     * the Explicit VR Little Endian meta group (PS3.10 7.1) rather than by the archive's parser.
     */
    static String dataSetDigest(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = 132;
        String transferSyntax = "";
        while (position + 8 <= bytes.length && in.getShort(position) == 0x0002) {
            int element = in.getShort(position + 2) & 0xFFFF;
            String vr = new String(bytes, position + 4, 2, StandardCharsets.US_ASCII);
            boolean longForm = Set.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr);
            int header = longForm ? 12 : 8;
            int length = longForm ? in.getInt(position + 8) : in.getShort(position + 6) & 0xFFFF;
            if (element == 0x0010) {
                transferSyntax = new String(bytes, position + header, length, StandardCharsets.US_ASCII)
                        .replace("\0", "").strip();
            }
            position += header + length;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(transferSyntax.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(bytes, position, bytes.length - position);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
