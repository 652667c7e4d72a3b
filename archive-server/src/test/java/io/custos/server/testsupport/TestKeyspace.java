package io.custos.server.testsupport;

import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.server.runtime.CassandraSessions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh keyspace {@code test_<class>_<random>} on the shared node, dropped on {@link #close()}.
 * Typical use: {@code static TestKeyspace ks = TestKeyspace.create(MyIT.class)} in {@code @BeforeAll},
 * {@code ks.close()} in {@code @AfterAll}; pass {@link #name()} as {@code custos.cassandra.keyspace}.
 */
public final class TestKeyspace implements AutoCloseable {

    private final String name;
    private final CqlSession session;

    private TestKeyspace(String name, CqlSession session) {
        this.name = name;
        this.session = session;
    }

    public static TestKeyspace create(Class<?> owner) {
        String name = nameFor(owner);
        CqlSession admin = adminSession(null);
        try (admin) {
            CassandraSessions.createKeyspaceIfAbsent(admin, name, Map.of());
        }
        return new TestKeyspace(name, adminSession(name));
    }

    static String nameFor(Class<?> owner) {
        String base = owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String prefix = "test_" + base;
        return prefix.substring(0, Math.min(prefix.length(), 48 - 9)) + "_" + random;
    }

    private static CqlSession adminSession(String keyspace) {
        return CassandraSessions.open(List.of(SharedCassandra.node().contactPoint()),
                SharedCassandra.node().localDatacenter(), keyspace, Duration.ofSeconds(60), null, null);
    }

    public String name() {
        return name;
    }

    /** A session bound to this keyspace, closed with it. */
    public CqlSession session() {
        return session;
    }

    @Override
    public void close() {
        try {
            CassandraSessions.dropKeyspaceIfExists(session, name);
        } finally {
            session.close();
        }
    }
}
