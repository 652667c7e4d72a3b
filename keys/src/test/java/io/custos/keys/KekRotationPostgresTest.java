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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation, background rewrap and retirement over data keys stored in a real PostgreSQL. */
class KekRotationPostgresTest {

    @TempDir
    static Path keyDir;

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcWrappedKeyRepository repository;
    private static LocalKeystore keystore;

    private final FieldCipher fields = new FieldCipher(new SecureRandom());

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        dataSource = postgres.getPostgresDatabase();
        repository = new JdbcWrappedKeyRepository(dataSource);
        repository.createSchemaIfAbsent();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        keystore = new LocalKeystore(keyDir, MasterSecret.ofBytes(secret), new SecureRandom(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static KeyScope freshScope() {
        return new KeyScope("t" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE), "eu-west");
    }

    private static StudyKeys studyKeys() {
        return new StudyKeys(keystore, repository, UUID::randomUUID, new SecureRandom(), Clock.systemUTC(), 4);
    }

    private List<DataKey> createStudies(KeyScope scope, int count) {
        StudyKeys keys = studyKeys();
        List<DataKey> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(keys.forStudy(scope, "1.2.3." + i));
        }
        return created;
    }

    private void assertStillReadable(List<DataKey> originals) {
        StudyKeys fresh = studyKeys(); // empty cache: every key is unwrapped from its stored row
        byte[] value = "DOE^JANE".getBytes(StandardCharsets.UTF_8);
        for (DataKey original : originals) {
            assertThat(fields.open(fresh.byId(original.id()), fields.seal(original, value, new byte[0]), new byte[0]))
                    .isEqualTo(value);
        }
    }

    @Test
    void rotateRewrapRetireKeepsEveryStudyReadable() {
        KeyScope scope = freshScope();
        KekRotation rotation = new KekRotation(keystore, repository, 7);
        List<DataKey> originals = createStudies(scope, 23);
        assertThat(rotation.status(scope).wrappedKeysByVersion()).isEqualTo(Map.of(1, 23L));

        assertThat(rotation.rotate(scope).current()).isEqualTo(2);
        assertStillReadable(originals);
        DataKey afterRotation = studyKeys().forStudy(scope, "1.2.3.new");
        assertThat(rotation.status(scope).wrappedKeysByVersion()).isEqualTo(Map.of(1, 23L, 2, 1L));
        assertThat(rotation.status(scope).outdatedKeys()).isEqualTo(23);
        assertThatThrownBy(() -> rotation.retire(scope, 1))
                .isInstanceOf(KekRetirementRefusedException.class).hasMessageContaining("23 data keys");

        List<RewrapProgress> pages = new ArrayList<>();
        RewrapProgress done = rotation.rewrapOutdated(scope, pages::add);

        assertThat(done.rewrapped()).isEqualTo(23);
        assertThat(done.skipped() + done.failed()).isZero();
        assertThat(done.targetVersion()).isEqualTo(2);
        assertThat(pages).extracting(RewrapProgress::rewrapped).containsExactly(7L, 14L, 21L, 23L);
        assertThat(rotation.status(scope).wrappedKeysByVersion()).isEqualTo(Map.of(2, 24L));
        assertStillReadable(originals);

        assertThat(rotation.retire(scope, 1).minDecryptionVersion()).isEqualTo(2);
        assertStillReadable(originals);
        assertStillReadable(List.of(afterRotation));
        assertThatThrownBy(() -> rotation.retire(scope, 2))
                .isInstanceOf(KekRetirementRefusedException.class).hasMessageContaining("current version");
        assertThat(rotation.rewrapOutdated(scope, p -> { }).rewrapped()).as("nothing left").isZero();
    }

    @Test
    void aRowChangedMeanwhileIsSkippedNotOverwritten() throws Exception {
        KeyScope scope = freshScope();
        List<DataKey> originals = createStudies(scope, 3);
        keystore.rotate(scope);
        StoredDataKey row = repository.findById(originals.get(0).id()).orElseThrow();
        WrappedKey byOtherNode = keystore.rewrap(scope, row.wrapped(),
                StudyKeyBinding.associatedData(row.keyId(), row.studyRef()));

        assertThat(repository.replaceWrapped(List.of(new WrappedKeyReplacement(row.keyId(), 1, byOtherNode))))
                .isEqualTo(1);
        StoredDataKey second = repository.findById(originals.get(1).id()).orElseThrow();
        WrappedKey secondRewrapped = keystore.rewrap(scope, second.wrapped(),
                StudyKeyBinding.associatedData(second.keyId(), second.studyRef()));
        // In one batch: the first row's compare-and-set is lost (it is at version 2 now), the second one wins.
        assertThat(repository.replaceWrapped(List.of(new WrappedKeyReplacement(row.keyId(), 1, row.wrapped()),
                new WrappedKeyReplacement(second.keyId(), 1, secondRewrapped)))).isEqualTo(1);
        assertThat(repository.findById(row.keyId()).orElseThrow().wrapped().kekVersion()).isEqualTo(2);
        assertThat(repository.findById(second.keyId()).orElseThrow().wrapped().kekVersion()).isEqualTo(2);

        RewrapProgress done = new KekRotation(keystore, repository, 100).rewrapOutdated(scope, p -> { });
        assertThat(done.rewrapped()).isEqualTo(1);
        assertStillReadable(originals);
    }

    @Test
    void aTamperedRowFailsAloneAndKeepsItsOldWrapping() throws Exception {
        KeyScope scope = freshScope();
        List<DataKey> originals = createStudies(scope, 4);
        try (Connection c = dataSource.getConnection();
                PreparedStatement u = c.prepareStatement(
                        "UPDATE custos_data_keys SET wrapped = set_byte(wrapped, 20, get_byte(wrapped, 20) # 1) "
                                + "WHERE key_id = ?")) {
            u.setString(1, originals.get(2).id());
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
        KekRotation rotation = new KekRotation(keystore, repository, 2);
        rotation.rotate(scope);

        RewrapProgress done = rotation.rewrapOutdated(scope, p -> { });

        assertThat(done.rewrapped()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(rotation.status(scope).wrappedKeysByVersion()).isEqualTo(Map.of(1, 1L, 2, 3L));
        assertThatThrownBy(() -> rotation.retire(scope, 1)).isInstanceOf(KekRetirementRefusedException.class);
        assertThatThrownBy(() -> studyKeys().byId(originals.get(2).id())).isInstanceOf(KeyServiceException.class);
    }
}
