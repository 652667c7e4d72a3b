package io.custos.server.runtime;

import io.custos.server.config.CustosProperties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells the operator what runs where once the archive is up. Only locations: JDBC URLs are printed as
 * configured without the password property, and no credentials are ever read here.
 */
@Component
public class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final CustosProperties properties;
    private final PostgresRuntime postgres;
    private final CassandraRuntime cassandra;
    private final Environment environment;

    public StartupReport(CustosProperties properties, PostgresRuntime postgres, CassandraRuntime cassandra,
                         Environment environment) {
        this.properties = properties;
        this.postgres = postgres;
        this.cassandra = cassandra;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void report() {
        log.info(render());
    }

    String render() {
        String cassandraWhere = cassandra.contactPoints().stream()
                .map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(","));
        String httpHost = environment.getProperty("server.address", "0.0.0.0");
        String httpPort = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return String.join(System.lineSeparator(),
                "Custos archive is running",
                "  data dir    : " + properties.dataDir(),
                "  PostgreSQL  : " + withoutSecrets(postgres.jdbcUrl())
                        + (postgres.isEmbedded() ? " (embedded, data in " + properties.postgresDataDir() + ")"
                        : " (external)"),
                "  Cassandra   : " + cassandraWhere + " dc=" + cassandra.localDatacenter()
                        + " keyspace=" + properties.projectionKeyspace()
                        + cassandra.embeddedNode().map(n -> " (embedded, PID " + n.pid() + ", started in "
                        + n.startupTime().toMillis() + " ms, log " + n.settings().logFile() + ")")
                        .orElse(" (external)"),
                "  HTTP        : http://" + httpHost + ":" + httpPort + "/",
                "  DICOM DIMSE : " + properties.dimse().bindAddress() + ":" + properties.dimse().port()
                        + " (called AE titles: " + properties.dimse().calledAes().stream()
                        .map(ae -> ae.aeTitle() + " -> tenant " + ae.tenant())
                        .collect(Collectors.joining(", ")) + ")",
                "  DICOMweb    : http://" + httpHost + ":" + httpPort + "/dicom-web (bearer token: ./custos token --help)",
                "  Viewer      : " + (environment.getProperty("custos.viewer.enabled", Boolean.class, true)
                        ? "http://" + httpHost + ":" + httpPort + "/viewer/ (sign in with a token at /viewer/login)"
                        : "off (custos.viewer.enabled=false)"),
                "  Auditor page: " + (environment.getProperty("custos.auditor-page.enabled", Boolean.class, true)
                        ? "http://" + httpHost + ":" + httpPort + "/auditor/ (audit API: /audit/**, auditor role)"
                        : "off (custos.auditor-page.enabled=false)"));
    }

    /** A URL may carry {@code password=...} as a query parameter; never print it. */
    static String withoutSecrets(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password|passwd|pwd|sslpassword)=[^&;]*", "$1=***")
                .replaceAll("//[^/@]+@", "//***@");
    }
}
