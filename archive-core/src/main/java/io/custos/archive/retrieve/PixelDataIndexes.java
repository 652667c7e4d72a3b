package io.custos.archive.retrieve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custos.archive.study.api.InstanceStoredEvent;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * Frame indexes of stored instances, scanned from the encrypted blob on first use and kept in a bounded
 * memory cache keyed by the content-addressed blob reference (immutable, so never stale). The blob stays
 * the only source: a lost cache entry is scanned again.
 */
public final class PixelDataIndexes {

    private final StoredInstances stored;
    private final Cache<String, PixelDataIndex> cache;

    public PixelDataIndexes(StoredInstances stored, long maxEntries) {
        this.stored = stored;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    public PixelDataIndex of(InstanceStoredEvent instance) throws IOException, UnindexablePixelDataException {
        PixelDataIndex cached = cache.getIfPresent(instance.blobRef());
        if (cached != null) {
            return cached;
        }
        try (SeekableByteChannel channel = stored.open(instance)) {
            return scanAndCache(instance, channel);
        }
    }

    /**
     * The same, scanning through a plaintext channel the caller already has open on the instance (and closes
     * itself), so a caller that reads the object anyway decrypts its header segments once.
     */
    public PixelDataIndex of(InstanceStoredEvent instance, SeekableByteChannel plaintext)
            throws IOException, UnindexablePixelDataException {
        PixelDataIndex cached = cache.getIfPresent(instance.blobRef());
        return cached != null ? cached : scanAndCache(instance, plaintext);
    }

    private PixelDataIndex scanAndCache(InstanceStoredEvent instance, SeekableByteChannel plaintext)
            throws IOException, UnindexablePixelDataException {
        PixelDataIndex index = PixelDataScanner.scan(plaintext);
        cache.put(instance.blobRef(), index);
        return index;
    }
}
