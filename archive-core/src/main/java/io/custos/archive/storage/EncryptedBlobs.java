package io.custos.archive.storage;

import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Original DICOM bytes, stored unchanged but only ever as ciphertext: encryption happens on the way
 * into the store's temporary file, so plaintext never reaches the disk.
 */
public final class EncryptedBlobs {

    private final BlobStore store;
    private final BlobCipher cipher;

    public EncryptedBlobs(BlobStore store, BlobCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    /** Stores the bytes under {@code ref}; false if an object already exists there (left untouched). */
    public boolean put(BlobRef ref, DataKey key, byte[] plaintext) throws IOException {
        return store.putIfAbsent(ref.value(), out -> {
            try (OutputStream encrypting = cipher.encryptingStream(key, ref.associatedData(), nonClosing(out),
                    plaintext.length)) {
                encrypting.write(plaintext);
            }
        });
    }

    public InputStream openStream(BlobRef ref, DataKey key) throws IOException {
        return cipher.decryptingStream(key, ref.associatedData(), store.openStream(ref.value()));
    }

    public SeekableByteChannel open(BlobRef ref, DataKey key) throws IOException {
        return cipher.decryptingChannel(key, ref.associatedData(), store.open(ref.value()));
    }

    public byte[] readAll(BlobRef ref, DataKey key) throws IOException {
        try (InputStream in = openStream(ref, key)) {
            return in.readAllBytes();
        }
    }

    public boolean exists(BlobRef ref) throws IOException {
        return store.exists(ref.value());
    }

    public void delete(BlobRef ref) throws IOException {
        store.delete(ref.value());
    }

    /** The store syncs and closes the file itself after the cipher has written its final segment. */
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
