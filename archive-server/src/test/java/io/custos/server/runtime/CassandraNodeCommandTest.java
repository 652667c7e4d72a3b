package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraNodeCommandTest {

    @TempDir
    Path home;

    private CassandraNodeSettings settings() {
        return new CassandraNodeSettings(home, home.resolve("logs/cassandra.log"), home.resolve("lib"),
                Path.of(System.getProperty("java.home")), 19042, 17000, "256m", "1g", Duration.ofSeconds(60),
                Map.of("cassandra.unsafesystem", "true"));
    }

    @Test
    void commandRunsTheWatchdogMainWithJvm17FlagsFromTheLibDirOnly() throws Exception {
        CassandraNodeSettings s = settings();
        List<String> cmd = CassandraNode.command(s, CassandraYaml.writeYaml(s), CassandraYaml.writeLogback(s));
        assertThat(cmd.get(0)).endsWith("/bin/java");
        assertThat(cmd).contains("-Xms256m", "-Xmx1g", "-Djdk.attach.allowAttachSelf=true",
                "java.base/sun.nio.ch=ALL-UNNAMED", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.unsafesystem=true", "-Dcassandra.storagedir=" + s.dataDir(),
                "-Dcustos.parent-pid=" + ProcessHandle.current().pid(), CassandraNode.NODE_MAIN);
        assertThat(cmd.get(cmd.indexOf("-cp") + 1)).isEqualTo(s.libDir().resolve("*").toString());
    }

    @Test
    void yamlPinsTheNodeToLoopbackAndOurDirectories() throws Exception {
        String yaml = Files.readString(CassandraYaml.writeYaml(settings()));
        assertThat(yaml).contains("commitlog_sync: periodic", "commitlog_sync_period: 10000ms",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner", "endpoint_snitch: SimpleSnitch",
                "seeds: \"127.0.0.1:17000\"", "listen_address: 127.0.0.1", "rpc_address: 127.0.0.1",
                "native_transport_port: 19042", "storage_port: 17000", "start_native_transport: true",
                "num_tokens: 1", "auto_snapshot: false", home.resolve("data").toString());
    }

    @Test
    void replicationDefaultsToOneReplicaAndRejectsInjection() {
        assertThat(CassandraSessions.replicationCql(Map.of()))
                .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': '1'}");
        assertThat(CassandraSessions.replicationCql(Map.of("class", "NetworkTopologyStrategy", "eu-west", "3")))
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'eu-west': '3'}");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> CassandraSessions.requireIdentifier("custos; DROP KEYSPACE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
