package io.custos.archive.storage;

import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * The archive's codec: {@link BlobCipher}'s seekable AES-256-GCM segments under the study's data key, with the
 * blob reference authenticated as associated data (an object copied under another name does not decrypt).
 */
public final class SealedBlobCodec implements BlobCodec {

    private final BlobCipher cipher;

    public SealedBlobCodec(BlobCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String objectName(BlobRef ref) {
        return ref.value();
    }

    @Override
    public OutputStream encoding(BlobRef ref, DataKey key, OutputStream sink, long plaintextLength)
            throws IOException {
        return cipher.encryptingStream(key, ref.associatedData(), sink, plaintextLength);
    }

    @Override
    public InputStream decoding(BlobRef ref, DataKey key, InputStream stored) throws IOException {
        return cipher.decryptingStream(key, ref.associatedData(), stored);
    }

    @Override
    public SeekableByteChannel decoding(BlobRef ref, DataKey key, SeekableByteChannel stored) throws IOException {
        return cipher.decryptingChannel(key, ref.associatedData(), stored);
    }
}
