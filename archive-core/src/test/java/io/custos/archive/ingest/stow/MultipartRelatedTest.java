package io.custos.archive.ingest.stow;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartRelatedTest {

    private static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=XyZ";

    @Test
    void readsEachPartWithItsBytesExactly() throws Exception {
        byte[] one = {0, 1, 2, '\r', '\n', '-', '-'};
        byte[] two = new byte[70_000];
        two[69_999] = 42;
        MultipartRelated parts = MultipartRelated.open(TYPE, body(one, two), 1_000_000);
        MultipartRelated.Part first = parts.next().orElseThrow();
        MultipartRelated.Part second = parts.next().orElseThrow();
        assertThat(parts.next()).isEmpty();
        assertThat(first.mediaType()).isEqualTo("application/dicom");
        assertThat(first.bytes()).isEqualTo(one);
        assertThat(second.bytes()).isEqualTo(two);
    }

    @Test
    void marksPartsOverTheLimitAndGoesOn() throws Exception {
        MultipartRelated parts = MultipartRelated.open(TYPE, body(new byte[100], new byte[5]), 50);
        assertThat(parts.next().orElseThrow().tooLarge()).isTrue();
        MultipartRelated.Part small = parts.next().orElseThrow();
        assertThat(small.tooLarge()).isFalse();
        assertThat(small.bytes()).hasSize(5);
    }

    @Test
    void refusesOtherMediaTypes() {
        assertThatThrownBy(() -> MultipartRelated.open("application/json", body(), 10))
                .isInstanceOfSatisfying(StowRequestException.class, e -> assertThat(e.httpStatus()).isEqualTo(415));
        assertThatThrownBy(() -> MultipartRelated.open("multipart/related; type=\"application/dicom+xml\"; boundary=a",
                body(), 10))
                .isInstanceOfSatisfying(StowRequestException.class, e -> assertThat(e.httpStatus()).isEqualTo(415));
        assertThatThrownBy(() -> MultipartRelated.open("multipart/related; type=\"application/dicom\"", body(), 10))
                .isInstanceOfSatisfying(StowRequestException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    }

    @Test
    void truncatedBodyIsMalformed() throws Exception {
        byte[] whole = body(new byte[10]).readAllBytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12);
        MultipartRelated parts = MultipartRelated.open(TYPE, new ByteArrayInputStream(cut), 1000);
        assertThatThrownBy(parts::next).isInstanceOf(StowRequestException.class);
    }

    private static ByteArrayInputStream body(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes("--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return new ByteArrayInputStream(out.toByteArray());
    }
}
