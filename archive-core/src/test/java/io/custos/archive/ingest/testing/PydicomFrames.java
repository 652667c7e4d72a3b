package io.custos.archive.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of each frame's stored bytes as pydicom (Debian's python3-pydicom, an implementation independent of
 * Custos and PixelMed) delimits them: see corpus/pydicom-frames.py. Files without delimitable pixel data are absent.
 */
public final class PydicomFrames {

    private PydicomFrames() {
    }

    public static Map<Path, List<String>> digests(List<Path> files) {
        try {
            Path script = Files.createTempFile("pydicom-frames", ".py");
            try (InputStream in = PydicomFrames.class.getResourceAsStream("/corpus/pydicom-frames.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
            files.forEach(f -> command.add(f.toAbsolutePath().toString()));
            String out = Dcmtk.require(command.toArray(String[]::new)).output();
            Files.delete(script);
            Map<Path, List<String>> digests = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length == 3) {
                    digests.computeIfAbsent(Path.of(cols[0]), k -> new ArrayList<>()).add(cols[2]);
                }
            }
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
