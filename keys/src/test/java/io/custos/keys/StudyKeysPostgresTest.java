package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.keys.local.LocalKeystore;
import io.custos.keys.local.MasterSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StudyKeys and JdbcWrappedKeyRepository against a real PostgreSQL (embedded, started once for the class). */
class StudyKeysPostgresTest {

    private static final KeyScope SCOPE = new KeyScope("acme", "eu-west");
    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] SECRET = new byte[32];

    @TempDir
    static Path keyDir;

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static LocalKeystore keystore;

    private final FieldCipher fields = new FieldCipher(new SecureRandom());

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
        dataSource = postgres.getPostgresDatabase();
        repository().createSchemaIfAbsent();
        repository().createSchemaIfAbsent(); // idempotent
        new SecureRandom().nextBytes(SECRET);
        keystore = openKeystore();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static LocalKeystore openKeystore() {
        return new LocalKeystore(keyDir, MasterSecret.ofBytes(SECRET), new SecureRandom(), CLOCK);
    }

    private static JdbcWrappedKeyRepository repository() {
        return new JdbcWrappedKeyRepository(dataSource);
    }

    private static StudyKeys studyKeys(KeyEncryptionKeys keks, int cacheSize) {
        return new StudyKeys(keks, repository(), UUID::randomUUID, new SecureRandom(), CLOCK, cacheSize);
    }

    private static String newStudy() {
        return "1.2.826.0.1.3680043." + Math.abs(new SecureRandom().nextLong());
    }

    private static int rowsFor(String studyRef) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM custos_data_keys WHERE study_ref = ?")) {
            q.setString(1, studyRef);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Proves two DataKeys hold the same material without reaching for it: one seals, the other opens. */
    private void assertSameMaterial(DataKey a, DataKey b) {
        byte[] value = "DOE^JANE".getBytes(StandardCharsets.UTF_8);
        assertThat(fields.open(b, fields.seal(a, value, new byte[0]), new byte[0])).isEqualTo(value);
    }

    @Test
    void shreddingDestroysTheKeyForEveryInstanceAndWhatItSealedNeverOpensAgain() throws Exception {
        StudyKeys node1 = studyKeys(keystore, 16);
        StudyKeys node2 = studyKeys(keystore, 16);
        String study = newStudy();
        DataKey key = node1.forStudy(SCOPE, study);
        byte[] sealed = fields.seal(key, "DOE^JANE".getBytes(StandardCharsets.UTF_8), new byte[0]);
        DataKey cachedOnNode1 = node1.byId(key.id());

        assertThat(node1.shred(SCOPE, study)).contains(key.id());

        assertThat(rowsFor(study)).isZero();
        assertThatThrownBy(() -> node1.byId(key.id())).isInstanceOf(DataKeyNotFoundException.class);
        assertThatThrownBy(() -> node2.byId(key.id())).isInstanceOf(DataKeyNotFoundException.class);
        // Copies handed out before shredding stay the holder's own; the cache's copy is gone.
        assertThat(cachedOnNode1.isDestroyed()).isFalse();
        assertThat(node1.shred(SCOPE, study)).isEmpty();
        // A study that comes back gets a new key, under which the old ciphertext does not open.
        DataKey fresh = node1.forStudy(SCOPE, study);
        assertThat(fresh.id()).isNotEqualTo(key.id());
        assertThatThrownBy(() -> fields.open(fresh, sealed, new byte[0])).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void getOrCreateIsIdempotent() throws Exception {
        StudyKeys keys = studyKeys(keystore, 16);
        String study = newStudy();

        DataKey first = keys.forStudy(SCOPE, study);
        DataKey second = keys.forStudy(SCOPE, study);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.scope()).isEqualTo(SCOPE);
        assertSameMaterial(first, second);
        assertThat(rowsFor(study)).isEqualTo(1);
        assertThat(keys.forStudy(SCOPE, newStudy()).id()).isNotEqualTo(first.id());
    }

    @Test
    void concurrentCreatorsOnTwoInstancesEndUpWithOneKey() throws Exception {
        StudyKeys nodeA = studyKeys(keystore, 16);
        StudyKeys nodeB = studyKeys(keystore, 16);
        String study = newStudy();
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DataKey>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                StudyKeys node = i % 2 == 0 ? nodeA : nodeB;
                Callable<DataKey> task = () -> {
                    start.await();
                    return node.forStudy(SCOPE, study);
                };
                results.add(pool.submit(task));
            }
            List<DataKey> keys = new ArrayList<>();
            for (Future<DataKey> result : results) {
                keys.add(result.get());
            }

            Set<String> ids = keys.stream().map(DataKey::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            keys.forEach(k -> assertSameMaterial(keys.get(0), k));
            assertThat(rowsFor(study)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keySurvivesNewInstancesOfStudyKeysAndKeystore() {
        String study = newStudy();
        DataKey original = studyKeys(keystore, 16).forStudy(SCOPE, study);

        StudyKeys restarted = studyKeys(openKeystore(), 16);

        DataKey reloaded = restarted.forStudy(SCOPE, study);
        assertThat(reloaded.id()).isEqualTo(original.id());
        assertSameMaterial(original, reloaded);
        DataKey byId = studyKeys(openKeystore(), 16).byId(original.id());
        assertThat(byId.scope()).isEqualTo(SCOPE);
        assertSameMaterial(original, byId);
    }

    @Test
    void sameStudyRefInAnotherScopeGetsAnotherKey() {
        String study = newStudy();
        StudyKeys keys = studyKeys(keystore, 16);

        DataKey eu = keys.forStudy(SCOPE, study);
        DataKey us = keys.forStudy(new KeyScope("acme", "us-east"), study);

        assertThat(us.id()).isNotEqualTo(eu.id());
        assertThat(us.scope()).isEqualTo(new KeyScope("acme", "us-east"));
    }

    @Test
    void evictionDestroysOnlyTheCachedCopyNotKeysHandedOut() {
        StudyKeys keys = studyKeys(keystore, 1);
        DataKey first = keys.forStudy(SCOPE, newStudy());

        keys.forStudy(SCOPE, newStudy()); // evicts the first from a cache of one
        keys.forStudy(SCOPE, newStudy());

        assertThat(first.isDestroyed()).isFalse();
        assertSameMaterial(first, keys.byId(first.id()));
    }

    @Test
    void callerDestroyingItsKeyDoesNotAffectTheNextCaller() {
        StudyKeys keys = studyKeys(keystore, 16);
        String study = newStudy();
        DataKey first = keys.forStudy(SCOPE, study);
        DataKey second = keys.forStudy(SCOPE, study);

        first.destroy();

        assertThat(second.isDestroyed()).isFalse();
        assertThat(keys.forStudy(SCOPE, study).isDestroyed()).isFalse();
    }

    @Test
    void unknownKeyIdFails() {
        assertThatThrownBy(() -> studyKeys(keystore, 16).byId(UUID.randomUUID().toString()))
                .isInstanceOf(KeyServiceException.class);
    }

    @Test
    void rowMovedToAnotherStudyDoesNotUnwrap() throws Exception {
        StudyKeys keys = studyKeys(keystore, 16);
        String victim = newStudy();
        DataKey original = keys.forStudy(SCOPE, victim);
        String other = newStudy();
        try (Connection c = dataSource.getConnection();
                PreparedStatement u = c.prepareStatement("UPDATE custos_data_keys SET study_ref = ? WHERE key_id = ?")) {
            u.setString(1, other);
            u.setString(2, original.id());
            u.executeUpdate();
        }

        assertThatThrownBy(() -> studyKeys(keystore, 16).forStudy(SCOPE, other))
                .isInstanceOf(KeyServiceException.class);
    }

    @Test
    void shreddingDeletesTheRowAndForgetsTheKey() throws Exception {
        StudyKeys keys = studyKeys(keystore, 16);
        String study = newStudy();
        DataKey key = keys.forStudy(SCOPE, study);
        byte[] sealed = fields.seal(key, "DOE^JANE".getBytes(StandardCharsets.UTF_8), new byte[0]);

        assertThat(keys.shred(SCOPE, study)).contains(key.id());

        assertThat(rowsFor(study)).isZero();
        assertThatThrownBy(() -> keys.byId(key.id()))
                .isInstanceOf(KeyServiceException.class).hasMessageContaining("no data key");
        assertThatThrownBy(() -> studyKeys(openKeystore(), 16).byId(key.id()))
                .isInstanceOf(KeyServiceException.class).hasMessageContaining("no data key");
        DataKey replacement = keys.forStudy(SCOPE, study);
        assertThat(replacement.id()).isNotEqualTo(key.id());
        assertThatThrownBy(() -> fields.open(replacement, sealed, new byte[0])).isInstanceOf(KeyServiceException.class);
        assertThat(keys.shred(SCOPE, newStudy())).as("a study without a key").isEmpty();
        assertThat(keys.shred(new KeyScope("acme", "us-east"), study)).as("another scope's study").isEmpty();
        assertThat(rowsFor(study)).isEqualTo(1);
    }

    @Test
    void shreddingLeavesNoKeyBytesInTheRowsLastVersionAndTouchesOnlyThatStudy() throws Exception {
        StudyKeys keys = studyKeys(keystore, 16);
        String victim = newStudy();
        String bystander = newStudy();
        keys.forStudy(SCOPE, victim);
        DataKey kept = keys.forStudy(SCOPE, bystander);
        // A trigger keeps what the DELETE saw: the row as the shredding transaction left it before deleting.
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS shredded_rows (study_ref text, wrapped bytea)");
            s.execute("""
                    CREATE OR REPLACE FUNCTION keep_shredded() RETURNS trigger AS $$
                    BEGIN INSERT INTO shredded_rows VALUES (OLD.study_ref, OLD.wrapped); RETURN OLD; END $$
                    LANGUAGE plpgsql""");
            s.execute("DROP TRIGGER IF EXISTS keep_shredded ON custos_data_keys");
            s.execute("CREATE TRIGGER keep_shredded BEFORE DELETE ON custos_data_keys "
                    + "FOR EACH ROW EXECUTE FUNCTION keep_shredded()");
        }
        try {
            keys.shred(SCOPE, victim);

            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT wrapped FROM shredded_rows WHERE study_ref = ?")) {
                q.setString(1, victim);
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    byte[] wrapped = rs.getBytes(1);
                    assertThat(wrapped).isNotEmpty().containsOnly((byte) 0);
                }
            }
            assertSameMaterial(kept, studyKeys(openKeystore(), 16).forStudy(SCOPE, bystander));
        } finally {
            try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("DROP TRIGGER keep_shredded ON custos_data_keys");
            }
        }
    }

    @Test
    void repositoryStoresAllColumnsAndInsertIfAbsentReturnsTheFirstWriter() {
        JdbcWrappedKeyRepository repository = repository();
        String study = newStudy();
        WrappedKey wrapped = new WrappedKey("kek:acme:eu-west", 1, new byte[] {1, 2, 3});
        StoredDataKey first = new StoredDataKey(UUID.randomUUID().toString(), SCOPE, study, wrapped, NOW);
        StoredDataKey second = new StoredDataKey(UUID.randomUUID().toString(), SCOPE, study,
                new WrappedKey("kek:acme:eu-west", 1, new byte[] {9}), NOW.plusSeconds(1));

        StoredDataKey stored = repository.insertIfAbsent(first);
        StoredDataKey winner = repository.insertIfAbsent(second);

        assertThat(stored.keyId()).isEqualTo(first.keyId());
        assertThat(stored.wrapped().ciphertext()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(winner.keyId()).isEqualTo(first.keyId());
        assertThat(repository.findById(second.keyId())).isEmpty();
        assertThat(repository.findByStudy(SCOPE, study)).map(StoredDataKey::keyId).contains(first.keyId());
        assertThat(repository.findById(first.keyId())).map(StoredDataKey::studyRef).contains(study);
        assertThat(stored.toString()).doesNotContain(study);
    }
}
