package io.custos.server.export;

import io.custos.archive.export.api.ExportId;
import io.custos.server.export.store.ExportStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What downloads may read of the export store: the manifest and the paths its {@code files} list, nothing else.
 * Locating and opening files is the {@link ExportStore}'s: it serves sealed exports only and refuses paths that
 * leave the export (traversal, symbolic links), so an export still being written is not there for downloads.
 * What is this class's own is the manifest rule: a requested path is looked up in the manifest's list first, and
 * only a listed path goes to the store; and a small cache of parsed manifests (a large export has many files).
 */
final class ExportFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parsed manifests kept for the downloads that follow each other. */
    private static final int CACHED_MANIFESTS = 32;

    private final ExportStore store;
    private final Map<ExportId, Listing> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ExportId, Listing> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    };

    /** A manifest's paths, valid while the file's size and modification time are those it was read at. */
    private record Listing(FileTime modified, long size, Set<String> paths, List<String> ordered) {
    }

    ExportFiles(ExportStore store) {
        this.store = store;
    }

    /** The export's files, if the store holds this export sealed (complete) with its manifest. */
    Optional<Export> find(ExportId id) {
        Path manifest;
        try {
            manifest = store.file(id, ExportStore.MANIFEST);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the export's manifest.json cannot be read", e);
        }
        return Optional.of(new Export(id, manifest, cachedListing(id, manifest)));
    }

    private Listing cachedListing(ExportId id, Path manifest) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(manifest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("the export's manifest.json cannot be read", e);
        }
        synchronized (cache) {
            Listing known = cache.get(id);
            if (known != null && known.modified().equals(attributes.lastModifiedTime())
                    && known.size() == attributes.size()) {
                return known;
            }
        }
        Set<String> paths = listed(manifest);
        Listing listing = new Listing(attributes.lastModifiedTime(), attributes.size(), Set.copyOf(paths),
                List.copyOf(paths));
        synchronized (cache) {
            cache.put(id, listing);
        }
        return listing;
    }

    /** The manifest's paths that are paths of the export (the store's rule); anything else is never served. */
    private static Set<String> listed(Path manifest) {
        JsonNode files;
        try {
            files = JSON.readTree(manifest.toFile()).path("files");
        } catch (JacksonException e) {
            throw new IllegalStateException("the export's manifest.json is not valid JSON", e);
        }
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode file : files) {
            String path = file.path("path").asString("");
            if (ExportStore.isExportPath(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    /** {@link ExportStore#file} or {@link ExportStore#open}. */
    @FunctionalInterface
    private interface StoreRead<T> {
        T read(ExportId id, String path) throws IOException;
    }

    /** One sealed export in the store. */
    final class Export {
        private final ExportId id;
        private final Path manifest;
        private final Listing listing;

        private Export(ExportId id, Path manifest, Listing listing) {
            this.id = id;
            this.manifest = manifest;
            this.listing = listing;
        }

        Path manifest() {
            return manifest;
        }

        boolean lists(String path) {
            return listing.paths().contains(path);
        }

        /** The file of the manifest or of a listed path, if the store has it as a regular file of the export. */
        Optional<Path> file(String path) {
            try {
                return served(path, store::file);
            } catch (IOException e) {
                throw new UncheckedIOException("a file of the export cannot be read", e);
            }
        }

        /** Opens the manifest or a listed path, through the store (see {@link #file}). */
        Optional<InputStream> open(String path) throws IOException {
            return served(path, store::open);
        }

        /** Only the manifest and the listed paths go to the store; what the store does not have is empty. */
        private <T> Optional<T> served(String path, StoreRead<T> read) throws IOException {
            if (!ExportStore.MANIFEST.equals(path) && !lists(path)) {
                return Optional.empty();
            }
            try {
                return Optional.of(read.read(id, path));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        /** Every listed path, in manifest order. */
        List<String> paths() {
            return listing.ordered();
        }
    }
}
