package io.custos.archive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The storage port: opaque, write-once objects addressed by a reference. Deliberately tiny (put, open,
 * delete, list) so filesystem and S3 adapters stay interchangeable. Deletion exists for orphan clean-up
 * and, later, crypto-shredding; the archive never rewrites an object it has accepted.
 */
public interface BlobStore {

    /**
     * Creates the object from what {@code writer} writes, atomically and durably: it becomes visible under
     * {@code ref} only complete and synced to stable storage. Returns false, writing nothing, if it exists.
     */
    boolean putIfAbsent(String ref, BlobWriter writer) throws IOException;

    /** Opens an object for random access; {@link java.nio.file.NoSuchFileException} if absent. */
    SeekableByteChannel open(String ref) throws IOException;

    InputStream openStream(String ref) throws IOException;

    boolean exists(String ref) throws IOException;

    void delete(String ref) throws IOException;

    /** Every stored object with the time it was written. The caller closes the stream. */
    Stream<StoredBlob> list() throws IOException;

    record StoredBlob(String ref, Instant writtenAt) {
    }

    @FunctionalInterface
    interface BlobWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
