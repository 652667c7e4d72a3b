package io.custos.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Read-only view of a channel that hides its first {@code offset} bytes (a blob header or marker), so the reader
 * sees exactly the bytes after it and seeks in their own coordinates (Tink for sealed blobs, the benchmark-only
 * plaintext codec for its blobs).
 */
public final class OffsetChannel implements SeekableByteChannel {

    private final SeekableByteChannel delegate;
    private final long offset;

    public OffsetChannel(SeekableByteChannel delegate, long offset) {
        this.delegate = delegate;
        this.offset = offset;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long position() throws IOException {
        return delegate.position() - offset;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        delegate.position(newPosition + offset);
        return this;
    }

    @Override
    public long size() throws IOException {
        return Math.max(0, delegate.size() - offset);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
