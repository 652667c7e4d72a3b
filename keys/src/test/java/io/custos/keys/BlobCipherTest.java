package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlobCipherTest {

    private static final int SMALL_SEGMENT = BlobCipher.MIN_SEGMENT_SIZE;
    private static final byte[] AAD = "instance:1.2.3".getBytes(StandardCharsets.UTF_8);

    private final DataKey key = TestKeys.random();

    /** Plaintext bytes that fill exactly the first segment (Tink's header shares it). */
    private static int firstSegmentPlaintext(int segmentSize) throws Exception {
        AesGcmHkdfStreaming tink = new AesGcmHkdfStreaming(new byte[32], "HmacSha256", 32, segmentSize, 0);
        return tink.getPlaintextSegmentSize() - tink.getCiphertextOffset();
    }

    static Stream<Integer> sizes() throws Exception {
        int one = firstSegmentPlaintext(SMALL_SEGMENT);
        int full = SMALL_SEGMENT - 16;
        return Stream.of(0, 1, one, one + 1, one + 3 * full, one + 3 * full + 123);
    }

    private byte[] encrypt(BlobCipher cipher, DataKey dataKey, byte[] plaintext, byte[] aad) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encryptingStream(dataKey, aad, sink)) {
            // Uneven writes exercise Tink's buffering across segment boundaries.
            int offset = 0;
            int step = 1;
            while (offset < plaintext.length) {
                int n = Math.min(step, plaintext.length - offset);
                out.write(plaintext, offset, n);
                offset += n;
                step = step * 3 + 1;
            }
        }
        return sink.toByteArray();
    }

    private static byte[] readAll(SeekableByteChannel channel, long from, int length) throws IOException {
        channel.position(from);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(length, channel.size() - from)));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) <= 0) {
                break; // end of blob; a blocking channel only returns 0 when nothing is left
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void roundTripsThroughStreamAndChannel(int size) throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] plaintext = TestKeys.randomBytes(size);

        byte[] ciphertext = encrypt(cipher, key, plaintext, AAD);

        try (InputStream in = cipher.decryptingStream(key, AAD, new ByteArrayInputStream(ciphertext))) {
            assertThat(in.readAllBytes()).isEqualTo(plaintext);
        }
        try (SeekableByteChannel channel = cipher.decryptingChannel(key, AAD, new InMemoryChannel(ciphertext))) {
            assertThat(channel.size()).isEqualTo(size);
            assertThat(readAll(channel, 0, size + 10)).isEqualTo(plaintext);
        }
    }

    @Test
    void exactlyOneSegmentProducesOneSegmentOfCiphertext() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] ciphertext = encrypt(cipher, key, new byte[firstSegmentPlaintext(SMALL_SEGMENT)], AAD);
        int customHeader = 4 + 1 + 4 + 1 + key.id().length();

        assertThat(ciphertext.length - customHeader).isEqualTo(SMALL_SEGMENT);
    }

    @ParameterizedTest
    @MethodSource("knownLengths")
    void aPlaintextOfKnownLengthSmallerThanASegmentIsOneSegmentOfItsOwnSizeAndDecrypts(int size) throws Exception {
        BlobCipher cipher = new BlobCipher();
        byte[] plaintext = TestKeys.randomBytes(size);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encryptingStream(key, AAD, sink, plaintext.length)) {
            out.write(plaintext);
        }
        byte[] ciphertext = sink.toByteArray();
        int segment = ByteBuffer.wrap(ciphertext, 5, 4).getInt();

        assertThat(segment).isBetween(BlobCipher.MIN_SEGMENT_SIZE, BlobCipher.DEFAULT_SEGMENT_SIZE);
        if (size + 64 < BlobCipher.DEFAULT_SEGMENT_SIZE) {
            assertThat(segment).isLessThan(BlobCipher.DEFAULT_SEGMENT_SIZE);
        }
        try (InputStream in = new BlobCipher(SMALL_SEGMENT).decryptingStream(key, AAD,
                new ByteArrayInputStream(ciphertext))) {
            assertThat(in.readAllBytes()).isEqualTo(plaintext);
        }
        try (SeekableByteChannel channel = cipher.decryptingChannel(key, AAD, new InMemoryChannel(ciphertext))) {
            assertThat(readAll(channel, size / 2, size)).isEqualTo(Arrays.copyOfRange(plaintext, size / 2, size));
        }
    }

    static Stream<Integer> knownLengths() {
        return Stream.of(0, 1, 4 * 1024, 40_300, BlobCipher.DEFAULT_SEGMENT_SIZE - 64, BlobCipher.DEFAULT_SEGMENT_SIZE,
                3 * BlobCipher.DEFAULT_SEGMENT_SIZE + 7);
    }

    @Test
    void readsARangeInTheMiddleOfAFiveMebibyteBlobWithTheDefaultSegmentSize() throws Exception {
        BlobCipher writer = new BlobCipher();
        byte[] plaintext = TestKeys.randomBytes(5 * 1024 * 1024);
        byte[] ciphertext = encrypt(writer, key, plaintext, AAD);
        long from = 2_500_000;
        int length = 700_000; // spans several 256 KiB segments

        // The reader's own segment size is irrelevant: the header says which one the blob uses.
        try (SeekableByteChannel channel = new BlobCipher(SMALL_SEGMENT)
                .decryptingChannel(key, AAD, new InMemoryChannel(ciphertext))) {
            assertThat(readAll(channel, from, length))
                    .isEqualTo(Arrays.copyOfRange(plaintext, (int) from, (int) from + length));
            assertThat(readAll(channel, 17, 5)).isEqualTo(Arrays.copyOfRange(plaintext, 17, 22));
        }
    }

    @Test
    void aFlippedCiphertextByteFailsTheReadOfItsSegmentOnly() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] plaintext = TestKeys.randomBytes(10 * SMALL_SEGMENT);
        byte[] ciphertext = encrypt(cipher, key, plaintext, AAD);
        int headerLength = 4 + 1 + 4 + 1 + key.id().length();
        int segment = 5;
        ciphertext[headerLength + segment * SMALL_SEGMENT + 100] ^= 0x40;
        int damagedStart = firstSegmentPlaintext(SMALL_SEGMENT) + (segment - 1) * (SMALL_SEGMENT - 16);

        try (SeekableByteChannel channel = cipher.decryptingChannel(key, AAD, new InMemoryChannel(ciphertext))) {
            assertThat(readAll(channel, 0, 100)).isEqualTo(Arrays.copyOf(plaintext, 100));
            assertThatThrownBy(() -> readAll(channel, damagedStart + 10, 10)).isInstanceOf(IOException.class);
            int after = damagedStart + 2 * SMALL_SEGMENT;
            assertThat(readAll(channel, after, 50)).isEqualTo(Arrays.copyOfRange(plaintext, after, after + 50));
        }
        try (InputStream in = cipher.decryptingStream(key, AAD, new ByteArrayInputStream(ciphertext))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void everyHeaderByteIsAuthenticated() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] plaintext = TestKeys.randomBytes(3 * SMALL_SEGMENT);
        byte[] ciphertext = encrypt(cipher, key, plaintext, AAD);
        int headerLength = 4 + 1 + 4 + 1 + key.id().length();

        for (int i = 0; i < headerLength; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> {
                try (InputStream in = cipher.decryptingStream(key, AAD, new ByteArrayInputStream(tampered))) {
                    in.readAllBytes();
                }
            }).as("header byte %d", i).isInstanceOf(IOException.class);
        }
    }

    @Test
    void wrongAssociatedDataOrKeyFails() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] ciphertext = encrypt(cipher, key, TestKeys.randomBytes(1000), AAD);
        byte[] otherAad = "instance:1.2.4".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> {
            try (SeekableByteChannel channel = cipher.decryptingChannel(key, otherAad, new InMemoryChannel(ciphertext))) {
                readAll(channel, 0, 1000);
            }
        }).isInstanceOf(IOException.class);
        DataKey sameIdOtherMaterial = new DataKey(key.id(), key.scope(), TestKeys.randomBytes(32));
        assertThatThrownBy(() -> {
            try (InputStream in = cipher.decryptingStream(sameIdOtherMaterial, AAD, new ByteArrayInputStream(ciphertext))) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> cipher.decryptingStream(TestKeys.random(), AAD, new ByteArrayInputStream(ciphertext)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void truncationIsDetected() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] ciphertext = encrypt(cipher, key, TestKeys.randomBytes(5 * SMALL_SEGMENT), AAD);
        // Cut exactly at a segment boundary: only the missing "last segment" flag can reveal it.
        int headerLength = 4 + 1 + 4 + 1 + key.id().length();
        byte[] truncated = Arrays.copyOf(ciphertext, headerLength + 3 * SMALL_SEGMENT);

        assertThatThrownBy(() -> {
            try (InputStream in = cipher.decryptingStream(key, AAD, new ByteArrayInputStream(truncated))) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void headerNamesTheKeyAndDoesNotLeakPlaintext() throws Exception {
        BlobCipher cipher = new BlobCipher(SMALL_SEGMENT);
        byte[] plaintext = "PATIENT^NAME PATIENT^NAME PATIENT^NAME".getBytes(StandardCharsets.US_ASCII);
        byte[] ciphertext = encrypt(cipher, key, plaintext, AAD);

        assertThat(BlobCipher.keyIdOf(new InMemoryChannel(ciphertext))).isEqualTo(key.id());
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("PATIENT");
    }

    @Test
    void segmentSizeOutsideBoundsIsRejected() {
        assertThatThrownBy(() -> new BlobCipher(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobCipher(BlobCipher.MAX_SEGMENT_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IntStream.of(BlobCipher.MIN_SEGMENT_SIZE, BlobCipher.MAX_SEGMENT_SIZE)
                .mapToObj(BlobCipher::new).count()).isEqualTo(2);
    }

    @Test
    void destroyedKeyCannotEncrypt() {
        DataKey doomed = TestKeys.random();
        doomed.destroy();

        assertThatThrownBy(() -> new BlobCipher().encryptingStream(doomed, AAD, new ByteArrayOutputStream()))
                .isInstanceOf(KeyServiceException.class);
    }
}
