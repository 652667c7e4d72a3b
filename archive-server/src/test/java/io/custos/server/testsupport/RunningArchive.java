package io.custos.server.testsupport;

import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One whole archive for one test class: its own keyspace on the shared Cassandra node, its own data directory
 * (embedded PostgreSQL, blobs, keys), DIMSE and HTTP on free ports. Start it in {@code @BeforeAll} and close it
 * in {@code @AfterAll}; closing stops the archive and drops the keyspace.
 */
public final class RunningArchive implements AutoCloseable {

    private final TestKeyspace keyspace;
    private final Path dataDir;
    private final ConfigurableApplicationContext context;

    private RunningArchive(TestKeyspace keyspace, Path dataDir, ConfigurableApplicationContext context) {
        this.keyspace = keyspace;
        this.dataDir = dataDir;
        this.context = context;
    }

    /** @param extra further {@code --key=value} arguments, e.g. called AE titles */
    public static RunningArchive start(Class<?> owner, String... extra) {
        TestKeyspace keyspace = TestKeyspace.create(owner);
        try {
            Path dataDir = TestDirs.newDataDir(owner);
            String[] args = new String[extra.length + 1];
            args[0] = "--custos.dimse.port=0";
            System.arraycopy(extra, 0, args, 1, extra.length);
            return new RunningArchive(keyspace, dataDir, ArchiveTestApp.start(dataDir, keyspace, args));
        } catch (RuntimeException | Error e) {
            keyspace.close();
            throw e;
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            keyspace.close();
        }
    }
}
