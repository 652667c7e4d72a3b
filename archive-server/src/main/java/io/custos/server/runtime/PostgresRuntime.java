package io.custos.server.runtime;

import io.custos.server.config.CustosProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the event store lives: an external PostgreSQL named by {@code custos.postgres.url}, or the embedded
 * server this object owns and stops on {@link #close()}.
 */
public final class PostgresRuntime implements AutoCloseable {

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final EmbeddedPostgres embedded;

    private PostgresRuntime(String jdbcUrl, String username, String password, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.embedded = embedded;
    }

    public static PostgresRuntime from(CustosProperties properties) {
        CustosProperties.Postgres pg = properties.postgres();
        if (pg.external()) {
            return new PostgresRuntime(pg.url(), pg.username(), pg.password(), null);
        }
        EmbeddedPostgres server = EmbeddedPostgresLauncher.start(
                properties.postgresDataDir(), pg.embeddedPort(), pg.database());
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + pg.database();
        return new PostgresRuntime(url, EmbeddedPostgresLauncher.SUPERUSER, null, server);
    }

    /** The JDBC URL; it never carries the password (that is a separate property). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public Optional<Integer> embeddedPort() {
        return Optional.ofNullable(embedded).map(EmbeddedPostgres::getPort);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
