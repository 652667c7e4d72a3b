package io.custos.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scratch directories under the module's target directory, so {@code mvn clean} removes them. */
public final class TestDirs {

    private TestDirs() {
    }

    public static Path workDir() {
        String configured = System.getProperty("custos.test.work-dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("target", "it-work");
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path newDataDir(Class<?> owner) {
        try {
            return Files.createTempDirectory(workDir(), owner.getSimpleName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
