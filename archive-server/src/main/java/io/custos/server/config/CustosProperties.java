package io.custos.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Runtime settings of the archive process. Every key can come from the environment through Boot's relaxed
 * binding ({@code CUSTOS_DATA_DIR}, {@code CUSTOS_POSTGRES_URL}, {@code CUSTOS_CASSANDRA_CONTACT_POINTS}, ...).
 * Leaving the PostgreSQL URL or the Cassandra contact points empty selects the embedded default.
 */
@ConfigurationProperties(prefix = "custos")
public record CustosProperties(
        @DefaultValue("./custos-data") Path dataDir,
        @DefaultValue("local") String region,
        @DefaultValue Postgres postgres,
        @DefaultValue Cassandra cassandra,
        @DefaultValue Dimse dimse) {

    /** Resolved once so that every consumer (and the startup report) sees the same absolute directory. */
    public CustosProperties {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * The projections' keyspace: the configured one, or {@code custos_<region>} so that nodes of different
     * regions never share one (residency: projections live per region).
     */
    public String projectionKeyspace() {
        String configured = cassandra.keyspace();
        return configured == null || configured.isBlank() ? "custos_" + region.replace('-', '_') : configured;
    }

    public Path postgresDataDir() {
        return dataDir.resolve("postgres");
    }

    public Path cassandraDataDir() {
        return dataDir.resolve("cassandra");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /**
     * @param url           external JDBC URL; blank starts the embedded PostgreSQL
     * @param username      user for the external URL (the embedded server uses its superuser)
     * @param password      password for the external URL; never logged
     * @param embeddedPort  port of the embedded server on 127.0.0.1; 0 picks a free one
     * @param database      database created in (and used from) the embedded server
     */
    public record Postgres(
            String url,
            String username,
            String password,
            @DefaultValue("15432") int embeddedPort,
            @DefaultValue("custos") String database) {

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param contactPoints    {@code host:port} entries of an external cluster; empty starts the embedded node
     * @param localDatacenter  data centre the driver treats as local (SimpleSnitch calls it datacenter1)
     * @param keyspace         keyspace of the archive's projections, created if absent; blank: custos_&lt;region&gt;
     * @param replication      CQL replication map used when creating the keyspace; empty means SimpleStrategy
     *                         with one replica, only right for the single embedded node
     * @param username         optional credentials for an external cluster
     * @param password         never logged
     * @param requestTimeout   driver request timeout; the 2 s default is too short for DDL on small machines
     */
    public record Cassandra(
            List<String> contactPoints,
            @DefaultValue("datacenter1") String localDatacenter,
            String keyspace,
            Map<String, String> replication,
            String username,
            String password,
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue Embedded embedded) {

        public Cassandra {
            contactPoints = contactPoints == null
                    ? List.of()
                    : contactPoints.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            replication = replication == null ? Map.of() : Map.copyOf(replication);
        }

        public boolean external() {
            return !contactPoints.isEmpty();
        }
    }

    /**
     * Settings of the embedded Cassandra child JVM.
     *
     * @param libDir        directory holding cassandra-all and its dependencies (built by the cassandra-node
     *                      module); blank looks in the usual places relative to the working directory and jar
     * @param javaHome      JDK 17 to run the node with; blank uses the JDK running the archive
     * @param nativePort    CQL port on 127.0.0.1; 0 picks a free one
     * @param storagePort   internode port on 127.0.0.1; 0 picks a free one
     * @param startTimeout  how long to wait for the CQL port before giving up
     */
    public record Embedded(
            Path libDir,
            Path javaHome,
            @DefaultValue("9042") int nativePort,
            @DefaultValue("7000") int storagePort,
            @DefaultValue("256m") String minHeap,
            @DefaultValue("1g") String maxHeap,
            @DefaultValue("180s") Duration startTimeout) {
    }

    /** Placeholder until the DIMSE listener lands; reported at startup so operators know the intended port. */
    /**
     * @param bindAddress     address of the DICOM listener; loopback unless deliberately exposed
     * @param port            DIMSE port
     * @param maxAssociations concurrent associations; further requests are refused (PS3.8 A-ASSOCIATE-RJ,
     *                        local limit exceeded) instead of queueing without bound
     * @param calledAes       the AE titles this archive answers to, each mapped to one tenant and region,
     *                        with the calling AE titles allowed to use it (empty list: any caller)
     */
    public record Dimse(@DefaultValue("127.0.0.1") String bindAddress,
                        @DefaultValue("11112") int port,
                        @DefaultValue("16") int maxAssociations,
                        List<CalledAe> calledAes) {

        public Dimse {
            calledAes = calledAes == null ? List.of() : List.copyOf(calledAes);
        }
    }

    /** One called AE title: its tenant, its region, and who may call it. */
    public record CalledAe(String aeTitle, String tenant, String region, List<String> allowedCallingAes) {
        public CalledAe {
            allowedCallingAes = allowedCallingAes == null ? List.of() : List.copyOf(allowedCallingAes);
        }
    }
}
