package io.custos.keys;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Segmented, seekable authenticated encryption for blobs, on Tink's AES-256-GCM-HKDF streaming AEAD with the
 * study's {@link DataKey} as input keying material (Tink derives a fresh key per blob from a random salt).
 *
 * <p>Layout: {@code Custos header || Tink ciphertext}. Header v1:
 * {@code "CSTB" || 0x01 || ciphertext segment size (int32 BE) || key id length (1) || key id (UTF-8)}.
 * The decrypting side takes the segment size and key id from the header; the header bytes are prepended to
 * the caller's associated data given to Tink, so changing any header byte fails decryption.
 *
 * <p>A modified ciphertext byte fails the read of its segment with an {@link IOException}; a truncated blob
 * fails at the end. Wrong plaintext is never returned.
 */
public final class BlobCipher {

    public static final int DEFAULT_SEGMENT_SIZE = 256 * 1024;
    public static final int MIN_SEGMENT_SIZE = 4 * 1024;
    /** Upper bound also protects readers: a forged header cannot make them allocate huge buffers. */
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;

    private static final byte[] MAGIC = "CSTB".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT_V1 = 1;
    private static final int MAX_KEY_ID_BYTES = 255;
    private static final String HKDF = "HmacSha256";
    private static final int AES_256 = 32;
    /** Tink's per-stream header (length byte, 32-byte salt, 7-byte nonce prefix) plus one GCM tag, with room. */
    private static final int ONE_SEGMENT_OVERHEAD = 64;

    private final int segmentSize;

    public BlobCipher() {
        this(DEFAULT_SEGMENT_SIZE);
    }

