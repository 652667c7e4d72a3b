package io.custos.server.testsupport;

import io.custos.server.CustosApplication;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole archive as {@code custos run} would, against the shared Cassandra node, an embedded
 * PostgreSQL in {@code dataDir} on a free port, and a random HTTP port. Starting twice with the same data dir is
 * a restart.
 */
public final class ArchiveTestApp {

    private ArchiveTestApp() {
    }

    public static ConfigurableApplicationContext start(Path dataDir, TestKeyspace keyspace, String... extra) {
        String[] base = {
                "--custos.data-dir=" + dataDir,
                "--custos.postgres.embedded-port=0",
                "--custos.cassandra.contact-points=" + SharedCassandra.contactPoint(),
                "--custos.cassandra.local-datacenter=" + SharedCassandra.node().localDatacenter(),
                "--custos.cassandra.keyspace=" + keyspace.name(),
                "--server.port=0",
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CustosApplication.start(args);
    }
}
