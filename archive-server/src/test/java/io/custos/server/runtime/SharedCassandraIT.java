package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.custos.server.testsupport.SharedCassandra;
import io.custos.server.testsupport.TestKeyspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedCassandraIT {

    private static TestKeyspace keyspace;

    @BeforeAll
    static void keyspace() {
        keyspace = TestKeyspace.create(SharedCassandraIT.class);
    }

    @AfterAll
    static void drop() {
        keyspace.close();
    }

    @Test
    void nodeIsAChildJvmAnsweringCqlWithItsReleaseVersion() {
        CassandraNode node = SharedCassandra.node();
        assertThat(node.isAlive()).isTrue();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(node.pid());
        Row row = keyspace.session().execute("SELECT release_version FROM system.local").one();
        assertThat(row.getString("release_version")).isEqualTo("5.0.9");
    }

    @Test
    void keyspacePerClassIsIsolatedAndWritable() {
        assertThat(keyspace.name()).startsWith("test_sharedcassandrait_");
        CqlSession session = keyspace.session();
        session.execute("CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY, note text)");
        session.execute("INSERT INTO probe (id, note) VALUES (1, 'written')");
        assertThat(session.execute("SELECT note FROM probe WHERE id = 1").one().getString("note"))
                .isEqualTo("written");
        assertThat(session.getMetadata().getKeyspace(keyspace.name())).isPresent();
    }

    @Test
    void droppedKeyspaceDisappears() {
        TestKeyspace temporary = TestKeyspace.create(SharedCassandraIT.class);
        String name = temporary.name();
        temporary.close();
        try (CqlSession session = CassandraSessions.open(java.util.List.of(SharedCassandra.node().contactPoint()),
                "datacenter1", null, java.time.Duration.ofSeconds(30), null, null)) {
            assertThat(session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    name).one()).isNull();
        }
    }
}
