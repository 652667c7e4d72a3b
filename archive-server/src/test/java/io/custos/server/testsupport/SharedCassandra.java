package io.custos.server.testsupport;

import io.custos.server.runtime.CassandraNode;
import io.custos.server.runtime.CassandraNodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One real Cassandra node per test JVM, started on first use and stopped by a JVM shutdown hook (the node also
 * exits by itself if this JVM is killed). Test classes isolate themselves with {@link TestKeyspace}.
 */
public final class SharedCassandra {

    private static volatile CassandraNode node;

    private SharedCassandra() {
    }

    public static CassandraNode node() {
        CassandraNode current = node;
        if (current == null) {
            synchronized (SharedCassandra.class) {
                current = node;
                if (current == null) {
                    current = start();
                    node = current;
                }
            }
        }
        return current;
    }

    public static String contactPoint() {
        return "127.0.0.1:" + node().contactPoint().getPort();
    }

    private static CassandraNode start() {
        Path home = TestDirs.workDir().resolve("cassandra-" + ProcessHandle.current().pid());
        CassandraNodeSettings settings = new CassandraNodeSettings(
                home,
                home.resolve("cassandra.log"),
                libDir(),
                Path.of(System.getProperty("java.home")),
                freePort(),
                freePort(),
                "256m",
                "1g",
                Duration.ofMinutes(4),
                // Test-only speed-ups: nothing here must survive a crash.
                Map.of("cassandra.unsafesystem", "true",
                        "cassandra.test.flush_local_schema_changes", "false"));
        CassandraNode started = CassandraNode.launch(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-cassandra-stop"));
        started.awaitReady();
        System.out.printf("[SharedCassandra] node PID %d ready on %s in %d ms%n",
                started.pid(), started.contactPoint(), started.startupTime().toMillis());
        return started;
    }

    /** Failsafe passes the absolute path; the fallback serves runs from an IDE in the module directory. */
    static Path libDir() {
        String configured = System.getProperty("custos.test.cassandra-lib-dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "cassandra-node", "target", "lib");
        return dir.toAbsolutePath().normalize();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
