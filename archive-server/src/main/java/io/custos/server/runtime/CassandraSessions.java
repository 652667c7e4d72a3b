package io.custos.server.runtime;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Opens driver sessions with timeouts that suit DDL on small machines, and creates keyspaces. */
public final class CassandraSessions {

    private static final String IDENTIFIER = "[a-zA-Z][a-zA-Z0-9_]{0,47}";
    private static final String REPLICATION_VALUE = "[a-zA-Z0-9_.-]+";

    private CassandraSessions() {
    }

    /**
     * @param keyspace keyspace the session is bound to, or null for none
     */
    public static CqlSession open(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace,
                                  Duration requestTimeout, String username, String password) {
        Duration schemaTimeout = requestTimeout.plus(requestTimeout);
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, requestTimeout)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, requestTimeout)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, schemaTimeout)
                .build();
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(contactPoints)
                .withLocalDatacenter(localDatacenter)
                .withConfigLoader(config);
        if (username != null && !username.isBlank()) {
            builder.withAuthCredentials(username, password == null ? "" : password);
        }
        if (keyspace != null) {
            builder.withKeyspace(CqlIdentifier.fromCql(requireIdentifier(keyspace)));
        }
        return builder.build();
    }

    /**
     * Creates {@code keyspace} unless it exists. An empty replication map means SimpleStrategy with one
     * replica, which is only right for a single node; clusters pass e.g.
     * {@code {class: NetworkTopologyStrategy, eu-west: 3}}.
     */
    public static void createKeyspaceIfAbsent(CqlSession session, String keyspace, Map<String, String> replication) {
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + requireIdentifier(keyspace)
                + " WITH replication = " + replicationCql(replication));
        session.checkSchemaAgreement();
    }

    public static void dropKeyspaceIfExists(CqlSession session, String keyspace) {
        session.execute("DROP KEYSPACE IF EXISTS " + requireIdentifier(keyspace));
    }

    static String replicationCql(Map<String, String> replication) {
        Map<String, String> effective = replication.isEmpty()
                ? Map.of("class", "SimpleStrategy", "replication_factor", "1")
                : replication;
        return effective.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "'" + requireReplicationToken(e.getKey()) + "': '"
                        + requireReplicationToken(e.getValue()) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Keyspace names go into DDL text; accept only plain CQL identifiers so nothing can be injected. */
    public static String requireIdentifier(String name) {
        if (name == null || !name.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("Not a plain CQL identifier (letters, digits, _; max 48): " + name);
        }
        return name;
    }

    private static String requireReplicationToken(String token) {
        if (token == null || !token.matches(REPLICATION_VALUE)) {
            throw new IllegalArgumentException("Invalid replication setting: " + token);
        }
        return token;
    }
}
