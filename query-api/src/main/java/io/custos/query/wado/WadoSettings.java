package io.custos.query.wado;

import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.StudyCatalog;
import java.util.Objects;

/**
 * What WADO-RS reads from: the stored instances (events and encrypted blobs), the study catalog, the frame
 * indexes, and the size of the in-memory metadata cache in bytes.
 */
public record WadoSettings(StoredInstances stored, StudyCatalog catalog, PixelDataIndexes indexes,
                           long metadataCacheBytes) {
    public WadoSettings {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(indexes, "indexes");
        if (metadataCacheBytes < 0) {
            throw new IllegalArgumentException("metadataCacheBytes must not be negative");
        }
    }
}
