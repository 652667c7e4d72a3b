package io.custos.archive.retrieve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered, seekable reads over a (decrypting) channel. Skipping a large value moves the channel's position
 * instead of reading through it, so only the blob segments that hold headers are decrypted.
 * Invariant: the channel's position is {@code start + buffer.limit()}.
 */
final class ChannelCursor {

    private static final int BUFFER = 16 * 1024;

    private final SeekableByteChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private long start;

    ChannelCursor(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.start = channel.position();
    }

    long position() {
        return start + buffer.position();
    }

    boolean atEnd() {
        return position() >= size;
    }

    void seek(long absolute) throws IOException {
        if (absolute >= start && absolute <= start + buffer.limit()) {
            buffer.position((int) (absolute - start));
            return;
        }
        if (absolute > size) {
            throw new EOFException("position beyond the end of the object");
        }
        channel.position(absolute);
        buffer.clear().flip();
        start = absolute;
    }

    void skip(long n) throws IOException {
        seek(position() + n);
    }

    int u16(ByteOrder order) throws IOException {
        ensure(2);
        return Short.toUnsignedInt(buffer.order(order).getShort());
    }

    long u32(ByteOrder order) throws IOException {
        ensure(4);
        return Integer.toUnsignedLong(buffer.order(order).getInt());
    }

    String ascii(int n) throws IOException {
        ensure(n);
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private void ensure(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        long pos = position();
        buffer.compact();
        start = pos;
        while (buffer.position() < n) {
            if (channel.read(buffer) < 0) {
                buffer.flip();
                throw new EOFException("object ends inside a data element");
            }
        }
        buffer.flip();
    }
}
