package io.custos.server.e2e;

import io.custos.archive.ingest.testing.Corpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of pydicom's corpus with its pinned edge-validation verdict from archive-core's
 * {@code corpus/pydicom-expectations.csv}: {@code ACCEPT} or the name of the RejectionReason the parser gives the
 * file's bytes as they are (which is exactly what STOW-RS sends).
 */
record CorpusFile(String path, String verdict) {

    static final String ACCEPT = "ACCEPT";

    Path file() {
        return Corpus.file(path);
    }

    byte[] bytes() {
        return Corpus.bytes(path);
    }

    boolean accepted() {
        return ACCEPT.equals(verdict);
    }

    /** Every corpus file, in the CSV's (sorted, hence stable) order. */
    static List<CorpusFile> all() {
        try (InputStream in = CorpusFile.class.getClassLoader().getResourceAsStream("corpus/pydicom-expectations.csv")) {
            if (in == null) {
                throw new IllegalStateException("corpus/pydicom-expectations.csv is not on the test class path");
            }
            List<CorpusFile> files = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split(",", -1);
                files.add(new CorpusFile(columns[0], columns[1]));
            }
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
