package io.custos.server.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real PostgreSQL (zonky's packaged binaries) whose data directory persists under the archive's data
 * directory, listening on 127.0.0.1 only.
 */
final class EmbeddedPostgresLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    static final String SUPERUSER = "postgres";

    private EmbeddedPostgresLauncher() {
    }

    static EmbeddedPostgres start(Path dataDir, int port, String database) {
        try {
            Files.createDirectories(dataDir.getParent());
            reapStalePostmaster(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky is tuned for throwaway test databases: it passes -F (fsync off) and
                    // synchronous_commit=off. The event store is the system of record, so a later -c wins back
                    // full durability.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            createDatabaseIfAbsent(postgres, database);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    /** A postmaster orphaned by a kill -9 of the archive keeps the data directory locked; end it first. */
    private static void reapStalePostmaster(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        StaleProcessReaper.readPid(dataDir.resolve("postmaster.pid")).ifPresent(pid ->
                StaleProcessReaper.reap(pid, cmd -> cmd.contains("postgres") && cmd.contains(dir),
                        Duration.ofSeconds(30), "embedded PostgreSQL"));
    }

    private static void createDatabaseIfAbsent(EmbeddedPostgres postgres, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("custos.postgres.database must be a plain lower-case identifier");
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                log.info("Created database {} in the embedded PostgreSQL", database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " in embedded PostgreSQL", e);
        }
    }
}