    /** @param segmentSize ciphertext bytes per segment: the unit a seek decrypts and a flipped bit fails */
    public BlobCipher(int segmentSize) {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be within [" + MIN_SEGMENT_SIZE + ", "
                    + MAX_SEGMENT_SIZE + "]");
        }
        this.segmentSize = segmentSize;
    }

    /** Writes the header now; closing the returned stream writes the last segment and closes the sink. */
    public OutputStream encryptingStream(DataKey key, byte[] associatedData, OutputStream ciphertextSink)
            throws IOException {
        return encryptingStream(key, associatedData, ciphertextSink, segmentSize);
    }

    /**
     * As {@link #encryptingStream(DataKey, byte[], OutputStream)} for a plaintext of known length: an object smaller
     * than one segment gets a single segment of its own size. The segment buffers are allocated per stream, so a
     * 40 KB object no longer costs two zeroed 256 KB buffers; it has nothing to seek within anyway. The segment
     * size is in the header, so readers need not know.
     */
    public OutputStream encryptingStream(DataKey key, byte[] associatedData, OutputStream ciphertextSink,
            long plaintextLength) throws IOException {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintextLength must not be negative");
        }
        int fitted = (int) Math.max(MIN_SEGMENT_SIZE, Math.min(segmentSize, plaintextLength + ONE_SEGMENT_OVERHEAD));
        return encryptingStream(key, associatedData, ciphertextSink, fitted);
    }

    private OutputStream encryptingStream(DataKey key, byte[] associatedData, OutputStream ciphertextSink,
            int segmentSize) throws IOException {
        Objects.requireNonNull(ciphertextSink, "ciphertextSink");
        byte[] header = header(segmentSize, key.id());
        ciphertextSink.write(header);
        try {
            return streaming(key, segmentSize).newEncryptingStream(ciphertextSink, tinkAad(header, associatedData));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot start blob encryption", e);
        }
    }

    /**
     * Random-access plaintext view of a ciphertext channel: positions and size are plaintext offsets, and a
     * read decrypts only the segments it touches. The segment size comes from the blob's header, so blobs
     * written with any segment size decrypt here.
     */
    public SeekableByteChannel decryptingChannel(DataKey key, byte[] associatedData,
            SeekableByteChannel ciphertextSource) throws IOException {
        Objects.requireNonNull(ciphertextSource, "ciphertextSource");
        ciphertextSource.position(0);
        byte[] header = readHeader(new DataInputStream(new ChannelInput(ciphertextSource)));
        Header parsed = parse(header);
        requireKey(parsed, key);
        try {
            return streaming(key, parsed.segmentSize()).newSeekableDecryptingChannel(
                    new OffsetChannel(ciphertextSource, header.length), tinkAad(header, associatedData));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot start blob decryption", e);
        }
    }

    /** Sequential decryption; consumes the header from {@code ciphertextSource} first. */
    public InputStream decryptingStream(DataKey key, byte[] associatedData, InputStream ciphertextSource)
            throws IOException {
        Objects.requireNonNull(ciphertextSource, "ciphertextSource");
        byte[] header = readHeader(new DataInputStream(ciphertextSource));
        Header parsed = parse(header);
        requireKey(parsed, key);
        try {
            return streaming(key, parsed.segmentSize()).newDecryptingStream(ciphertextSource,
                    tinkAad(header, associatedData));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot start blob decryption", e);
        }
    }

    /** The data key id a blob was written under, read from its header (unauthenticated until decryption). */
    public static String keyIdOf(SeekableByteChannel ciphertextSource) throws IOException {
        ciphertextSource.position(0);
        return parse(readHeader(new DataInputStream(new ChannelInput(ciphertextSource)))).keyId();
    }

    private static AesGcmHkdfStreaming streaming(DataKey key, int segmentSize) throws GeneralSecurityException {
        byte[] ikm = key.material();
        try {
            return new AesGcmHkdfStreaming(ikm, HKDF, AES_256, segmentSize, 0);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static void requireKey(Header header, DataKey key) throws IOException {
        if (!header.keyId().equals(key.id())) {
            throw new IOException("blob was encrypted under a different data key");
        }
    }

    private static byte[] tinkAad(byte[] header, byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        // The header has a self-describing length, so header || data is unambiguous.
        byte[] aad = Arrays.copyOf(header, header.length + associatedData.length);
        System.arraycopy(associatedData, 0, aad, header.length, associatedData.length);
        return aad;
    }

    private static byte[] header(int segmentSize, String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_KEY_ID_BYTES) {
            throw new IllegalArgumentException("key id must be 1-255 UTF-8 bytes");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(FORMAT_V1);
            out.writeInt(segmentSize);
            out.writeByte(id.length);
            out.write(id);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Reads exactly the header's bytes, validating the fixed part before trusting its lengths. */
    private static byte[] readHeader(DataInputStream in) throws IOException {
        byte[] fixed = new byte[MAGIC.length + 1 + 4 + 1];
        try {
            in.readFully(fixed);
        } catch (EOFException e) {
            throw new IOException("not a Custos blob: header truncated", e);
        }
        if (!Arrays.equals(fixed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a Custos blob: bad magic");
        }
        if (fixed[MAGIC.length] != FORMAT_V1) {
            throw new IOException("unsupported blob format version " + fixed[MAGIC.length]);
        }
        int idLength = Byte.toUnsignedInt(fixed[fixed.length - 1]);
        byte[] header = Arrays.copyOf(fixed, fixed.length + idLength);
        try {
            in.readFully(header, fixed.length, idLength);
        } catch (EOFException e) {
            throw new IOException("not a Custos blob: header truncated", e);
        }
        return header;
    }

    private static Header parse(byte[] header) throws IOException {
        int segmentSize = ByteBuffer.wrap(header, MAGIC.length + 1, 4).getInt();
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IOException("blob header has an out-of-range segment size");
        }
        int idOffset = MAGIC.length + 1 + 4 + 1;
        if (header.length == idOffset) {
            throw new IOException("blob header has an empty key id");
        }
        return new Header(segmentSize, new String(header, idOffset, header.length - idOffset, StandardCharsets.UTF_8));
    }

    private record Header(int segmentSize, String keyId) {
    }

    /** Minimal InputStream over a channel's current position, for reading the header. */
    private static final class ChannelInput extends InputStream {
        private final SeekableByteChannel channel;

        ChannelInput(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }
}
