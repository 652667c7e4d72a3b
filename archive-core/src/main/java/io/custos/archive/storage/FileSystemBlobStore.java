package io.custos.archive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

/**
 * Blobs as files under a root directory. A put writes a temporary file in the same file system, forces it
 * to disk, links it into place (an atomic, non-replacing operation: a concurrent put of the same ref
 * cannot overwrite) and forces the directory, and the parent of every directory it had to create (a new
 * directory's entry is otherwise only as durable as the file system's journal ordering makes it), so a
 * crash leaves either nothing or the whole object under its name — never a partial one. Temporary files
 * left by a crash are removed on start.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final String TEMP_DIR = ".incoming";

    private final Path root;
    private final Path temp;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        this.temp = Files.createDirectories(this.root.resolve(TEMP_DIR));
        try (Stream<Path> leftovers = Files.list(temp)) {
            for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    @Override
    public boolean putIfAbsent(String ref, BlobWriter writer) throws IOException {
        Path target = resolve(ref);
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = temp.resolve(UUID.randomUUID() + ".part");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Path dir = target.getParent();
            List<Path> created = missingDirectories(dir);
            if (!created.isEmpty()) {
                Files.createDirectories(dir);
            }
            try {
                // A hard link fails if the name exists, unlike rename, so the first complete writer wins.
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, target, ATOMIC_MOVE);
            }
            forceDirectory(dir);
            // A directory made for this blob is itself only an entry of its parent until that parent is forced.
            for (Path made : created) {
                forceDirectory(made.getParent());
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public SeekableByteChannel open(String ref) throws IOException {
        return FileChannel.open(resolve(ref), StandardOpenOption.READ);
    }

    @Override
    public InputStream openStream(String ref) throws IOException {
        return Files.newInputStream(resolve(ref));
    }

    @Override
    public boolean exists(String ref) {
        return Files.exists(resolve(ref));
    }

    @Override
    public void delete(String ref) throws IOException {
        Path target = resolve(ref);
        if (Files.deleteIfExists(target)) {
            forceDirectory(target.getParent());
        }
    }

    @Override
    public Stream<StoredBlob> list() throws IOException {
        return Files.walk(root)
                .filter(Files::isRegularFile)
                .filter(p -> !p.startsWith(temp))
                .map(p -> {
                    try {
                        return new StoredBlob(root.relativize(p).toString().replace('\\', '/'),
                                Files.getLastModifiedTime(p).toInstant());
                    } catch (IOException gone) {
                        return null;
                    }
                })
                .filter(b -> b != null);
    }

    private Path resolve(String ref) {
        if (ref == null || !REF.matcher(ref).matches() || ref.contains("..")) {
            throw new IllegalArgumentException("invalid blob reference");
        }
        return root.resolve(ref);
    }

    /** The directories a blob's parent would need to be created, deepest first; empty when it exists. */
    static List<Path> missingDirectories(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.add(d);
        }
        return missing;
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
