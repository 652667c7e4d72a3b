package io.custos.archive.storage;

import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Original DICOM bytes, stored unchanged but only ever as ciphertext: encryption happens on the way
 * into the store's temporary file, so plaintext never reaches the disk. The encoding is a {@link BlobCodec}:
 * always {@link SealedBlobCodec} in a deployment; {@link BenchmarkPlaintextBlobCodec} only in a benchmark that
 * measures the cost of encryption.
 */
public final class EncryptedBlobs {

    private final BlobStore store;
    private final BlobCodec codec;

    public EncryptedBlobs(BlobStore store, BlobCipher cipher) {
        this(store, new SealedBlobCodec(cipher));
    }

    public EncryptedBlobs(BlobStore store, BlobCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** Stores the bytes under {@code ref}; false if an object already exists there (left untouched). */
    public boolean put(BlobRef ref, DataKey key, byte[] plaintext) throws IOException {
        return store.putIfAbsent(codec.objectName(ref), out -> {
            try (OutputStream encrypting = codec.encoding(ref, key, nonClosing(out), plaintext.length)) {
                encrypting.write(plaintext);
            }
        });
    }

    public InputStream openStream(BlobRef ref, DataKey key) throws IOException {
        InputStream stored = store.openStream(codec.objectName(ref));
        try {
            return codec.decoding(ref, key, stored);
        } catch (IOException | RuntimeException refused) {
            stored.close(); // fail closed without leaking the file
            throw refused;
        }
    }

    public SeekableByteChannel open(BlobRef ref, DataKey key) throws IOException {
        SeekableByteChannel stored = store.open(codec.objectName(ref));
        try {
            return codec.decoding(ref, key, stored);
        } catch (IOException | RuntimeException refused) {
            stored.close();
            throw refused;
        }
    }

    public byte[] readAll(BlobRef ref, DataKey key) throws IOException {
        try (InputStream in = openStream(ref, key)) {
            return in.readAllBytes();
        }
    }

    public boolean exists(BlobRef ref) throws IOException {
        return store.exists(codec.objectName(ref));
    }

    public void delete(BlobRef ref) throws IOException {
        store.delete(codec.objectName(ref));
    }

    /** The store syncs and closes the file itself after the codec has written its final bytes. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
