package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.keys.local.LocalKeystore;
import io.custos.keys.local.MasterSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewrap rate after a KEK rotation with the local keystore and a real embedded PostgreSQL: N data keys
 * (default 10,000) are created, then each run rotates the KEK and rewraps all N (paged, compare-and-set per row,
 * as in production). The first run is the warm-up; the median of R further runs (default 5) is printed in keys/s.
 * Not part of the build (the name matches no surefire pattern); run with {@code bench/rewrap-rate.sh}.
 */
class RewrapRateBench {

    @TempDir
    Path keyDir;

    @Test
    void rewrapRate() throws Exception {
        int keys = Integer.getInteger("custos.bench.keys", 10_000);
        int runs = Integer.getInteger("custos.bench.runs", 5);
        int pageSize = Integer.getInteger("custos.bench.page-size", KekRotation.DEFAULT_PAGE_SIZE);
        System.out.printf("[RewrapRateBench] load average before: %s%n", loadAverage());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            JdbcWrappedKeyRepository repository = new JdbcWrappedKeyRepository(postgres.getPostgresDatabase());
            repository.createSchemaIfAbsent();
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LocalKeystore keystore = new LocalKeystore(keyDir, MasterSecret.ofBytes(secret), new SecureRandom(),
                    Clock.systemUTC());
            KeyScope scope = new KeyScope("bench", "local");
            StudyKeys studyKeys = new StudyKeys(keystore, repository, UUID::randomUUID, new SecureRandom(),
                    Clock.systemUTC(), 16);
            long createStart = System.nanoTime();
            for (int i = 0; i < keys; i++) {
                studyKeys.forStudy(scope, "1.2.826.0.1.3680043.10.2." + i).destroy();
            }
            System.out.printf("[RewrapRateBench] created %d wrapped data keys in %.1f s%n", keys,
                    (System.nanoTime() - createStart) / 1e9);

            KekRotation rotation = new KekRotation(keystore, repository, pageSize);
            List<Double> rates = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                rotation.rotate(scope);
                long start = System.nanoTime();
                RewrapProgress done = rotation.rewrapOutdated(scope, progress -> { });
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(done.rewrapped()).isEqualTo(keys);
                assertThat(done.failed() + done.skipped()).isZero();
                double rate = keys / seconds;
                System.out.printf("[RewrapRateBench] %s %d: %d keys to v%d in %.2f s = %.0f keys/s%n",
                        run == 0 ? "warm-up" : "run", run, keys, done.targetVersion(), seconds, rate);
                if (run > 0) {
                    rates.add(rate);
                }
            }
            assertThat(rotation.status(scope).outdatedKeys()).isZero();
            rates.sort(Double::compare);
            double median = rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                    : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
            System.out.printf("[RewrapRateBench] median of %d runs: %.0f keys/s (page size %d); runs %s%n", runs,
                    median, pageSize, rates.stream().map(r -> String.format("%.0f", r)).toList());
        }
        System.out.printf("[RewrapRateBench] load average after: %s%n", loadAverage());
    }

    private static String loadAverage() throws Exception {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }
}
