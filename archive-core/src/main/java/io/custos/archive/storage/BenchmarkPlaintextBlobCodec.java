package io.custos.archive.storage;

import io.custos.keys.DataKey;
import io.custos.keys.OffsetChannel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BENCHMARK ONLY: stores the original bytes unencrypted, so a benchmark can measure what blob encryption costs
 * on ingest. The server refuses to select it unless the operator has also marked the process as a benchmark
 * (see the server's ingest configuration); it is never a deployment option.
 *
 * <p>Fails closed against the real codec both ways: objects are named {@code ….dcm.plaintext-benchmark-only}
 * instead of {@code ….dcm.enc}, and start with {@link #MARKER}, which is not {@link io.custos.keys.BlobCipher}'s
 * magic. A sealed reader therefore finds no object (or a bad magic), and this reader refuses anything without
 * its marker. The data key is ignored.
 */
public final class BenchmarkPlaintextBlobCodec implements BlobCodec {

    static final String SUFFIX = ".dcm.plaintext-benchmark-only";
    private static final String SEALED_SUFFIX = ".dcm.enc";
    static final byte[] MARKER = "CUSTOS PLAINTEXT BENCHMARK ONLY\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String objectName(BlobRef ref) {
        String sealed = ref.value();
        return sealed.substring(0, sealed.length() - SEALED_SUFFIX.length()) + SUFFIX;
    }

    @Override
    public OutputStream encoding(BlobRef ref, DataKey key, OutputStream sink, long plaintextLength)
            throws IOException {
        sink.write(MARKER);
        return sink;
    }

    @Override
    public InputStream decoding(BlobRef ref, DataKey key, InputStream stored) throws IOException {
        requireMarker(stored.readNBytes(MARKER.length));
        return stored;
    }

    @Override
    public SeekableByteChannel decoding(BlobRef ref, DataKey key, SeekableByteChannel stored) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MARKER.length);
        stored.position(0);
        while (head.hasRemaining() && stored.read(head) >= 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        requireMarker(Arrays.copyOf(head.array(), head.position()));
        // Positions and size are those of the original bytes: the marker is hidden.
        return new OffsetChannel(stored, MARKER.length);
    }

    private static void requireMarker(byte[] head) throws IOException {
        if (!Arrays.equals(head, MARKER)) {
            throw new IOException("not a benchmark plaintext blob (an encrypted store is never read as plaintext)");
        }
    }
}
