package io.custos.archive.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /** A file the edge accepts, with its transfer syntax, from corpus/pydicom-expectations.csv. */
    public record Accepted(String path, String transferSyntax) {
    }

    /** Every corpus file the archive accepts, in the order of the expectations table. */
    public static List<Accepted> accepted() {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/pydicom-expectations.csv")) {
            List<Accepted> files = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cols = line.split(",", -1);
                if (!line.startsWith("#") && cols.length >= 3 && cols[1].equals("ACCEPT")) {
                    files.add(new Accepted(cols[0], cols[2].strip()));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
