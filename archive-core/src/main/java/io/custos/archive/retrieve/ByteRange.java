package io.custos.archive.retrieve;

/** A run of plaintext bytes of a stored object: where it starts and how long it is. */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
    }
}
