package io.custos.server.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything needed to launch one embedded Cassandra node as a child JVM.
 *
 * @param home              directory owned by the node: data, commit log, hints, config, PID file
 * @param logFile           file receiving the node's log (stdout and stderr of the child)
 * @param libDir            cassandra-all and its dependencies (never on the archive's own class path)
 * @param javaHome          JDK 17 used to run the node (Cassandra 5.0 refuses newer JDKs at start)
 * @param nativePort        CQL port on 127.0.0.1
 * @param storagePort       internode port on 127.0.0.1
 * @param extraProperties   further {@code -D} properties, e.g. test-only speed-ups
 */
public record CassandraNodeSettings(
        Path home,
        Path logFile,
        Path libDir,
        Path javaHome,
        int nativePort,
        int storagePort,
        String minHeap,
        String maxHeap,
        Duration startTimeout,
        Map<String, String> extraProperties) {

    public static final String LISTEN_ADDRESS = "127.0.0.1";
    public static final String LOCAL_DATACENTER = "datacenter1";

    public CassandraNodeSettings {
        home = home.toAbsolutePath().normalize();
        logFile = logFile.toAbsolutePath().normalize();
        libDir = libDir.toAbsolutePath().normalize();
        javaHome = javaHome.toAbsolutePath().normalize();
        extraProperties = Map.copyOf(extraProperties);
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path confDir() {
        return home.resolve("conf");
    }

    public Path pidFile() {
        return home.resolve("cassandra.pid");
    }
}
