package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Size and age bounds of the data-key cache, with time moved by the test (no waiting, no timing). */
class DataKeyCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final DataKeyCache cache = new DataKeyCache(new DataKeyCacheSettings(2, Duration.ofMinutes(5)),
            nanos::get, Scheduler.disabledScheduler());

    @Test
    void anExpiredKeyIsGoneAndZeroed() {
        DataKey key = TestKeys.random();
        cache.put(key, "study-1");

        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        DataKey copy = cache.byId(key.id());
        assertThat(copy).isNotNull();
        assertThat(cache.byStudy(TestKeys.SCOPE, "study-1")).isNotNull();

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(cache.byId(key.id())).isNull();
        assertThat(cache.byStudy(TestKeys.SCOPE, "study-1")).isNull();
        cache.cleanUp();
        assertThat(key.isDestroyed()).isTrue();
        assertThat(copy.isDestroyed()).as("the caller's copy has its own lifetime").isFalse();
    }

    @Test
    void readingDoesNotExtendTheLifetime() {
        DataKey key = TestKeys.random();
        cache.put(key, "study-1");
        for (int minute = 0; minute < 5; minute++) {
            assertThat(cache.byId(key.id())).isNotNull();
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        nanos.addAndGet(1);

        assertThat(cache.byId(key.id())).isNull();
    }

    @Test
    void keysBeyondTheSizeAreEvictedAndZeroed() {
        List<DataKey> keys = List.of(TestKeys.random(), TestKeys.random(), TestKeys.random());
        for (int i = 0; i < keys.size(); i++) {
            cache.put(keys.get(i), "study-" + i);
        }
        cache.cleanUp();

        // The oldest goes, and is zeroed; the two newer ones stay.
        assertThat(cache.size()).isEqualTo(2);
        assertThat(keys.stream().filter(DataKey::isDestroyed).toList()).containsExactly(keys.get(0));
        assertThat(cache.byId(keys.get(0).id())).isNull();
        assertThat(cache.byStudy(TestKeys.SCOPE, "study-0")).isNull();
        assertThat(cache.byId(keys.get(2).id())).isNotNull();
        assertThat(cache.byStudy(TestKeys.SCOPE, "study-2")).isNotNull();
    }

    @Test
    void aKeyReadSoonAfterItIsWrittenIsStillThereWhateverCameBefore() {
        // Ingest's pattern: each new study's key is cached, then read once by the index processor a few keys
        // later. A frequency-based admission (Caffeine's own size bound) turned most of these reads into misses.
        DataKeyCache sized = new DataKeyCache(new DataKeyCacheSettings(64, Duration.ofMinutes(5)), nanos::get,
                Scheduler.disabledScheduler());
        List<DataKey> keys = java.util.stream.Stream.generate(TestKeys::random).limit(2_000).toList();
        int misses = 0;
        for (int i = 0; i < keys.size(); i++) {
            sized.put(keys.get(i), "study-" + i);
            if (i >= 10 && sized.byId(keys.get(i - 10).id()) == null) {
                misses++;
            }
        }
        assertThat(misses).isZero();
        assertThat(sized.size()).isEqualTo(64);
        assertThat(keys.subList(0, keys.size() - 64)).allMatch(DataKey::isDestroyed);
    }

    @Test
    void removingAKeyZeroesIt() {
        DataKey key = TestKeys.random();
        cache.put(key, "study-1");

        cache.remove(TestKeys.SCOPE, "study-1", key.id());

        assertThat(key.isDestroyed()).isTrue();
        assertThat(cache.byId(key.id())).isNull();
        assertThat(cache.byStudy(TestKeys.SCOPE, "study-1")).isNull();
    }

    @Test
    void replacingAKeyZeroesThePreviousInstance() {
        DataKey key = TestKeys.random();
        cache.put(key, "study-1");
        DataKey again = key.copy();

        cache.put(again, "study-1");

        assertThat(key.isDestroyed()).isTrue();
        assertThat(again.isDestroyed()).isFalse();
    }
}
