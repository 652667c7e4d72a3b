package io.custos.query.wado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.retrieve.ByteRange;
import io.custos.archive.retrieve.PixelDataIndex;
import io.custos.query.wado.AcceptedMediaTypes.InstanceEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** PS3.18 8.7 negotiation rules as AcceptedMediaTypes applies them. */
class AcceptedMediaTypesTest {

    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String JPEG = "1.2.840.10008.1.2.4.50";
    static final String RLE = "1.2.840.10008.1.2.5";

    static PixelDataIndex index(String ts, boolean encapsulated, boolean bigEndian) {
        return new PixelDataIndex(ts, encapsulated, bigEndian, encapsulated ? "OB" : "OW", 2, 2, 1, 16,
                new ByteRange(0, 8), List.of(List.of(new ByteRange(0, 8))));
    }

    @Test
    void instancesAnyOrStoredSyntaxIsTheOriginal() {
        assertThat(AcceptedMediaTypes.parse("multipart/related; type=\"application/dicom\"; transfer-syntax=*")
                .forInstance(JPEG)).isEqualTo(InstanceEncoding.ORIGINAL);
        assertThat(AcceptedMediaTypes.parse("multipart/related; type=application/dicom; transfer-syntax=" + JPEG)
                .forInstance(JPEG)).isEqualTo(InstanceEncoding.ORIGINAL);
    }

    @Test
    void instancesDefaultIsExplicitLittleEndianForUncompressedAndTheOriginalOtherwise() {
        assertThat(AcceptedMediaTypes.parse(null).forInstance(IMPLICIT_LE)).isEqualTo(InstanceEncoding.EXPLICIT_LE);
        assertThat(AcceptedMediaTypes.parse("multipart/related; type=\"application/dicom\"").forInstance(EXPLICIT_LE))
                .isEqualTo(InstanceEncoding.ORIGINAL);
        assertThat(AcceptedMediaTypes.parse("*/*").forInstance(JPEG)).isEqualTo(InstanceEncoding.ORIGINAL);
    }

    @Test
    void compressedDataIsNotDecompressedForRetrieval() {
        assertThatThrownBy(() -> AcceptedMediaTypes.parse(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_LE).forInstance(JPEG))
                .isInstanceOf(WadoException.class)
                .satisfies(e -> assertThat(((WadoException) e).status()).isEqualTo(406))
                .hasMessageContaining(JPEG);
    }

    @Test
    void laterEntriesAreTriedAndRefusalsSkipped() {
        AcceptedMediaTypes accepted = AcceptedMediaTypes.parse("multipart/related; type=\"application/dicom\"; "
                + "transfer-syntax=" + JPEG + ", multipart/related; type=\"application/dicom\"; transfer-syntax=*;q=0, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_LE);
        assertThat(accepted.forInstance(IMPLICIT_LE)).isEqualTo(InstanceEncoding.EXPLICIT_LE);
        assertThat(accepted.forInstance(JPEG)).isEqualTo(InstanceEncoding.ORIGINAL);
    }

    @Test
    void nativeFramesAreOctetsInExplicitLittleEndianSwappedFromBigEndian() {
        var native_ = AcceptedMediaTypes.parse(null).forFrames(index(EXPLICIT_LE, false, false));
        assertThat(native_.contentType()).isEqualTo("application/octet-stream; transfer-syntax=" + EXPLICIT_LE);
        assertThat(native_.swapToLittleEndian()).isFalse();
        assertThat(AcceptedMediaTypes.parse("multipart/related; type=\"application/octet-stream\"")
                .forFrames(index("1.2.840.10008.1.2.2", false, true)).swapToLittleEndian()).isTrue();
        assertThatThrownBy(() -> AcceptedMediaTypes.parse("multipart/related; type=\"image/jpeg\"")
                .forFrames(index(EXPLICIT_LE, false, false))).isInstanceOf(WadoException.class);
    }

    @Test
    void encapsulatedFramesKeepTheirSyntax() {
        assertThat(AcceptedMediaTypes.parse(null).forFrames(index(RLE, true, false)).contentType())
                .isEqualTo("image/dicom-rle; transfer-syntax=" + RLE);
        assertThat(AcceptedMediaTypes.parse("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*")
                .forFrames(index(JPEG, true, false)).contentType())
                .isEqualTo("application/octet-stream; transfer-syntax=" + JPEG);
        assertThatThrownBy(() -> AcceptedMediaTypes.parse("multipart/related; type=\"application/octet-stream\"")
                .forFrames(index(JPEG, true, false))).isInstanceOf(WadoException.class).hasMessageContaining(JPEG);
    }

    @Test
    void metadataAndRendered() {
        assertThat(AcceptedMediaTypes.parse("application/json").forMetadata()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(AcceptedMediaTypes.parse("*/*").forMetadata()).isEqualTo(AcceptedMediaTypes.DICOM_JSON);
        assertThat(AcceptedMediaTypes.parse("image/png, image/jpeg").forRendered()).isEqualTo(MediaType.IMAGE_PNG);
        assertThatThrownBy(() -> AcceptedMediaTypes.parse("image/gif").forRendered()).isInstanceOf(WadoException.class);
        assertThatThrownBy(() -> AcceptedMediaTypes.parse("not a media type;;").forMetadata())
                .isInstanceOf(WadoException.class);
    }
}
