package io.custos.server.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the node's cassandra.yaml and logback.xml. The yaml holds what Cassandra 5.0 refuses to start
 * without, what pins the node to loopback and to our directories, and thread pools sized for the small machine an
 * embedded node shares with the archive and PostgreSQL (the defaults, 32 readers and writers, suit a dedicated
 * server; with 4 the node used 10-25 % less CPU per ingested instance in two paired runs of
 * {@code bench/profile-ingest.sh}, within that harness' run-to-run noise). Everything else keeps its defaults.
 */
final class CassandraYaml {

    private CassandraYaml() {
    }

    static Path writeYaml(CassandraNodeSettings s) throws IOException {
        Path data = s.dataDir();
        String yaml = """
                cluster_name: custos-embedded
                num_tokens: 1
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "%1$s:%2$d"
                listen_address: %1$s
                rpc_address: %1$s
                storage_port: %2$d
                native_transport_port: %3$d
                start_native_transport: true
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                auto_snapshot: false
                data_file_directories:
                  - %4$s
                commitlog_directory: %5$s
                saved_caches_directory: %6$s
                hints_directory: %7$s
                cdc_raw_directory: %8$s
                authenticator: AllowAllAuthenticator
                authorizer: AllowAllAuthorizer
                concurrent_reads: 4
                concurrent_writes: 4
                concurrent_counter_writes: 2
                concurrent_materialized_view_writes: 2
                native_transport_max_threads: 8
                """.formatted(
                CassandraNodeSettings.LISTEN_ADDRESS, s.storagePort(), s.nativePort(),
                quoted(data.resolve("data")), quoted(data.resolve("commitlog")),
                quoted(data.resolve("saved_caches")), quoted(data.resolve("hints")),
                quoted(data.resolve("cdc_raw")));
        Path file = s.confDir().resolve("cassandra.yaml");
        Files.createDirectories(s.confDir());
        Files.writeString(file, yaml);
        return file;
    }

    /** Console only: the launcher redirects the child's stdout/stderr into the log file, one writer. */
    static Path writeLogback(CassandraNodeSettings s) throws IOException {
        String xml = """
                <configuration scan="false">
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
        Path file = s.confDir().resolve("logback.xml");
        Files.createDirectories(s.confDir());
        Files.writeString(file, xml);
        return file;
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
