package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The archive as a whole: Boot context on embedded PostgreSQL and the shared Cassandra node, Axon's JDBC event
 * store, and persistence across a restart.
 */
class ArchiveRuntimeIT {

    record ProbeEvent(String note, int number) {
    }

    private static TestKeyspace keyspace;

    @BeforeAll
    static void keyspace() {
        keyspace = TestKeyspace.create(ArchiveRuntimeIT.class);
    }

    @AfterAll
    static void drop() {
        keyspace.close();
    }

    @Test
    void contextWiresPostgresCassandraAndAxonJdbc() throws Exception {
        Path dataDir = TestDirs.newDataDir(ArchiveRuntimeIT.class);
        try (ConfigurableApplicationContext ctx = ArchiveTestApp.start(dataDir, keyspace)) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW listen_addresses", String.class)).isEqualTo("127.0.0.1");
            assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo("custos");
            assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public'", String.class))
                    .contains("domainevententry", "snapshotevententry", "tokenentry", "sagaentry",
                            "associationvalueentry");
            assertThat(Files.isRegularFile(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

            assertThat(ctx.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(ctx.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
            assertThat(ctx.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
            assertThat(ctx.getBean("eventSerializer", Serializer.class)).isInstanceOf(Jackson3Serializer.class);
            assertThat(ctx.getBean("serializer", Serializer.class)).isInstanceOf(Jackson3Serializer.class);
            assertThat(ctx.getBean("messageSerializer", Serializer.class)).isInstanceOf(Jackson3Serializer.class);

            CqlSession cql = ctx.getBean(CqlSession.class);
            assertThat(cql.getKeyspace()).hasValueSatisfying(k -> assertThat(k.asInternal()).isEqualTo(keyspace.name()));
            assertThat(cql.execute("SELECT release_version FROM system.local").one()).isNotNull();
        }
    }

    @Test
    void eventsAndTablesSurviveARestart() {
        Path dataDir = TestDirs.newDataDir(ArchiveRuntimeIT.class);
        String aggregateId = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext first = ArchiveTestApp.start(dataDir, keyspace)) {
            EventStore store = first.getBean(EventStore.class);
            store.publish(event(aggregateId, 0, "created"), event(aggregateId, 1, "amended"));
            new JdbcTemplate(first.getBean(DataSource.class))
                    .execute("CREATE TABLE restart_probe AS SELECT 42 AS answer");
        }
        try (ConfigurableApplicationContext second = ArchiveTestApp.start(dataDir, keyspace)) {
            List<? extends DomainEventMessage<?>> events =
                    second.getBean(EventStore.class).readEvents(aggregateId).asStream().toList();
            assertThat(events).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
            assertThat(events.stream().map(e -> (Object) e.getPayload()).toList())
                    .containsExactly(new ProbeEvent("created", 0), new ProbeEvent("amended", 1));
            assertThat(new JdbcTemplate(second.getBean(DataSource.class))
                    .queryForObject("SELECT answer FROM restart_probe", Integer.class)).isEqualTo(42);
        }
    }

    @Test
    void duplicateSequenceIsAConcurrencyConflictNotAGenericStoreFailure() {
        Path dataDir = TestDirs.newDataDir(ArchiveRuntimeIT.class);
        String aggregateId = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext ctx = ArchiveTestApp.start(dataDir, keyspace)) {
            EventStore store = ctx.getBean(EventStore.class);
            store.publish(event(aggregateId, 0, "first"), event(aggregateId, 1, "second"));

            assertThatThrownBy(() -> store.publish(event(aggregateId, 0, "rival creation")))
                    .isInstanceOf(AggregateStreamCreationException.class)
                    .satisfies(e -> assertThat(allMessages(e))
                            .doesNotContain("rival creation")
                            .doesNotContain(hex("rival creation")));
            assertThatThrownBy(() -> store.publish(event(aggregateId, 1, "rival change")))
                    .isInstanceOf(ConcurrencyException.class)
                    .isNotInstanceOf(AggregateStreamCreationException.class);

            assertThat(store.readEvents(aggregateId).asStream().map(e -> (Object) e.getPayload()).toList())
                    .containsExactly(new ProbeEvent("first", 0), new ProbeEvent("second", 1));
        }
    }

    /** Every message in the cause chain, including JDBC's next-exception chain. */
    private static String allMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            all.append(next).append('\n');
            if (next.getCause() != null) {
                todo.push(next.getCause());
            }
            if (next instanceof java.sql.SQLException sql && sql.getNextException() != null) {
                todo.push(sql.getNextException());
            }
        }
        return all.toString();
    }

    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static GenericDomainEventMessage<ProbeEvent> event(String aggregateId, long sequence, String note) {
        return new GenericDomainEventMessage<>("Probe", aggregateId, sequence, new ProbeEvent(note, (int) sequence));
    }
}
