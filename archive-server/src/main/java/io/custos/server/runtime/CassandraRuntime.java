package io.custos.server.runtime;

import io.custos.server.config.CustosProperties;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the projections live: an external cluster named by {@code custos.cassandra.contact-points}, or the
 * embedded child node this object owns. The embedded node is launched on construction and only awaited when
 * someone first needs its contact point, so PostgreSQL and Spring can start meanwhile.
 */
public final class CassandraRuntime implements AutoCloseable {

    private final List<InetSocketAddress> externalContactPoints;
    private final String localDatacenter;
    private final CassandraNode node;

    private CassandraRuntime(List<InetSocketAddress> external, String localDatacenter, CassandraNode node) {
        this.externalContactPoints = external;
        this.localDatacenter = localDatacenter;
        this.node = node;
    }

    public static CassandraRuntime from(CustosProperties properties) {
        CustosProperties.Cassandra c = properties.cassandra();
        if (c.external()) {
            return new CassandraRuntime(c.contactPoints().stream().map(CassandraRuntime::parse).toList(),
                    c.localDatacenter(), null);
        }
        CustosProperties.Embedded e = c.embedded();
        Path javaHome = e.javaHome() != null ? e.javaHome() : Path.of(System.getProperty("java.home"));
        CassandraNodeSettings settings = new CassandraNodeSettings(
                properties.cassandraDataDir(),
                properties.logDir().resolve("cassandra.log"),
                CassandraLibDir.resolve(e.libDir()),
                javaHome,
                FreePort.orFree(e.nativePort()),
                FreePort.orFree(e.storagePort()),
                e.minHeap(),
                e.maxHeap(),
                e.startTimeout(),
                Map.of());
        CassandraNode node = CassandraNode.launch(settings);
        return new CassandraRuntime(List.of(node.contactPoint()), node.localDatacenter(), node);
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(hostPort.trim(), 9042);
        }
        return new InetSocketAddress(hostPort.substring(0, colon).trim(),
                Integer.parseInt(hostPort.substring(colon + 1).trim()));
    }

    /** Contact points, waiting for the embedded node to answer CQL first. */
    public List<InetSocketAddress> contactPoints() {
        if (node != null) {
            node.awaitReady();
        }
        return externalContactPoints;
    }

    public String localDatacenter() {
        return localDatacenter;
    }

    public Optional<CassandraNode> embeddedNode() {
        return Optional.ofNullable(node);
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
