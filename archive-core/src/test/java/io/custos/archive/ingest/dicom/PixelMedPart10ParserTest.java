package io.custos.archive.ingest.dicom;

import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PixelMedPart10ParserTest {

    private final PixelMedPart10Parser parser = new PixelMedPart10Parser(64L * 1024 * 1024);

    @TempDir
    Path tmp;

    @Test
    void parsesCtSmallWithUidsDigestAndIndexedAttributes() throws Exception {
        byte[] bytes = Corpus.bytes("test_files/CT_small.dcm");

        ParsedInstance parsed = parser.parse(bytes);

        assertThat(parsed.study().value()).isEqualTo("1.3.6.1.4.1.5962.1.2.1.20040119072730.12322");
        assertThat(parsed.sopClass().value()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(parsed.transferSyntax().value()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        assertThat(parsed.sizeBytes()).isEqualTo(bytes.length);
        assertThat(parsed.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo("3dd31e5cc835b3f2cdd46c9da1982f59251e78518fefa8163d914631c66437d6");
        assertThat(value(parsed, TagFromName.Modality)).containsExactly("CT");
        assertThat(value(parsed, TagFromName.Rows)).containsExactly("128");
        assertThat(value(parsed, TagFromName.StudyDate)).containsExactly("20040119");
        assertThat(attribute(parsed, TagFromName.PatientName).vr()).isEqualTo("PN");
        // Every extracted attribute is one of the indexed tags, none is empty, and no pixel data is carried.
        assertThat(parsed.attributes()).allSatisfy(a -> {
            assertThat(IndexedTags.byValue(a.tag())).isNotNull();
            assertThat(a.values()).isNotEmpty();
        });
    }

    @Test
    void theDataSetDigestIgnoresTheFileMetaInformationButNotTheDataSet() throws Exception {
        byte[] original = Corpus.bytes("test_files/CT_small.dcm");
        byte[] otherSender = original.clone();
        replaceInMetaHeader(otherSender, "CLUNIE1", "OTHERAE");
        byte[] otherData = original.clone();
        otherData[otherData.length / 2] ^= 1; // a pixel in the middle of the image

        ParsedInstance parsed = parser.parse(original);
        ParsedInstance resent = parser.parse(otherSender);
        ParsedInstance changed = parser.parse(otherData);

        assertThat(resent.sha256()).isNotEqualTo(parsed.sha256());
        assertThat(resent.datasetSha256()).isEqualTo(parsed.datasetSha256());
        assertThat(changed.datasetSha256()).isNotEqualTo(parsed.datasetSha256());
    }

    @Test
    void theDataSetDigestIgnoresDataSetTrailingPaddingWhichNetworkPeersDrop() throws Exception {
        byte[] file = Corpus.bytes("test_files/MR_small.dcm");
        // MR_small ends with (FFFC,FFFC) OB of 126 bytes: 12 bytes of header (explicit VR) and the value.
        byte[] withoutPadding = Arrays.copyOf(file, file.length - 12 - 126);

        assertThat(parser.parse(withoutPadding).datasetSha256()).isEqualTo(parser.parse(file).datasetSha256());
    }

    @Test
    void decodesJapaneseIso2022PersonNameWithAllThreeComponentGroups() throws Exception {
        ParsedInstance parsed = parser.parse(Corpus.bytes("charset_files/chrH31.dcm"));

        assertThat(value(parsed, TagFromName.PatientName)).containsExactly("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(value(parsed, TagFromName.SpecificCharacterSet)).containsExactly("", "ISO 2022 IR 87");
    }

    @Test
    void decodesKoreanGreekAndGb18030Names() throws Exception {
        assertThat(value(parser.parse(Corpus.bytes("charset_files/chrKoreanMulti.dcm")), TagFromName.PatientName))
                .containsExactly("김희중");
        assertThat(value(parser.parse(Corpus.bytes("charset_files/chrGreek.dcm")), TagFromName.PatientName))
                .containsExactly("Διονυσιος");
        assertThat(value(parser.parse(Corpus.bytes("charset_files/chrX2.dcm")), TagFromName.PatientName))
                .containsExactly("Wang^XiaoDong=王^小东=");
    }

    @Test
    void japaneseMultiFileIsReadableOnceItsMetaHeaderAgreesWithTheDataSet() throws Exception {
        Path copy = copyOf("charset_files/chrJapMulti.dcm");
        // Its meta header names another SOP instance: rejected as shipped (see the corpus table).
        assertRejected(Files.readAllBytes(copy), RejectionReason.META_MISMATCH);

        // dcmodify -u (update meta) rewrites the meta header's UIDs from the data set.
        Dcmtk.require("dcmodify", "-nb", "-u", "-m", "PatientComments=x", copy.toString());

        assertThat(value(parser.parse(Files.readAllBytes(copy)), TagFromName.PatientName))
                .containsExactly("やまだ^たろう"); // dcmdump shows only the phonetic group in this file
    }

    @Test
    void acceptsDeflatedTransferSyntax() throws Exception {
        ParsedInstance parsed = parser.parse(Corpus.bytes("test_files/image_dfl.dcm"));

        assertThat(parsed.transferSyntax().value()).isEqualTo(TransferSyntax.DeflatedExplicitVRLittleEndian);
        assertThat(value(parsed, TagFromName.Rows)).containsExactly("512");
    }

    @Test
    void rejectsAFileTruncatedAtHalfItsLength() {
        for (String name : List.of("test_files/CT_small.dcm", "test_files/MR_small_implicit.dcm",
                "test_files/image_dfl.dcm", "charset_files/chrH31.dcm")) {
            byte[] bytes = Corpus.bytes(name);
            assertRejected(Arrays.copyOf(bytes, bytes.length / 2), RejectionReason.NOT_PARSEABLE);
        }
    }

    @Test
    void aTruncationOnAnElementBoundaryIsAShorterValidDataSetAndFailsOnTheMissingUids() {
        // JPEG2000.dcm cut at half ends exactly after PatientComments: what is left is a well-formed data set
        // (dcmdump reads it without complaint), so no parser can call it truncated; it lacks the UIDs instead.
        byte[] bytes = Corpus.bytes("test_files/JPEG2000.dcm");

        assertRejected(Arrays.copyOf(bytes, bytes.length / 2), RejectionReason.INVALID_UID);
    }

    @Test
    void rejectsTrailingGarbageAfterTheDataSet() {
        byte[] bytes = Corpus.bytes("test_files/MR_small.dcm");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 7);
        Arrays.fill(longer, bytes.length, longer.length, (byte) 0x5A);

        assertRejected(longer, RejectionReason.NOT_PARSEABLE);
    }

    @Test
    void rejectsRandomBytesWithOrWithoutAPreamble() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        assertRejected(random, RejectionReason.NOT_PARSEABLE);

        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, random, 128, 4);
        assertRejected(random, RejectionReason.NOT_PARSEABLE);

        assertRejected(new byte[0], RejectionReason.NOT_PARSEABLE);
        assertRejected(null, RejectionReason.NOT_PARSEABLE);
    }

    @Test
    void rejectsADataSetWithoutPreambleEvenWhenPixelMedCouldGuessIt() {
        assertRejected(Corpus.bytes("test_files/no_meta.dcm"), RejectionReason.NOT_PARSEABLE);
        assertRejected(Corpus.bytes("test_files/ExplVR_LitEndNoMeta.dcm"), RejectionReason.NOT_PARSEABLE);
    }

    @Test
    void rejectsAMalformedStudyUid() throws Exception {
        Path copy = copyOf("test_files/MR_small.dcm");
        Dcmtk.require("dcmodify", "-nb", "-m", "StudyInstanceUID=1.2.03", copy.toString());

        assertRejected(Files.readAllBytes(copy), RejectionReason.INVALID_UID);
    }

    @Test
    void rejectsAMissingSopInstanceUid() throws Exception {
        Path copy = copyOf("test_files/MR_small.dcm");
        Dcmtk.require("dcmodify", "-nb", "-e", "SOPInstanceUID", copy.toString());

        assertRejected(Files.readAllBytes(copy), RejectionReason.INVALID_UID);
    }

    @Test
    void rejectsAMetaHeaderThatNamesAnotherInstance() throws Exception {
        byte[] bytes = Corpus.bytes("test_files/MR_small.dcm");
        String sop = parser.parse(bytes).sop().value();
        // dcmodify keeps the meta header in step with the data set, so the meta UID is edited in place
        // (same length, so every length stays right).
        String other = sop.substring(0, sop.length() - 1) + (sop.endsWith("1") ? "2" : "1");
        replaceInMetaHeader(bytes, sop, other);

        assertRejected(bytes, RejectionReason.META_MISMATCH);
    }

    @Test
    void rejectsAnUnknownTransferSyntax() {
        byte[] bytes = Corpus.bytes("test_files/MR_small.dcm");
        // Same length as "1.2.840.10008.1.2.1" so the meta group length stays right; not a transfer syntax.
        replaceInMetaHeader(bytes, TransferSyntax.ExplicitVRLittleEndian, "1.2.840.10008.1.2.9");

        assertRejected(bytes, RejectionReason.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsAnObjectOverTheSizeLimitBeforeReadingIt() {
        byte[] bytes = Corpus.bytes("test_files/CT_small.dcm");
        PixelMedPart10Parser small = new PixelMedPart10Parser(bytes.length - 1);

        assertThatThrownBy(() -> small.parse(bytes))
                .isInstanceOfSatisfying(InstanceRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LARGE));
        // Random bytes over the limit are TOO_LARGE, not NOT_PARSEABLE: the length is checked first.
        assertThatThrownBy(() -> small.parse(new byte[bytes.length + 1]))
                .isInstanceOfSatisfying(InstanceRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LARGE));
    }

    @Test
    void indexedTagsAreUniqueAndCoverTheThreeLevels() {
        assertThat(IndexedTags.ALL).extracting(IndexedTags.IndexedTag::value).doesNotHaveDuplicates();
        assertThat(IndexedTags.ALL).hasSize(IndexedTags.STUDY.size() + IndexedTags.SERIES.size() + IndexedTags.INSTANCE.size());
        assertThat(IndexedTags.byValue(IndexedTags.toInt(TagFromName.PatientName)).keyword()).isEqualTo("PatientName");
        assertThat(IndexedTags.byValue(IndexedTags.toInt(TagFromName.PixelData))).isNull();
    }

    private Path copyOf(String corpusFile) throws Exception {
        Path copy = tmp.resolve(Path.of(corpusFile).getFileName());
        Files.copy(Corpus.file(corpusFile), copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private void assertRejected(byte[] bytes, RejectionReason reason) {
        assertThatThrownBy(() -> parser.parse(bytes))
                .isInstanceOfSatisfying(InstanceRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(reason.description());
    }

    private static void replaceInMetaHeader(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        for (int i = 132; i < 1024; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
                return;
            }
        }
        throw new AssertionError("not found in meta header");
    }

    private static IndexedAttribute attribute(ParsedInstance parsed, com.pixelmed.dicom.AttributeTag tag) {
        int value = IndexedTags.toInt(tag);
        return parsed.attributes().stream().filter(a -> a.tag() == value).findFirst()
                .orElseThrow(() -> new AssertionError("not indexed: " + tag));
    }

    private static List<String> value(ParsedInstance parsed, com.pixelmed.dicom.AttributeTag tag) {
        return attribute(parsed, tag).values();
    }
}
