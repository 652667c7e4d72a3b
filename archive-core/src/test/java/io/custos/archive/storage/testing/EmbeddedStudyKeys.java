package io.custos.archive.storage.testing;

import io.custos.keys.DataKey;
import io.custos.keys.KeyScope;
import io.custos.keys.StudyKeys;
import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.keys.local.LocalKeystore;
import io.custos.keys.local.MasterSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Real study data keys outside the server: a local keystore in {@code keyDir} and the wrapped keys in an
 * embedded PostgreSQL, as the archive keeps them. Shared with bench/harness through the test jar.
 */
public final class EmbeddedStudyKeys implements AutoCloseable {

    public static final KeyScope SCOPE = new KeyScope("bench", "local");

    private final EmbeddedPostgres postgres;
    private final StudyKeys keys;

    private EmbeddedStudyKeys(EmbeddedPostgres postgres, StudyKeys keys) {
        this.postgres = postgres;
        this.keys = keys;
    }

    public static EmbeddedStudyKeys start(Path keyDir) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        JdbcWrappedKeyRepository repository = new JdbcWrappedKeyRepository(postgres.getPostgresDatabase());
        repository.createSchemaIfAbsent();
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        LocalKeystore keystore = new LocalKeystore(keyDir, MasterSecret.ofBytes(secret), random, Clock.systemUTC());
        return new EmbeddedStudyKeys(postgres, StudyKeys.create(keystore, repository));
    }

    public DataKey forStudy(String studyRef) {
        return keys.forStudy(SCOPE, studyRef);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
