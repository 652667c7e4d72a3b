package io.custos.archive.storage.testing;

import io.custos.archive.storage.BlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The archive's real blob store, counting the stored (ciphertext) bytes read through {@link #open} and, apart,
 * through {@link #openStream}. Shared with archive-server's tests and bench/harness through the test jar.
 */
public final class CountingBlobStore implements BlobStore {

    private final BlobStore store;
    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicLong streamBytesRead = new AtomicLong();

    public CountingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public boolean putIfAbsent(String ref, BlobWriter writer) throws IOException {
        return store.putIfAbsent(ref, writer);
    }

    @Override
    public SeekableByteChannel open(String ref) throws IOException {
        SeekableByteChannel channel = store.open(ref);
        return new SeekableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                int n = channel.read(dst);
                bytesRead.addAndGet(Math.max(0, n));
                return n;
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return channel.write(src);
            }

            @Override
            public long position() throws IOException {
                return channel.position();
            }

            @Override
            public SeekableByteChannel position(long newPosition) throws IOException {
                channel.position(newPosition);
                return this;
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public SeekableByteChannel truncate(long size) throws IOException {
                channel.truncate(size);
                return this;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public InputStream openStream(String ref) throws IOException {
        return new FilterInputStream(store.openStream(ref)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                streamBytesRead.addAndGet(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                streamBytesRead.addAndGet(Math.max(0, n));
                return n;
            }
        };
    }

    @Override
    public boolean exists(String ref) throws IOException {
        return store.exists(ref);
    }

    @Override
    public void delete(String ref) throws IOException {
        store.delete(ref);
    }

    @Override
    public Stream<StoredBlob> list() throws IOException {
        return store.list();
    }
}
