package io.custos.server.export;

import io.custos.archive.export.api.ExportId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * Read-only view of the export store for downloads. Layout (written once by the export job):
 * {@code <root>/<tenant>/<export uuid>/manifest.json}, {@code deid-report.json}, {@code dicom/...},
 * {@code nifti/...}. An export is there once its {@code manifest.json} is.
 *
 * <p>Only the manifest and the paths its {@code files} list are ever served. Requested paths are never resolved
 * against the disk first: a path is looked up in the manifest's list, and only a listed path is opened, after
 * checking that it stays, without following links, inside the export's directory. That rules out traversal
 * ({@code ..}, absolute paths, symbolic links) whatever the request says.
 */
final class ExportFiles {

    static final String MANIFEST = "manifest.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parsed manifests kept for the downloads that follow each other (a large export has many files). */
    private static final int CACHED_MANIFESTS = 32;

    private final Path root;
    private final Map<Path, Listing> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Listing> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    };

    /** A manifest's paths, valid while the file's size and modification time are those it was read at. */
    private record Listing(FileTime modified, long size, Set<String> paths, List<String> ordered) {
    }

    ExportFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The export's files, if the store holds a completed export under this id. */
    Optional<Export> find(ExportId id) {
        String uuid = id.value().substring(id.value().indexOf('/') + 1);
        Path dir = root.resolve(id.tenant()).resolve(uuid).normalize();
        if (!dir.startsWith(root) || dir.getNameCount() != root.getNameCount() + 2) {
            return Optional.empty();
        }
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS) || !inside(dir, manifest)) {
            return Optional.empty();
        }
        return Optional.of(new Export(dir, manifest, cachedListing(manifest)));
    }

    private Listing cachedListing(Path manifest) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(manifest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("the export's manifest.json cannot be read", e);
        }
        synchronized (cache) {
            Listing known = cache.get(manifest);
            if (known != null && known.modified().equals(attributes.lastModifiedTime())
                    && known.size() == attributes.size()) {
                return known;
            }
        }
        Set<String> paths = listed(manifest);
        Listing listing = new Listing(attributes.lastModifiedTime(), attributes.size(), Set.copyOf(paths),
                List.copyOf(paths));
        synchronized (cache) {
            cache.put(manifest, listing);
        }
        return listing;
    }

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
            if (safe(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    /** Relative, '/'-separated, no empty, '.' or '..' segment, no backslash or NUL. */
    static boolean safe(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The real location is inside the export's real directory (no link leads out). */
    private static boolean inside(Path dir, Path file) {
        try {
            return file.toRealPath().startsWith(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** One export in the store. */
    static final class Export {
        private final Path dir;
        private final Path manifest;
        private final Listing listing;

        private Export(Path dir, Path manifest, Listing listing) {
            this.dir = dir;
            this.manifest = manifest;
            this.listing = listing;
        }

        Path manifest() {
            return manifest;
        }

        boolean lists(String path) {
            return listing.paths().contains(path);
        }

        /** The file of a listed path, if it is a regular file inside the export. */
        Optional<Path> file(String path) {
            if (!lists(path)) {
                return Optional.empty();
            }
            Path file = dir.resolve(path).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !inside(dir, file)) {
                return Optional.empty();
            }
            return Optional.of(file);
        }

        /** Every listed path, in manifest order. */
        List<String> paths() {
            return listing.ordered();
        }
    }
}
