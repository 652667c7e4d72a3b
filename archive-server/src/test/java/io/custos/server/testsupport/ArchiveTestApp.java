package io.custos.server.testsupport;

import io.custos.server.CustosApplication;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole archive as {@code custos run} would, against the shared Cassandra node, an embedded
 * PostgreSQL in {@code dataDir} on a free port, and random HTTP and DIMSE ports. Starting twice with the same data dir is
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
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(base));
        // A free DIMSE port unless the test names one: a fixed 11112 collides with any other archive running here.
        if (java.util.Arrays.stream(extra).noneMatch(a -> a.startsWith("--custos.dimse.port="))) {
            args.add("--custos.dimse.port=0");
        }
        args.addAll(java.util.List.of(extra));
        return CustosApplication.start(args.toArray(String[]::new));
    }
}
