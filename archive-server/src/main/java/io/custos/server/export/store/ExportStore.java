package io.custos.server.export.store;

import io.custos.archive.export.api.ExportId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where research exports are written: {@code <root>/<tenant>/<export uuid>/}, with
 * <pre>
 *   dicom/&lt;pseudonymous patient&gt;/&lt;study uid&gt;/&lt;series uid&gt;/&lt;sop instance uid&gt;.dcm
 *   nifti/&lt;pseudonymous patient&gt;/&lt;series uid&gt;.nii.gz
 *   deid-report.json
 *   manifest.json
 *   COMPLETE            the completion marker, written when the export is sealed
 * </pre>
 * (UIDs are the export's, remapped unless the protocol retains them). While an export runs, a hidden
 * {@code .work/} directory holds each study's staging directory and, once a study is committed, its record;
 * it is removed when the export is sealed.
 *
 * <p>A study is staged in full, every file and directory fsynced, then moved into place by renames, and only
 * then its record is written (atomically): the record is the commit point. A crash before it leaves a study
 * that is redone from scratch (the outputs are deterministic, so the redo writes the same paths); a crash after
 * it leaves a complete study. {@link #seal} makes an export write-once: the marker is written, files become
 * 0444 and directories 0555, and this store refuses every further write into it because of the marker (file
 * modes do not stop root). Reads for downloads go through {@link #open}, which only serves sealed exports and
 * refuses paths that leave the export.
 */
public final class ExportStore {

    public static final String DICOM = "dicom";
    public static final String NIFTI = "nifti";
    public static final String REPORT = "deid-report.json";
    public static final String MANIFEST = "manifest.json";
    /** The completion marker; its presence is what "sealed" means to this store. */
    public static final String COMPLETE = "COMPLETE";
    static final String WORK = ".work";
    private static final String STAGING = "staging";
    private static final String STUDIES = "studies";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path root;

    public ExportStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The export's directory (it may not exist yet). */
    public Path directory(ExportId id) {
        String uuid = id.value().substring(id.value().indexOf('/') + 1);
        return root.resolve(id.tenant()).resolve(uuid);
    }

    public boolean isSealed(ExportId id) {
        return Files.exists(directory(id).resolve(COMPLETE), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A new, empty staging directory for one study of the export; whatever an interrupted attempt left there is
     * removed first. Write the study's files under it with the export's layout ({@code dicom/...}, {@code nifti/...}).
     */
    public Path stage(ExportId id, String studyKey) throws IOException {
        requireWritable(id);
        Path staging = work(id).resolve(STAGING).resolve(key(studyKey));
        deleteRecursively(staging);
        Files.createDirectories(staging);
        return staging;
    }

    /** The record of a committed study, if the study was committed. */
    public Optional<byte[]> committedStudy(ExportId id, String studyKey) throws IOException {
        Path record = work(id).resolve(STUDIES).resolve(key(studyKey) + ".json");
        return Files.isRegularFile(record) ? Optional.of(Files.readAllBytes(record)) : Optional.empty();
    }

    /** The records of every committed study, by study key order of the file names. */
    public List<byte[]> committedStudies(ExportId id) throws IOException {
        Path dir = work(id).resolve(STUDIES);
        List<byte[]> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.json")) {
            entries.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            records.add(Files.readAllBytes(file));
        }
        return records;
    }

    /**
     * Moves the staged study into place and then writes its record (the commit point). Files and directories are
     * fsynced before the renames and the parents after them. A target left by an uncommitted earlier attempt is
     * replaced.
     */
    public void commitStudy(ExportId id, String studyKey, byte[] record) throws IOException {
        requireWritable(id);
        Path dir = directory(id);
        Path staging = work(id).resolve(STAGING).resolve(key(studyKey));
        if (!Files.isDirectory(staging)) {
            throw new NoSuchFileException("no staged study " + studyKey);
        }
        syncTree(staging);
        // NIfTI files one by one (each rename is atomic), then each study directory of the DICOM files in one rename.
        for (Path patient : children(staging.resolve(NIFTI))) {
            Path target = Files.createDirectories(dir.resolve(NIFTI).resolve(patient.getFileName().toString()));
            for (Path file : children(patient)) {
                Files.move(file, target.resolve(file.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target);
            syncDirectory(target.getParent());
        }
        for (Path patient : children(staging.resolve(DICOM))) {
            Path target = Files.createDirectories(dir.resolve(DICOM).resolve(patient.getFileName().toString()));
            for (Path study : children(patient)) {
                Path placed = target.resolve(study.getFileName().toString());
                deleteRecursively(placed);
                Files.move(study, placed, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(target);
            syncDirectory(target.getParent());
        }
        syncDirectory(dir);
        Path studies = Files.createDirectories(work(id).resolve(STUDIES));
        writeAtomically(studies.resolve(key(studyKey) + ".json"), record);
        deleteRecursively(staging);
    }

    /** Writes one file at the top of an unsealed export ({@link #REPORT}, {@link #MANIFEST}), atomically. */
    public void writeTopLevel(ExportId id, String name, byte[] content) throws IOException {
        requireWritable(id);
        if (!REPORT.equals(name) && !MANIFEST.equals(name)) {
            throw new IllegalArgumentException("only the report and the manifest are written at the top");
        }
        Path dir = Files.createDirectories(directory(id));
        writeAtomically(dir.resolve(name), content);
    }

    /**
     * Makes the export write-once: removes the work directory, writes the completion marker, then sets files to
     * 0444 and directories to 0555. Idempotent: sealing a sealed export only re-applies the modes.
     */
    public void seal(ExportId id, byte[] marker) throws IOException {
        Path dir = directory(id);
        if (!isSealed(id)) {
            Files.createDirectories(dir);
            deleteRecursively(work(id));
            writeAtomically(dir.resolve(COMPLETE), marker);
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
                syncDirectory(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The completion marker of a sealed export. */
    public Optional<byte[]> marker(ExportId id) throws IOException {
        Path marker = directory(id).resolve(COMPLETE);
        return Files.isRegularFile(marker) ? Optional.of(Files.readAllBytes(marker)) : Optional.empty();
    }

    /**
     * A file of a sealed export by its path relative to the export ({@code '/'}-separated, as the manifest lists
     * it). Absolute paths, {@code ..}, empty or odd segments and symbolic links are refused; so is any export
     * that is not sealed yet.
     */
    public Path file(ExportId id, String relativePath) throws IOException {
        if (!isSealed(id)) {
            throw new NoSuchFileException("export not complete");
        }
        if (!isExportPath(relativePath)) {
            throw new IllegalArgumentException("the file path is not a path inside the export");
        }
        Path dir = directory(id).toRealPath();
        Path file = dir.resolve(relativePath).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !file.toRealPath().startsWith(dir)) {
            throw new NoSuchFileException("no such file in the export");
        }
        return file;
    }

    /**
     * The rule for a path of a file in an export, as {@link #file} takes it and the manifest lists it: relative,
     * {@code '/'}-separated, every segment 1 to 128 letters, digits, {@code '.'}, {@code '_'} or {@code '-'} and
     * not starting with {@code '.'} (so no {@code .}, {@code ..} or hidden entry such as the work directory), no
     * empty segment, no backslash.
     */
    public static boolean isExportPath(String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            return false;
        }
        for (String segment : relativePath.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** Opens a file of a sealed export for reading (see {@link #file}). */
    public InputStream open(ExportId id, String relativePath) throws IOException {
        return Files.newInputStream(file(id, relativePath), LinkOption.NOFOLLOW_LINKS);
    }

    private void requireWritable(ExportId id) throws SealedExportException {
        if (isSealed(id)) {
            throw new SealedExportException();
        }
    }

    private Path work(ExportId id) {
        return directory(id).resolve(WORK);
    }

    private static String key(String studyKey) {
        if (!KEY.matcher(studyKey).matches()) {
            throw new IllegalArgumentException("a study key is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return studyKey;
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(children::add);
            }
        }
        children.sort(null);
        return children;
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    private static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                syncDirectory(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** fsync of a directory, so that the entries created or renamed in it survive a crash (Linux). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A write into an export that is sealed (complete and write-once). */
    public static final class SealedExportException extends IOException {
        SealedExportException() {
            super("the export is sealed (write-once)");
        }
    }
}
