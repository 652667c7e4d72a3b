package io.custos.archive.storage;

import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * How an instance's original bytes are laid down in the {@link BlobStore} and read back. In a deployment this
 * is always {@link SealedBlobCodec} (AES-256-GCM segments under the study's data key); the only other codec,
 * {@link BenchmarkPlaintextBlobCodec}, exists to measure what that encryption costs. The two use different
 * object names and leading bytes, so neither ever reads what the other wrote: a mixed store fails closed.
 */
public interface BlobCodec {

    /** The store object that holds {@code ref}'s bytes under this codec. */
    String objectName(BlobRef ref);

    /** Wraps the store's sink; closing the returned stream writes the object's last bytes and closes the sink. */
    OutputStream encoding(BlobRef ref, DataKey key, OutputStream sink, long plaintextLength) throws IOException;

    /** The original bytes, read sequentially from what this codec wrote; an {@link IOException} otherwise. */
    InputStream decoding(BlobRef ref, DataKey key, InputStream stored) throws IOException;

    /** Random access to the original bytes (positions are plaintext offsets). */
    SeekableByteChannel decoding(BlobRef ref, DataKey key, SeekableByteChannel stored) throws IOException;
}
