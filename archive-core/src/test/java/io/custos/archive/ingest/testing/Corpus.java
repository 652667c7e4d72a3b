package io.custos.archive.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** pydicom's real DICOM files as shipped by Debian's python3-pydicom. */
public final class Corpus {
    public static final Path ROOT = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    private Corpus() {
    }

    public static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
